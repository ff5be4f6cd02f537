import Foundation
import Testing
@testable import TossPayServer
import TossPayTestSupport

/// SPEC §8 "Bounded connections" over real sockets, with small limits: `http.headTimeout`,
/// `http.idleTimeout`, `http.maxConnections`. Assertions are outcomes (closed or served) within
/// generous deadlines, never rates.
@Suite("Bounded connections")
struct ConnectionTimeoutTests {
    static let health = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"

    @Test func aSilentSocketIsClosedAfterTheHeadTimeout() async throws {
        try await withEdgeServer(configure: { $0.headTimeoutSeconds = 1; $0.idleTimeoutSeconds = 60 }) { port in
            let silent = try RawConnection(port: port)
            defer { silent.close() }
            let (bytes, closed) = await silent.readUntilClosed(timeout: .seconds(8))
            #expect(closed, "a connection that never sends a head is closed (head timeout 1 s)")
            #expect(bytes.isEmpty, "without an answer")
        }
    }

    @Test func aHeadThatNeverEndsIsClosedAfterTheHeadTimeout() async throws {
        try await withEdgeServer(configure: { $0.headTimeoutSeconds = 1; $0.idleTimeoutSeconds = 60 }) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            // One whole request first: the clock for the next head starts at its first byte.
            connection.send(Self.health)
            let (first, _) = await connection.readResponse(timeout: .seconds(5))
            #expect(RawResponse(first)?.status == 200)
            connection.send("GET /health HTTP/1.1\r\nHost: loc")
            let (_, closed) = await connection.readUntilClosed(timeout: .seconds(8))
            #expect(closed, "a head still incomplete after 1 s closes the connection")
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await withEdgeServer(configure: { $0.headTimeoutSeconds = 60; $0.idleTimeoutSeconds = 1 }) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            connection.send(Self.health)
            let (first, closedEarly) = await connection.readResponse(timeout: .seconds(5))
            #expect(RawResponse(first)?.status == 200)
            #expect(!closedEarly, "keep-alive: the answer does not close the connection")
            let (_, closed) = await connection.readUntilClosed(timeout: .seconds(8))
            #expect(closed, "idle for longer than the idle timeout (1 s), the connection is closed")
        }
    }

    @Test func keepAliveOutlastsTheHeadTimeoutWhileTheIdleTimeoutAllows() async throws {
        try await withEdgeServer(configure: { $0.headTimeoutSeconds = 1; $0.idleTimeoutSeconds = 30 }) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            connection.send(Self.health)
            let (first, _) = await connection.readResponse(timeout: .seconds(5))
            #expect(RawResponse(first)?.status == 200)
            // Idle (not mid-head) for twice the head timeout: still open.
            let (_, closedWhileIdle) = await connection.readUntilClosed(timeout: .milliseconds(2500))
            #expect(!closedWhileIdle, "an idle connection is the idle timeout's business, not the head timeout's")
            connection.send(Self.health)
            let (second, _) = await connection.readResponse(timeout: .seconds(5))
            #expect(RawResponse(second)?.status == 200, "the kept-alive connection still serves")
        }
    }

    @Test func aConnectionBeyondTheCapWaitsUntilOneCloses() async throws {
        try await withEdgeServer(configure: { $0.maxConnections = 5; $0.headTimeoutSeconds = 60 }) { port in
            var silent: [RawConnection] = []
            defer { silent.forEach { $0.close() } }
            for _ in 0..<5 {
                // One answered request proves the connection accepted; then it stays open, idle.
                let connection = try RawConnection(port: port)
                silent.append(connection)
                connection.send(Self.health)
                let (answer, _) = await connection.readResponse(timeout: .seconds(10))
                #expect(RawResponse(answer)?.status == 200)
            }
            let sixth = try RawConnection(port: port)
            defer { sixth.close() }
            sixth.send(Self.health)
            let (waiting, _) = await sixth.readResponse(timeout: .seconds(1))
            #expect(waiting.isEmpty, "the sixth connection waits in the backlog while five are open")
            silent[0].close()
            let (served, _) = await sixth.readResponse(timeout: .seconds(10))
            #expect(RawResponse(served)?.status == 200, "served once one of the five closed")
        }
    }

    @Test func healthAnswersOnceTheHeadTimeoutFreesSilentSocketsOverTheCap() async throws {
        try await withEdgeServer(configure: { $0.maxConnections = 5; $0.headTimeoutSeconds = 1 }) { port in
            var silent: [RawConnection] = []
            defer { silent.forEach { $0.close() } }
            for _ in 0..<8 { silent.append(try RawConnection(port: port)) }
            let probe = try RawConnection(port: port)
            defer { probe.close() }
            probe.send(Self.health)
            let (bytes, _) = await probe.readResponse(timeout: .seconds(15))
            #expect(RawResponse(bytes)?.status == 200, "8 silent sockets over a cap of 5 do not stall /health")
        }
    }

    @Test func theCapStaysBelowTheFileLimit() {
        #expect(HTTPEdge.connectionCap(configured: 10) == 10)
        #expect(HTTPEdge.connectionCap(configured: Int.max) < Int.max, "bounded by RLIMIT_NOFILE")
    }
}

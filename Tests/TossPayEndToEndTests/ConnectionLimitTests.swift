import Foundation
import Testing
import TossPayTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// SPEC §8 "Bounded connections" on a real `tosspay serve`: under `ulimit -n 256`, with 300
/// silent sockets open, `/health` still answers within `http.headTimeout` + 2 s. The server runs
/// with the default `http.maxConnections` (1,000), which it must lower to fit the file limit.
@Suite("Connection limits of a real server")
struct ConnectionLimitTests {
    @Test func healthAnswersUnderUlimit256With300SilentSockets() async throws {
        let directory = try temporaryDirectory("connection-limit")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try ServerProcess.freePort()
        let logPath = directory + "/serve.log"
        let command = "ulimit -n 256 && exec \"$0\" serve --database \"$1\" --port \"$2\" --idle-timeout 60"
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOSSPAY_") }
        environment["TOSSPAY_HTTP_HEAD_TIMEOUT"] = "1"
        let server = try ChildProcess(
            executable: "/bin/sh",
            arguments: ["-c", command, try ChildProcess.tosspayBinary(), directory + "/tosspay.sqlite", String(port)],
            environment: environment, standardOutput: logPath, standardError: logPath
        )
        defer { server.killAndWait() }
        try await Self.waitUntilHealthy(port: port, server: server, logPath: logPath)

        var silent: [RawConnection] = []
        defer { silent.forEach { $0.close() } }
        for _ in 0..<300 { silent.append(try RawConnection(port: port)) }

        let started = ContinuousClock.now
        let probe = try RawConnection(port: port)
        defer { probe.close() }
        probe.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        let (bytes, _) = await probe.readResponse(timeout: .seconds(20))
        let elapsed = ContinuousClock.now - started
        let log = Self.log(logPath)
        #expect(RawResponse(bytes)?.status == 200, "/health answers beside 300 silent sockets; log: \(log.suffix(1500))")
        #expect(elapsed <= .seconds(3), "within headTimeout (1 s) + 2 s, took \(elapsed)")
        #expect(server.isRunning, "the server survives")
        #expect(!log.contains("Too many open files"), "it never ran out of descriptors")
        #expect(log.contains("http.maxConnections lowered to fit the file limit"), "the default cap was lowered below ulimit -n 256")
    }

    static func waitUntilHealthy(port: Int, server: ChildProcess, logPath: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard server.isRunning else { throw TestFailure("server exited early: \(log(logPath).suffix(2000))") }
            if let connection = try? RawConnection(port: port) {
                connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                let (bytes, _) = await connection.readResponse(timeout: .seconds(2))
                connection.close()
                if RawResponse(bytes)?.status == 200 { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("server did not become healthy: \(log(logPath).suffix(2000))")
    }

    static func log(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

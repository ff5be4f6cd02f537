import Foundation
import Logging
import Testing
@testable import TossPayServer
import TossPayTestSupport

/// SPEC §8 "Every answer is an envelope or a page": requests the HTTP parser refuses get 400
/// with the FAIL envelope, an `x-request-id` and a log line, then the connection closes;
/// oversized bodies get 413.
@Suite("Parser-level failures answer with the envelope")
struct ParserEnvelopeTests {
    static let refusedRequests: [(String, String)] = [
        ("space before the colon (the guide's own header line)",
         "POST /api-partner/v1/apps-in-toss/pay/get-payment-status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "x-toss-user-key : 1234\r\nContent-Length: 2\r\n\r\n{}"),
        ("conflicting Content-Length",
         "POST /api-partner/v1/apps-in-toss/pay/make-payment HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}"),
        ("an unknown method", "FROB /health HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        ("a 200 KB header", "GET /health HTTP/1.1\r\nHost: localhost\r\nx-padding: " + String(repeating: "a", count: 200 * 1024) + "\r\n\r\n"),
    ]

    @Test(arguments: 0..<refusedRequests.count)
    func aRequestTheParserRefusesGetsTheEnvelopeAnIdAndALogLine(index: Int) async throws {
        let (name, request) = Self.refusedRequests[index]
        let capture = LogCapture()
        try await withEdgeServer(logger: capture.logger) { port in
            let (response, closed) = try await exchange(request, port: port, timeout: .seconds(10))
            let reply = try #require(response, "\(name): an answer")
            #expect(reply.status == 400, "\(name)")
            #expect(reply.header("content-type") == "application/json")
            #expect(reply.body.contains("\"resultType\":\"FAIL\""), "\(name): \(reply.body)")
            #expect(reply.body.contains("COMMON_INVALID_PARAMETER"))
            let id = try #require(reply.header("x-request-id"), "\(name): a request id")
            #expect(!id.isEmpty)
            #expect(reply.header("connection") == "close")
            _ = closed
            let logged = capture.lines.withLock { $0 }.filter { $0.contains(id) }
            #expect(logged.count == 1, "\(name): one log line carries the id")
            #expect(logged.first?.contains("COMMON_INVALID_PARAMETER") == true)
        }
    }

    @Test func theConnectionClosesAfterTheRefusal() async throws {
        try await withEdgeServer { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            connection.send("FROB /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let (bytes, closed) = await connection.readUntilClosed(timeout: .seconds(10))
            #expect(RawResponse(bytes)?.status == 400)
            #expect(closed, "the server closes a connection whose bytes it cannot parse")
        }
    }

    @Test func aWellFormedRequestOnTheSameServerIsStillServed() async throws {
        try await withEdgeServer { port in
            let (response, _) = try await exchange("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", port: port)
            #expect(try #require(response).status == 200)
        }
    }

    @Test func aPartnerBodyOver64KiBIs413WithTheEnvelope() async throws {
        try await withEdgeServer { port in
            let body = "{\"x\":\"" + String(repeating: "a", count: 70 * 1024) + "\"}"
            let request = "POST /api-partner/v1/apps-in-toss/pay/make-payment HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "x-toss-user-key: buyer-1\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
            let (response, _) = try await exchange(request, port: port)
            let reply = try #require(response)
            #expect(reply.status == 413)
            #expect(reply.body.contains("\"resultType\":\"FAIL\""))
            #expect(reply.header("x-request-id") != nil)
        }
    }

    @Test func aConsoleFormOver16KiBIs413Not500() async throws {
        try await withEdgeServer { port in
            let body = "apiKey=" + String(repeating: "a", count: 20 * 1024)
            let request = "POST /console/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Origin: http://localhost\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
            let (response, _) = try await exchange(request, port: port)
            let reply = try #require(response)
            #expect(reply.status == 413, "\(reply.statusLine) \(reply.body.prefix(300))")
            #expect(reply.header("content-type")?.hasPrefix("text/html") == true, "a page on a console route")
            #expect(reply.body.contains("16KiB"))
            #expect(reply.header("x-request-id") != nil)
        }
    }
}

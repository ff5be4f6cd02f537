import Foundation
import Testing
@testable import TossPayServer
import TossPayTestSupport

/// SPEC §8 "Host check" (DNS-rebinding defence): a loopback server answers only its own names.
@Suite("Host check")
struct HostCheckTests {
    static func health(host: String?) -> String {
        "GET /health HTTP/1.1\r\n" + (host.map { "Host: \($0)\r\n" } ?? "") + "Connection: close\r\n\r\n"
    }

    @Test(arguments: ["localhost:8080", "localhost", "127.0.0.1", "127.0.0.1:1", "[::1]:9", "[::1]", "LOCALHOST:80", "team.example", "pay.example:9443"])
    func aLoopbackServerAnswersItsOwnNames(host: String) async throws {
        try await withEdgeServer(configure: {
            $0.allowedHosts = ["team.example"]
            $0.origin = "https://pay.example:9443"
        }) { port in
            let (response, _) = try await exchange(Self.health(host: host), port: port)
            let reply = try #require(response)
            #expect(reply.status == 200, "Host: \(host) is served")
            #expect(reply.body.contains("\"resultType\":\"SUCCESS\""))
        }
    }

    @Test(arguments: ["evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.evil.example", "team.example.evil", "[::2]:9", "0.0.0.0"])
    func aLoopbackServerRefusesOtherNamesWithTheEnvelope(host: String) async throws {
        try await withEdgeServer(configure: { $0.allowedHosts = ["team.example"] }) { port in
            let (response, _) = try await exchange(Self.health(host: host), port: port)
            let reply = try #require(response)
            #expect(reply.status == 403, "Host: \(host) is refused")
            #expect(reply.body.contains("\"resultType\":\"FAIL\""))
            #expect(reply.body.contains("COMMON_UNAUTHORIZED"))
            #expect(reply.header("x-request-id")?.isEmpty == false)
        }
    }

    @Test func consolePagesAreRefusedToo() async throws {
        try await withEdgeServer { port in
            let form = "apiKey=sk_test_w5INQyINqa5INQe013Nq"
            let signIn = "POST /console/login HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(form.utf8.count)\r\nConnection: close\r\n\r\n" + form
            let (response, _) = try await exchange(signIn, port: port)
            let reply = try #require(response)
            #expect(reply.status == 403)
            #expect(reply.body.contains("COMMON_UNAUTHORIZED"))
            #expect(reply.header("set-cookie") == nil, "no session for a rebinding page")
        }
    }

    @Test func aRequestWithoutHostIsServed() async throws {
        try await withEdgeServer { port in
            let (response, _) = try await exchange(Self.health(host: nil), port: port)
            #expect(try #require(response).status == 200)
            let (old, _) = try await exchange("GET /health HTTP/1.0\r\n\r\n", port: port)
            #expect(try #require(old).status == 200, "an HTTP/1.0 request has no Host")
        }
    }

    @Test func aServerBoundToEveryAddressDoesNotCheck() async throws {
        try await withEdgeServer(configure: { $0.host = "0.0.0.0" }) { port in
            let (response, _) = try await exchange(Self.health(host: "evil.example"), port: port)
            #expect(try #require(response).status == 200)
        }
    }

    @Test func hostNamesLoseOnlyTheirPort() {
        #expect(HostCheckMiddleware.hostName(of: "localhost:8080") == "localhost")
        #expect(HostCheckMiddleware.hostName(of: "[::1]:9") == "[::1]")
        #expect(HostCheckMiddleware.hostName(of: "Example.COM") == "example.com")
        #expect(HostCheckMiddleware.hostName(of: "localhost.evil.example:80") == "localhost.evil.example")
        #expect(HostCheckMiddleware.hostName(of: "localhost:") == "localhost")
    }
}

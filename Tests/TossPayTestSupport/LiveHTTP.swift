import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// JSON over real HTTP connections (AsyncHTTPClient), for servers on a port: `tosspay` processes,
/// the merchant server, applications in `.live` mode. Answers are ``Reply`` values, as from
/// ``TestServer``.
public final class LiveHTTP: Sendable {
    public static let shared = LiveHTTP()
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    public func get(_ url: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(url: url, method: .GET, headers: headers)
    }

    /// POSTs `json` as the buyer `userKey` (none when nil).
    public func post(
        _ url: String, userKey: String? = TestServer.buyer, json: [String: Any], headers: [(String, String)] = []
    ) async throws -> Reply {
        try await send(url: url, method: .POST, json: json, userKey: userKey, headers: headers)
    }

    /// Sends `json` (when given, as `application/json`) with `headers`.
    public func send(
        url: String, method: HTTPMethod, json: [String: Any]? = nil, userKey: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        if let userKey { request.headers.add(name: "x-toss-user-key", value: userKey) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await Self.reply(to: request, on: client)
    }

    /// Sends many requests at once over real loopback connections (one connection each), so the
    /// server handles them concurrently rather than one after another on a pipelined connection.
    public static func concurrentPosts(port: Int, path: String, bodies: [String], userKey: String) async throws -> [Reply] {
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: bodies.count))
        )
        do {
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for body in bodies {
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(name: "x-toss-user-key", value: userKey)
                        request.body = .bytes(ByteBuffer(string: body))
                        return try await reply(to: request, on: httpClient)
                    }
                }
                var replies: [Reply] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            try await httpClient.shutdown()
            return replies
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    static func reply(to request: HTTPClientRequest, on client: HTTPClient) async throws -> Reply {
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        var headers = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        return Reply(status: .init(code: Int(response.status.code)), headers: headers, body: body)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TossPayServer
import TossPayStorage

/// Runs `body` against a real server: a fresh SQLite file in a temporary directory, the
/// routes of ``buildParts(configuration:store:logger:)``, and no background services (so nothing
/// expires or settles unless a test asks). `setup` is `.router` for API rules and `.live` (a
/// real loopback port, `server.client.port`) for anything about connections. `configure` may
/// change the configuration first (rate limits, settlement period, bank maintenance); the
/// logger only shows warnings unless the test passes its own. The store is closed and the
/// directory removed afterwards, whether the test passes or not.
public func withTestServer<Value: Sendable>(
    openMode: Bool = true,
    setup: TestingSetup = .router,
    logger customLogger: Logger? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (TestServer) async throws -> Value
) async throws -> Value {
    try await withServerParts(openMode: openMode, logger: customLogger, configure: configure) { parts, _, logger in
        let app = Application(
            router: parts.router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: logger
        )
        let ledger = parts.ledger
        return try await app.test(setup) { client in
            try await body(TestServer(client: client, ledger: ledger))
        }
    }
}

/// Runs `body` with the routes and services of ``buildParts(configuration:store:logger:)``
/// over a fresh SQLite file in a temporary directory, the configuration they were built from
/// and the logger (warnings only unless the test passes its own). The store is closed and the
/// directory removed afterwards, whether `body` succeeds or not. Every server harness starts here.
public func withServerParts<Value: Sendable>(
    openMode: Bool = true,
    logger customLogger: Logger? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (ServerParts, ServerConfiguration, Logger) async throws -> Value
) async throws -> Value {
    let database = try TemporaryDatabase()
    defer { database.remove() }
    let logger = customLogger ?? quietLogger()
    let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
    do {
        var configuration = ServerConfiguration()
        configuration.openMode = openMode
        configuration.port = 0
        configuration.databasePath = database.path
        configure(&configuration)
        let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
        let value = try await body(parts, configuration, logger)
        try await store.close()
        return value
    } catch {
        try? await store.close()
        throw error
    }
}

/// One server under test and the requests the tests send it. The partner API's calls are in
/// `TestServer+PartnerAPI.swift`, the sandbox's in `TestServer+Sandbox.swift`.
public struct TestServer: Sendable {
    public let client: any TestClientProtocol
    /// The ledger behind the routes (nil when the test runs the full application).
    public let ledger: PaymentLedger?

    /// The buyer most tests use.
    public static let buyer = "buyer-1"

    public init(client: any TestClientProtocol, ledger: PaymentLedger?) {
        self.client = client
        self.ledger = ledger
    }

    /// Sends a raw request.
    public func send(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil,
        contentType: String? = "application/json", userKey: String? = TestServer.buyer,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        try await send(method, path, bytes: body.map { Array($0.utf8) }, contentType: contentType, userKey: userKey, headers: extra)
    }

    /// Sends a raw request whose body is any bytes (not necessarily UTF-8).
    public func send(
        _ method: HTTPRequest.Method, _ path: String, bytes: [UInt8]?,
        contentType: String? = "application/json", userKey: String? = TestServer.buyer,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let contentType { headers[.contentType] = contentType }
        if let userKey {
            guard let name = HTTPField.Name("x-toss-user-key") else { throw TestFailure("bad header name") }
            headers[name] = userKey
        }
        let response = try await client.execute(
            uri: path, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }
        )
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    /// Sends a JSON object.
    public func send(
        _ method: HTTPRequest.Method, _ path: String, json object: [String: Any], userKey: String? = TestServer.buyer,
        headers: HTTPFields = [:]
    ) async throws -> Reply {
        try await send(method, path, body: try jsonText(object), userKey: userKey, headers: headers)
    }

    /// POSTs a JSON object.
    public func post(
        _ path: String, _ object: [String: Any], userKey: String? = TestServer.buyer, headers: HTTPFields = [:]
    ) async throws -> Reply {
        try await send(.post, path, json: object, userKey: userKey, headers: headers)
    }

    /// GETs a path (no body, no userKey).
    public func get(_ path: String, headers: HTTPFields = [:]) async throws -> Reply {
        try await send(.get, path, contentType: nil, userKey: nil, headers: headers)
    }

    /// Headers with Basic credentials for `apiKey`, when given.
    public static func auth(_ apiKey: String?) -> HTTPFields {
        guard let apiKey else { return [:] }
        return [.authorization: basicAuthorization(apiKey)]
    }
}

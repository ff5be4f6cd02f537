import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// Runs `body` against the full HTTP edge of `tosspay serve` (``HTTPEdge``: head and idle
/// timeouts, the connection cap, parser-error envelopes) on a real loopback port, over a fresh
/// SQLite file. `body` gets the port. `configure` may change the configuration first.
func withEdgeServer<Value: Sendable>(
    logger customLogger: Logger? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (Int) async throws -> Value
) async throws -> Value {
    let database = try TemporaryDatabase()
    defer { database.remove() }
    let logger = customLogger ?? quietLogger()
    let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
    do {
        var configuration = ServerConfiguration()
        configuration.openMode = true
        configuration.port = 0
        configuration.databasePath = database.path
        configure(&configuration)
        let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
        let edge = try HTTPEdge(configuration: configuration, logger: logger)
        let app = Application(
            router: parts.router, server: edge.server, configuration: edge.applicationConfiguration, logger: logger
        )
        let value = try await app.test(.live) { client in
            guard let port = client.port else { throw TestFailure("the live server has no port") }
            return try await body(port)
        }
        try await store.close()
        return value
    } catch {
        try? await store.close()
        throw error
    }
}

/// Sends `request` on a new connection and reads one response (or until the server closes
/// the connection, or `timeout`).
func exchange(_ request: String, port: Int, timeout: Duration = .seconds(10)) async throws -> (response: RawResponse?, closed: Bool) {
    let connection = try RawConnection(port: port)
    defer { connection.close() }
    connection.send(request)
    let (bytes, closed) = await connection.readResponse(timeout: timeout)
    return (RawResponse(bytes), closed)
}

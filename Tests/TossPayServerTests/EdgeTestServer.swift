import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// Runs `body` against the full HTTP edge of `tosspay serve` (``HTTPEdge``: head and idle
/// timeouts, the connection cap, parser-error envelopes) on a real loopback port, over a fresh
/// SQLite file. `body` gets the port. `configure` may change the configuration first.
///
/// The application runs in its own service group rather than HummingbirdTesting's `.live`
/// mode, whose configuration copy (`with(address:)`) drops the connection cap.
func withEdgeServer<Value: Sendable>(
    logger customLogger: Logger? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (Int) async throws -> Value
) async throws -> Value {
    try await withServerParts(logger: customLogger, configure: configure) { parts, configuration, logger in
        let edge = try HTTPEdge(configuration: configuration, logger: logger)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: parts.router, server: edge.server, configuration: edge.applicationConfiguration,
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Value?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await group.triggerGracefulShutdown()
                throw TestFailure("the edge server did not start")
            }
            let outcome: Result<Value, any Error>
            do {
                outcome = .success(try await body(port))
            } catch {
                outcome = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try outcome.get()
        }
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

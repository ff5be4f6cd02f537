import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import TossPayCore
import TossPayServer
import TossPayStorage

extension Serve {
    /// The published test key of the built-in sandbox merchant: `serve --fixtures` sends it to
    /// steps without their own Authorization, so the file acts on that merchant's world in any
    /// sandbox mode (open or not).
    static let fixturesAPIKey = "sk_test_w5INQyINqa5INQe013Nq"

    /// The fixtures file to apply once the server listens: nil without `--fixtures`, or when the
    /// world is not empty (logged). Read and checked before the server starts, so a wrong file
    /// stops `serve` at once.
    func fixturesToApply(configuration: ServerConfiguration, logger: Logger) async throws -> FixtureFile? {
        guard let fixtures else { return nil }
        guard configuration.tlsCertificatePath == nil else {
            throw ValidationError("--fixtures needs a plain-HTTP server; with TLS run `tosspay fixtures apply` against it instead")
        }
        let file = try Fixtures.load(fixtures)
        let empty = try await Merchants.withStore(configuration.databasePath, mustExist: false) { store in
            try await Self.isEmptyWorld(store)
        }
        guard empty else {
            logger.notice("fixtures skipped: the store already holds payments or buyers", metadata: ["fixtures.file": "\(fixtures)"])
            return nil
        }
        return file
    }

    /// "Empty": the store holds no payment and no buyer, of any merchant. Every buyer is opened
    /// by a journal entry posting its balances to `buyer:…` accounts, so a buyer shows in the
    /// journal (one made with every balance at zero, no bank account and no card does not).
    static func isEmptyWorld(_ store: any PaymentStore) async throws -> Bool {
        try await store.read { transaction in
            guard try await transaction.allPayments(after: nil, limit: 1).isEmpty else { return false }
            return try await transaction.accountBalances(prefix: "buyer:").isEmpty
        }
    }

    /// Runs the server and, once it listens, applies `file` against it. A failing step stops the
    /// server gracefully, after logging the step and its FAIL envelope, and `serve` exits 1.
    static func run(_ app: some ApplicationProtocol, applying file: FixtureFile, sandboxEnabled: Bool, logger: Logger) async throws {
        let (addresses, continuation) = AsyncStream.makeStream(of: SocketAddress?.self)
        let listening = ListeningApplication(base: app) { address in
            continuation.yield(address)
            continuation.finish()
        }
        let server = ServiceGroup(configuration: .init(
            services: [listening], gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger
        ))
        // The server's task returns nil; the fixtures' task whether every step succeeded.
        let applied = try await withThrowingTaskGroup(of: Bool?.self) { group in
            group.addTask {
                try await server.run()
                return nil
            }
            group.addTask {
                for await address in addresses {
                    guard let baseURL = Self.loopbackURL(for: address) else {
                        logger.error("fixtures not applied: the listening address is unknown")
                        await server.triggerGracefulShutdown()
                        return false
                    }
                    let runner = FixtureRunner(baseURL: baseURL, apiKey: sandboxEnabled ? Self.fixturesAPIKey : nil)
                    do {
                        try await runner.run(file) { step in
                            logger.info("fixture step applied", metadata: [
                                "fixture.step": "\(step.name)", "http.method": "\(step.method)", "http.status": "\(step.status)",
                            ])
                        }
                    } catch {
                        logger.error("fixtures failed, stopping: \(error)")
                        await server.triggerGracefulShutdown()
                        return false
                    }
                    logger.info("fixtures applied", metadata: ["fixtures.steps": "\(file.steps.count)"])
                }
                return true
            }
            var applied = true
            while let finished = try await group.next() {
                if let finished {
                    applied = finished
                } else {
                    // The server stopped (SIGTERM, or after a failed step): the fixtures stop with it.
                    continuation.finish()
                    group.cancelAll()
                }
            }
            return applied
        }
        if !applied { throw ExitCode(1) }
    }

    /// The server's own URL: a wildcard address (`0.0.0.0`, `::`) is reached on loopback.
    static func loopbackURL(for address: SocketAddress?) -> String? {
        guard let address, let port = address.port, let ip = address.ipAddress else { return nil }
        switch address.protocol {
        case .inet6:
            return "http://[\(ip == "::" ? "::1" : ip)]:\(port)"
        default:
            return "http://\(ip == "0.0.0.0" ? "127.0.0.1" : ip):\(port)"
        }
    }
}

import Logging
import ServiceLifecycle
import TossPayStorage

/// Writes PAY_CANCEL on payments whose wait expired, every few seconds, until shutdown.
/// Expiry holds without it (reads compute it); the sweep makes the stored status agree.
struct ExpiryService: Service {
    let ledger: PaymentLedger
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                var expired = 0
                repeat {
                    expired = try await ledger.expireDue()
                    if expired > 0 { logger.debug("expired payments", metadata: ["count": "\(expired)"]) }
                } while expired > 0 && !Task.isShuttingDownGracefully
            } catch {
                logger.warning("expiry sweep failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
            try? await gracefulShutdownSleep(interval)
        }
    }

    func gracefulShutdownSleep(_ duration: Duration) async throws {
        try await cancelWhenGracefulShutdown {
            try await Task.sleep(for: duration)
        }
    }
}

import Logging
import ServiceLifecycle
import TossPayStorage

/// Every few seconds until shutdown (and once at start): returns progress holds abandoned past
/// their deadline + 5 s (SPEC §11), writes PAY_CANCEL on payments whose wait expired and
/// settles payments whose settlement period passed. Expiry holds without it (reads compute
/// it); the sweep makes the stored status agree and moves settled money in the journal.
struct SweepService: Service {
    let ledger: PaymentLedger
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await sweep("progress hold") { try await ledger.returnAbandonedHolds() }
            await sweep("expiry") { try await ledger.expireDue() }
            await sweep("settlement") { try await ledger.settleDue() }
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Runs `batch` until it reports nothing left, logging failures without stopping.
    func sweep(_ name: String, _ batch: () async throws -> Int) async {
        do {
            var done = 0
            repeat {
                done = try await batch()
                if done > 0 {
                    // A returned progress hold means a completion never came (an instance died): worth a notice.
                    logger.log(level: name == "progress hold" ? .notice : .debug, "\(name) sweep", metadata: ["count": "\(done)"])
                }
            } while done > 0 && !Task.isShuttingDownGracefully
        } catch {
            logger.warning("\(name) sweep failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}

import Logging
import ServiceLifecycle
import TossPayStorage

/// The request inspector's writer: every ``interval`` it takes what ``RequestLog`` has queued,
/// masks it (``CapturedRequest/entry()``) and stores it in batches of at most ``batchSize``, one
/// transaction each, trimming each merchant to its newest `inspector.keep`. An entry is thus
/// visible within about ``interval`` plus one write. On graceful shutdown (after the server has
/// stopped taking requests) it stores what is left; on `kill -9` the queue — at most the last
/// ``interval`` of requests — is lost (docs/design.md).
struct RequestLogService: Service {
    /// How often the queue is stored.
    static let interval = Duration.milliseconds(100)
    /// The most entries in one transaction.
    static let batchSize = 128

    let log: RequestLog
    let ledger: PaymentLedger
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await flush()
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: Self.interval)
            }
        }
        await flush()
    }

    /// Stores everything queued now.
    func flush() async {
        while true {
            let batch = log.drain(limit: Self.batchSize)
            guard !batch.isEmpty else { break }
            do {
                try await ledger.appendRequestLog(batch.map { $0.entry() }, keep: log.keep)
            } catch {
                // The inspector is a convenience: a batch that cannot be stored is dropped, not retried.
                logger.warning("request log batch not stored", metadata: [
                    "count": "\(batch.count)", "error.type": "\(String(reflecting: type(of: error)))",
                ])
            }
        }
        let dropped = log.takeDroppedCount()
        if dropped > 0 {
            logger.warning("request log queue full: requests not recorded", metadata: ["count": "\(dropped)"])
        }
    }
}

import Metrics
import Synchronization

/// The request inspector's queue between the request path and ``RequestLogService``: bounded
/// in entries and bytes; when full, a request is dropped and counted
/// (`tosspay_inspector_dropped_total`) rather than making the request wait.
final class RequestLog: Sendable {
    /// The most requests waiting to be stored.
    static let maximumQueued = 5_000
    /// The most captured bytes waiting to be stored.
    static let maximumQueuedBytes = 32 * 1024 * 1024

    private struct State {
        var queue: [CapturedRequest] = []
        var bytes = 0
        var droppedSinceReport = 0
    }

    /// How many entries each merchant keeps (`inspector.keep`); 0 records nothing.
    let keep: Int
    private let state = Mutex(State())
    /// Made once: a handle per request would look the metric up on every drop.
    private let dropped: Counter

    init(keep: Int) {
        self.keep = keep
        self.dropped = Counter(label: "tosspay_inspector_dropped_total")
    }

    /// Whether requests are recorded at all.
    var isEnabled: Bool { keep > 0 }

    /// Queues a finished request; drops (and counts) it when the queue is full.
    func enqueue(_ request: CapturedRequest) {
        let size = request.size
        let accepted = state.withLock { state in
            guard state.queue.count < Self.maximumQueued, state.bytes + size <= Self.maximumQueuedBytes else {
                state.droppedSinceReport += 1
                return false
            }
            state.queue.append(request)
            state.bytes += size
            return true
        }
        if !accepted { dropped.increment() }
    }

    /// Takes up to `limit` of the oldest queued requests.
    func drain(limit: Int) -> [CapturedRequest] {
        state.withLock { state in
            let taken = Array(state.queue.prefix(limit))
            state.queue.removeFirst(taken.count)
            state.bytes -= taken.reduce(0) { $0 + $1.size }
            return taken
        }
    }

    /// How many requests were dropped since the last call.
    func takeDroppedCount() -> Int {
        state.withLock { state in
            defer { state.droppedSinceReport = 0 }
            return state.droppedSinceReport
        }
    }
}

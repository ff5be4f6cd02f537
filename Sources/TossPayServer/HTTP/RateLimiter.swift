import Synchronization
import TossPayCore

/// Per-merchant request limit (SPEC §7, §8): at most `perMinute` admitted partner requests in
/// any 60 seconds, per merchant and per server instance (k instances together admit k × N).
/// A refused request does not count. Over the limit is `COMMON_THROTTLED` (HTTP 429).
///
/// Each merchant keeps the admissions of the last 61 one-second slots (fixed memory whatever
/// the limit). A request is admitted only while those slots hold fewer than `perMinute`: any
/// 60-second interval lies within 61 consecutive slots, so no interval ever sees more — the
/// window errs on the side of refusing up to a second early, never of admitting a burst.
final class RateLimiter: Sendable {
    /// Requests admitted per 60 seconds; 0 disables the limit.
    let perMinute: Int
    private let windows = Mutex<[String: Window]>([:])
    private let now: @Sendable () -> ContinuousClock.Instant
    private let origin: ContinuousClock.Instant

    /// The slots one window spans: 60 seconds plus the one in progress.
    static let slots = 61

    /// One merchant's admissions per second, a ring of ``slots``.
    struct Window {
        /// Admissions in each slot, indexed by second modulo ``slots``.
        var counts = [Int](repeating: 0, count: RateLimiter.slots)
        /// The second each slot's count belongs to.
        var seconds = [Int64](repeating: -1, count: RateLimiter.slots)

        /// Admissions in the slots of `second` and the 60 before it.
        func admitted(through second: Int64) -> Int {
            var total = 0
            for index in 0..<RateLimiter.slots where seconds[index] > second - Int64(RateLimiter.slots) {
                total += counts[index]
            }
            return total
        }

        /// Records one admission in `second`.
        mutating func admit(at second: Int64) {
            let index = Int(second % Int64(RateLimiter.slots))
            if seconds[index] != second {
                seconds[index] = second
                counts[index] = 0
            }
            counts[index] += 1
        }
    }

    init(perMinute: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.perMinute = perMinute
        self.now = now
        self.origin = now()
    }

    /// Admits one request of `merchantId`, or throws `COMMON_THROTTLED` and counts nothing.
    func admit(_ merchantId: String) throws(TossPayError) {
        guard perMinute > 0 else { return }
        let second = max(0, (now() - origin).components.seconds)
        let limit = perMinute
        let admitted = windows.withLock { windows -> Bool in
            var window = windows[merchantId] ?? Window()
            guard window.admitted(through: second) < limit else { return false }
            window.admit(at: second)
            windows[merchantId] = window
            return true
        }
        guard admitted else {
            throw TossPayError(.commonThrottled, reason: "\(TossPayError(.commonThrottled).reason) (가맹점당 분당 \(perMinute)건)")
        }
    }
}

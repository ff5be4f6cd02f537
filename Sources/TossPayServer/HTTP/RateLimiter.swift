import Synchronization
import TossPayCore

/// Per-merchant request limit (SPEC §7: 3,000 a minute by default, like the real service): a
/// token bucket per merchant that refills continuously; an empty bucket is `COMMON_THROTTLED`
/// (HTTP 429). Counted per server instance.
final class RateLimiter: Sendable {
    /// Requests allowed per minute; 0 disables the limit.
    let perMinute: Int
    private let buckets = Mutex<[String: Bucket]>([:])
    private let now: @Sendable () -> ContinuousClock.Instant

    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    init(perMinute: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.perMinute = perMinute
        self.now = now
    }

    /// Takes one request from `merchantId`'s bucket, or throws `COMMON_THROTTLED`.
    func admit(_ merchantId: String) throws(TossPayError) {
        guard perMinute > 0 else { return }
        let capacity = Double(perMinute)
        let instant = now()
        let admitted = buckets.withLock { buckets -> Bool in
            var bucket = buckets[merchantId] ?? Bucket(tokens: capacity, updated: instant)
            let elapsed = instant - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * capacity / 60)
            bucket.updated = instant
            guard bucket.tokens >= 1 else {
                buckets[merchantId] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[merchantId] = bucket
            return true
        }
        guard admitted else {
            throw TossPayError(.commonThrottled, reason: "\(TossPayError(.commonThrottled).reason) (가맹점당 분당 \(perMinute)건)")
        }
    }
}

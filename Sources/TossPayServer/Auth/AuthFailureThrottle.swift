import Foundation
import Synchronization
import TossPayCore

/// Failed authentications per client address (SPEC §8): after `limit` failures within 60 s,
/// further *failing* attempts from that address are `COMMON_THROTTLED` (429). Only failures
/// pass through here, so valid credentials are never blocked, even from a throttled address.
///
/// Per instance and in memory. Bounded: each address keeps at most `limit` failure times, and
/// at most ``maximumAddresses`` addresses are remembered (the one whose last failure is oldest
/// is forgotten first).
final class AuthFailureThrottle: Sendable {
    /// The window, in seconds.
    static let windowSeconds: Double = 60
    /// Addresses remembered at most.
    static let maximumAddresses = 10_000

    /// Failures per address in the window; 0 turns the throttle off.
    let limit: Int
    private let failures = Mutex<[String: [Double]]>([:])
    private let now: @Sendable () -> Double

    init(limit: Int, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.limit = limit
        self.now = now
    }

    /// Records a failed authentication from `address` and returns what to answer: `error`
    /// itself while the address is under the limit, `COMMON_THROTTLED` once it has reached it.
    func refuse(_ error: TossPayError, from address: String) -> TossPayError {
        guard limit > 0 else { return error }
        let time = now()
        let throttled = failures.withLock { table -> Bool in
            var recent = (table[address] ?? []).filter { time - $0 < Self.windowSeconds }
            let throttled = recent.count >= limit
            recent.append(time)
            if recent.count > limit { recent.removeFirst(recent.count - limit) }
            table[address] = recent
            if table.count > Self.maximumAddresses { Self.evict(&table, now: time) }
            return throttled
        }
        guard throttled else { return error }
        return TossPayError(.commonThrottled, reason: "인증 실패가 너무 많아요. 잠시 후 다시 시도해주세요.")
    }

    /// How many addresses are remembered (for tests of the bound).
    var addressCount: Int { failures.withLock { $0.count } }

    /// Forgets addresses with no failure in the window, then, if still too many, those whose
    /// last failure is oldest.
    private static func evict(_ table: inout [String: [Double]], now: Double) {
        table = table.filter { now - ($0.value.last ?? 0) < windowSeconds }
        guard table.count > maximumAddresses else { return }
        let oldest = table.sorted { ($0.value.last ?? 0) < ($1.value.last ?? 0) }.prefix(table.count - maximumAddresses)
        for entry in oldest { table[entry.key] = nil }
    }
}

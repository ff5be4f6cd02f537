import Synchronization
import Testing
@testable import TossPayServer
import TossPayTestSupport

/// SPEC §8 "Rate limit window": at most N admitted partner requests per merchant in any 60
/// seconds, per instance; refused requests do not count; nothing refills during a burst.
@Suite("Rate limit window")
struct RateLimitWindowTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex<Duration>(.zero)
        func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
    }

    static func admitted(_ limiter: RateLimiter, _ merchant: String, _ count: Int) -> Int {
        (0..<count).filter { _ in (try? limiter.admit(merchant)) != nil }.count
    }

    @Test func aWindowOf30AdmitsExactly30AndNothingRefillsDuringTheMinute() {
        let clock = ManualClock()
        let limiter = RateLimiter(perMinute: 30) { clock.now() }
        #expect(Self.admitted(limiter, "m", 30) == 30, "the 30th is just inside")
        #expect(Self.admitted(limiter, "m", 1) == 0, "the 31st is just outside")
        // The old token bucket refilled N/60 a second: 30 seconds on it would admit 15 more.
        clock.advance(.seconds(30))
        #expect(Self.admitted(limiter, "m", 100) == 0)
        clock.advance(.seconds(29))
        #expect(Self.admitted(limiter, "m", 1) == 0, "59 s after the burst the window still holds it")
        clock.advance(.seconds(2))
        #expect(Self.admitted(limiter, "m", 100) == 30, "61 s later the whole window is free again")
    }

    @Test func refusedRequestsDoNotCount() {
        let clock = ManualClock()
        let limiter = RateLimiter(perMinute: 30) { clock.now() }
        #expect(Self.admitted(limiter, "m", 10) == 10)
        clock.advance(.seconds(30))
        #expect(Self.admitted(limiter, "m", 1_000) == 20, "only 20 more fit; 980 are refused")
        clock.advance(.seconds(31))
        // The first 10 left the window; the 980 refused never entered it.
        #expect(Self.admitted(limiter, "m", 1_000) == 10)
    }

    @Test func noSixtySecondIntervalEverSeesMoreThanTheLimit() {
        let clock = ManualClock()
        let limiter = RateLimiter(perMinute: 30) { clock.now() }
        var admissions: [Duration] = []
        // 3 requests every 250 ms for three minutes.
        for tick in 0..<(4 * 180) {
            for _ in 0..<3 where (try? limiter.admit("m")) != nil {
                admissions.append(.milliseconds(250 * tick))
            }
            clock.advance(.milliseconds(250))
        }
        for (index, start) in admissions.enumerated() {
            let inWindow = admissions[index...].prefix { $0 < start + .seconds(60) }.count
            #expect(inWindow <= 30, "\(inWindow) admissions in the 60 s from \(start)")
        }
        #expect(admissions.count >= 3 * 30 - 30, "the limit is reached each minute, not starved: \(admissions.count)")
    }

    @Test func eachMerchantHasItsOwnWindowAndZeroIsNoLimit() {
        let limiter = RateLimiter(perMinute: 30)
        #expect(Self.admitted(limiter, "a", 31) == 30)
        #expect(Self.admitted(limiter, "b", 31) == 30)
        #expect(Self.admitted(RateLimiter(perMinute: 0), "a", 5_000) == 5_000)
    }

    @Test func overHTTPTheRequestAfterTheWindowIsFullIsThrottled() async throws {
        try await withTestServer(configure: { $0.rateLimitPerMinute = 30 }) { server in
            var statuses: [Int] = []
            for index in 1...33 {
                statuses.append(Int(try await server.makePayment(orderNo: "window-\(index)").status.code))
            }
            #expect(statuses.filter { $0 == 200 }.count == 30)
            #expect(Array(statuses.suffix(3)) == [429, 429, 429])
        }
    }
}

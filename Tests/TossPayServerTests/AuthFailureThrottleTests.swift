import Foundation
import Synchronization
import HTTPTypes
import Testing
@testable import TossPayServer
import TossPayCore
import TossPayTestSupport

/// SPEC §8: failed authentication is throttled per client address (`auth.failureLimit` in
/// 60 s), valid credentials never; over real sockets with a limit of 5.
@Suite("Failed-authentication throttle")
struct AuthFailureThrottleTests {
    static let wrongKey = "sk_test_0000000000000000wrong"

    /// A make-payment with the wrong key, forwarded for `address`.
    static func make(_ server: TestServer, _ orderNo: String, from address: String) async throws -> Reply {
        var headers = TestServer.auth(wrongKey)
        headers[try #require(HTTPField.Name("X-Forwarded-For"))] = address
        return try await server.post("\(partnerPath)/make-payment", TestServer.makeBody(orderNo: newOrderNo(orderNo)), headers: headers)
    }

    @Test func theSixthFailureIsThrottledAndAValidKeyStillWorks() async throws {
        try await withTestServer(openMode: false, setup: .live, configure: { $0.authFailureLimit = 5 }) { server in
            let merchant = try await server.createMerchant(name: "쓰로틀")
            var statuses: [Int] = []
            for index in 1...6 {
                statuses.append(try await server.makePayment(orderNo: newOrderNo("bad-\(index)"), apiKey: Self.wrongKey).status.code)
            }
            #expect(statuses == [401, 401, 401, 401, 401, 429])
            let throttled = try await server.makePayment(orderNo: newOrderNo("bad-7"), apiKey: Self.wrongKey)
            #expect(throttled.errorCode == "COMMON_THROTTLED")
            #expect(try await server.makePayment(orderNo: newOrderNo("good"), apiKey: merchant.testKey).status == .ok)
            // The console's sign-in from the same address: an error page, 429.
            let page = try await ConsoleTests.post(server, "/console/login", form: "apiKey=\(Self.wrongKey)", cookie: nil)
            #expect(page.status == .tooManyRequests)
            #expect(page.text.contains("COMMON_THROTTLED"))
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            _ = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
        }
    }

    @Test func aLimitOfZeroNeverThrottles() async throws {
        try await withTestServer(openMode: false, setup: .live, configure: { $0.authFailureLimit = 0 }) { server in
            var refused = 0
            for index in 1...30 {
                let reply = try await server.makePayment(orderNo: newOrderNo("zero-\(index)"), apiKey: Self.wrongKey)
                if reply.status == .unauthorized { refused += 1 }
            }
            #expect(refused == 30)
        }
    }

    /// Forwarded-for names the client only when the peer is a trusted proxy.
    @Test(arguments: [true, false])
    func forwardedForCountsOnlyFromTrustedProxies(trusted: Bool) async throws {
        try await withTestServer(openMode: false, setup: .live, configure: {
            $0.authFailureLimit = 5
            $0.trustedProxies = trusted ? ["127.0.0.1", "::1"] : []
        }) { server in
            for index in 1...5 {
                let reply = try await Self.make(server, "fwd-\(index)", from: "203.0.113.7")
                #expect(reply.status == .unauthorized)
            }
            let sameClient = try await Self.make(server, "fwd-6", from: "203.0.113.7")
            #expect(sameClient.status == .tooManyRequests)
            let otherClient = try await Self.make(server, "fwd-7", from: "203.0.113.8")
            // Behind a trusted proxy another client has its own count; otherwise the header is
            // ignored and every request is the peer's.
            #expect(otherClient.status == (trusted ? .unauthorized : .tooManyRequests))
        }
    }

    /// A clock a test moves by hand.
    final class ManualClock: Sendable {
        private let value = Mutex<Double>(1_000_000)
        var now: Double {
            get { value.withLock { $0 } }
            set { value.withLock { $0 = newValue } }
        }
    }

    /// Failures older than the window are forgotten; the address table stays bounded.
    @Test func theWindowSlidesAndTheTableIsBounded() {
        let clock = ManualClock()
        let throttle = AuthFailureThrottle(limit: 2, now: { clock.now })
        let refusal = TossPayError(.commonInvalidApiKey)
        #expect(throttle.refuse(refusal, from: "a").code == .commonInvalidApiKey)
        #expect(throttle.refuse(refusal, from: "a").code == .commonInvalidApiKey)
        #expect(throttle.refuse(refusal, from: "a").code == .commonThrottled)
        clock.now += 61
        #expect(throttle.refuse(refusal, from: "a").code == .commonInvalidApiKey, "a minute later")
        for index in 0...AuthFailureThrottle.maximumAddresses + 10 {
            _ = throttle.refuse(refusal, from: "addr-\(index)")
        }
        #expect(throttle.addressCount <= AuthFailureThrottle.maximumAddresses)
    }
}

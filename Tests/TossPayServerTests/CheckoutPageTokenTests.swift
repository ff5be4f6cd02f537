import Foundation
import HTTPTypes
import Testing
import TossPayCore
@testable import TossPayServer
import TossPayTestSupport

/// SPEC §8 "The checkout page acts for the payment's buyer only": no userKey in the page, a
/// `userKey` in its URL ignored, nothing written on GET, and its authorize / cancel calls
/// carry a page token bound to the payToken and valid until the payment expires.
@Suite("Checkout page token")
struct CheckoutPageTokenTests {
    static let header = HTTPField.Name("x-tosspay-page-token")!

    /// The checkout data island of the page for `token`, parsed.
    static func pageData(_ server: TestServer, _ path: String) async throws -> [String: Any] {
        let page = try await server.get(path)
        #expect(page.status == .ok)
        let island = try PageTests.dataIsland("checkout-data", in: page.text)
        return try #require(try JSONSerialization.jsonObject(with: Data(island.utf8)) as? [String: Any])
    }

    static func authorize(_ server: TestServer, _ token: String, pageToken: String?) async throws -> Reply {
        var headers = HTTPFields()
        if let pageToken { headers[header] = pageToken }
        return try await server.post(
            "/checkout/\(token)/authorize", ["payToken": token, "payMethod": "TOSS_MONEY"], userKey: nil, headers: headers
        )
    }

    @Test func thePageCarriesATokenAndNoUserKeyAndAUserKeyInItsURLIsIgnored() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: newOrderNo("page"))
            let page = try await server.get("/checkout/\(token)?userKey=someone-else")
            #expect(page.status == .ok)
            #expect(!page.text.contains(TestServer.buyer), "the buyer's userKey is not in the page")
            #expect(!page.text.contains("someone-else"))
            let data = try await Self.pageData(server, "/checkout/\(token)?userKey=someone-else")
            #expect(data["userKey"] == nil)
            #expect((data["pageToken"] as? String)?.isEmpty == false)
            // Showing the page for a userKey nobody has used writes no buyer.
            let ledger = try #require(server.ledger)
            #expect(try await ledger.store.read { try await $0.user(merchantId: "sandbox", key: "someone-else") } == nil)
        }
    }

    @Test func thePagesTokenConfirmsForThePaymentsOwnBuyer() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: newOrderNo("page-ok"))
            let pageToken = try #require(try await Self.pageData(server, "/checkout/\(token)")["pageToken"] as? String)
            let reply = try await Self.authorize(server, token, pageToken: pageToken)
            #expect(try reply.requireSuccess()["payStatus"].string == "PAY_APPROVED")
            #expect(try await server.payStatus(payToken: token) == "PAY_APPROVED")
        }
    }

    @Test func noTokenAnotherPaymentsTokenAnAlteredOrAnExpiredOneIsPayUnauthorized() async throws {
        try await withTestServer(configure: { $0.expirySeconds = 60 }) { server in
            let token = try await server.madePayToken(orderNo: newOrderNo("page-a"))
            let other = try await server.madePayToken(orderNo: newOrderNo("page-b"))
            let pageToken = try #require(try await Self.pageData(server, "/checkout/\(token)")["pageToken"] as? String)
            let otherToken = try #require(try await Self.pageData(server, "/checkout/\(other)")["pageToken"] as? String)
            var altered = Array(pageToken)
            altered[altered.count - 1] = altered[altered.count - 1] == "0" ? "1" : "0"
            let laterExpiry = pageToken.replacingOccurrences(of: pageToken.prefix { $0 != "." }, with: "99999999999999")
            for (case_, presented) in [
                ("none", nil), ("another payment's", otherToken), ("altered", String(altered)), ("expiry moved", laterExpiry),
                ("empty", ""), ("garbage", "not-a-token"),
            ] as [(String, String?)] {
                let reply = try await Self.authorize(server, token, pageToken: presented)
                expectFailure(reply, status: .badRequest, code: "PAY_UNAUTHORIZED")
                #expect(reply.errorCode == "PAY_UNAUTHORIZED", "\(case_)")
                let cancel = try await server.post(
                    "/checkout/\(token)/cancel", ["payToken": token], userKey: nil,
                    headers: presented.map { [Self.header: $0] } ?? [:]
                )
                #expect(cancel.errorCode == "PAY_UNAUTHORIZED", "cancel with \(case_)")
            }
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY", "nothing changed")
            // The page's own token stops working when the payment expires.
            try await server.advanceClock(seconds: 61)
            expectFailure(try await Self.authorize(server, token, pageToken: pageToken), status: .badRequest, code: "PAY_UNAUTHORIZED")
        }
    }

    @Test func theTokenIsBoundToThePayTokenAndExpiry() {
        let signer = CheckoutPageToken(secret: "a secret")
        let made = signer.make(payToken: "tokenA", expiresAt: 1_000)
        #expect(signer.accepts(made, payToken: "tokenA", now: 999), "1 ms before the expiry")
        #expect(!signer.accepts(made, payToken: "tokenA", now: 1_000), "at the expiry")
        #expect(!signer.accepts(made, payToken: "tokenB", now: 0))
        #expect(!signer.accepts(nil, payToken: "tokenA", now: 0))
        #expect(!CheckoutPageToken(secret: "another secret").accepts(made, payToken: "tokenA", now: 0), "another server's secret")
    }
}

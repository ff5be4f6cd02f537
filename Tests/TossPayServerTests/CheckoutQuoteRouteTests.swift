import Foundation
import HTTPTypes
import Testing
import TossPayCore
@testable import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// `POST /checkout/{payToken}/quote` (issue 15 part 5): the checkout window asks Core's figures
/// when the buyer changes points instead of computing them. Checked like authorize (page token),
/// the points validated (each limit just inside and just outside), integers in the answer, and
/// nothing written to the store.
@Suite("Checkout quote route")
struct CheckoutQuoteRouteTests {
    static let header = HTTPField.Name(CheckoutPageToken.header)!

    /// The page's data island for `token`, parsed.
    static func pageData(_ server: TestServer, _ token: String) async throws -> [String: Any] {
        try await CheckoutPageTokenTests.pageData(server, "/checkout/\(token)")
    }

    /// The page token of the window for `token`.
    static func pageToken(_ server: TestServer, _ token: String) async throws -> String {
        try #require(try await pageData(server, token)["pageToken"] as? String)
    }

    /// Asks the quote with `points` (any JSON value; nil leaves the field out).
    static func quote(
        _ server: TestServer, _ token: String, points: Any?, pageToken: String?, bodyToken: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": bodyToken ?? token]
        if let points { body["points"] = points }
        return try await server.post(
            "/checkout/\(token)/quote", body, userKey: nil, headers: pageToken.map { [header: $0] } ?? [:]
        )
    }

    /// A payment of `amount` by a new buyer holding `points` Toss points; its payToken, page token and buyer.
    static func payment(
        _ server: TestServer, amount: Int, points: Int, extra: [String: Any] = [:]
    ) async throws -> (token: String, pageToken: String, buyer: String) {
        let buyer = newUserKey("quote")
        try await server.createUser(["userKey": buyer, "points": points])
        let token = try await server.madePayToken(orderNo: newOrderNo("quote"), amount: amount, extra: extra, userKey: buyer)
        return (token, try await pageToken(server, token), buyer)
    }

    @Test func theQuoteAnswersCoresFiguresAsIntegersAndAuthorizeAppliesThem() async throws {
        try await withTestServer { server in
            try await server.createPromotion(merchantId: "sandbox", ["name": "천원 할인", "discountAmount": 1_000]).requireSuccess()
            let (token, pageToken, buyer) = try await Self.payment(server, amount: 10_000, points: 800)
            let reply = try await Self.quote(server, token, points: 500, pageToken: pageToken)
            let figures = try reply.requireSuccess()
            #expect(reply.status == .ok)
            #expect(figures["amount"].int64 == 10_000)
            #expect(figures["promotionAmount"].int64 == 1_000)
            #expect(figures["pointAmount"].int64 == 500)
            #expect(figures["discountedAmount"].int64 == 1_500)
            #expect(figures["paidAmount"].int64 == 8_500)
            #expect(figures["maxPoints"].int64 == 800)
            #expect(figures["installmentAvailable"].bool == false)
            // Every amount is a bare JSON integer: no quotes, no fraction.
            for (key, value) in [("amount", "10000"), ("promotionAmount", "1000"), ("pointAmount", "500"), ("paidAmount", "8500")] {
                #expect(reply.text.contains("\"\(key)\":\(value),") || reply.text.contains("\"\(key)\":\(value)}"), "\(key) in \(reply.text)")
            }
            // The page confirms with those points; execute charges what the quote said.
            let authorized = try await server.post(
                "/checkout/\(token)/authorize", ["payToken": token, "payMethod": "TOSS_MONEY", "points": 500], userKey: nil,
                headers: [Self.header: pageToken]
            ).requireSuccess()
            #expect(authorized["pointAmount"].int64 == 500)
            let executed = try await server.execute(payToken: token, userKey: buyer).requireSuccess()
            #expect(executed["paidAmount"].int64 == figures["paidAmount"].int64)
            #expect(executed["discountedAmount"].int64 == figures["discountedAmount"].int64)
        }
    }

    @Test func thePageStartsWithTheQuotesFiguresForNoPoints() async throws {
        try await withTestServer { server in
            let (token, pageToken, _) = try await Self.payment(server, amount: 60_000, points: 300)
            let island = try #require(try await Self.pageData(server, token)["figures"] as? [String: Any])
            let quoted = try await Self.quote(server, token, points: 0, pageToken: pageToken).requireSuccess()
            #expect(Set(island.keys) == Set(quoted.keys))
            for key in ["amount", "promotionAmount", "pointAmount", "discountedAmount", "paidAmount", "maxPoints"] {
                #expect((island[key] as? NSNumber)?.int64Value == quoted[key].int64, "\(key)")
            }
            #expect(island["installmentAvailable"] as? Bool == true)
            #expect(quoted["installmentAvailable"].bool == true)
            #expect(quoted["paidAmount"].int64 == 60_000)
            #expect(quoted["maxPoints"].int64 == 300)
        }
    }

    @Test func pointsJustInsideEachLimitAreQuotedAndJustOutsideAreRefused() async throws {
        try await withTestServer { server in
            // Bounded by what the buyer holds: 500 of a 1,000-won payment.
            let held = try await Self.payment(server, amount: 1_000, points: 500)
            for (points, paid) in [(0, 1_000), (1, 999), (500, 500)] {
                let figures = try await Self.quote(server, held.token, points: points, pageToken: held.pageToken).requireSuccess()
                #expect(figures["pointAmount"].int64 == Int64(points))
                #expect(figures["paidAmount"].int64 == Int64(paid), "\(points) points")
            }
            let negative = try await Self.quote(server, held.token, points: -1, pageToken: held.pageToken)
            expectFailure(negative, code: "COMMON_INVALID_PARAMETER", field: "points")
            #expect(negative.reason?.contains("0 이상") == true, "\(negative.text)")
            let aboveBalance = try await Self.quote(server, held.token, points: 501, pageToken: held.pageToken)
            expectFailure(aboveBalance, code: "COMMON_INVALID_PARAMETER", field: "points")
            #expect(aboveBalance.reason?.contains("보유한 토스 포인트(500)") == true, "\(aboveBalance.text)")

            // Bounded by what is left to pay: a buyer holding 2,000 points on 1,000 won.
            let rich = try await Self.payment(server, amount: 1_000, points: 2_000)
            let all = try await Self.quote(server, rich.token, points: 1_000, pageToken: rich.pageToken).requireSuccess()
            #expect(all["paidAmount"].int64 == 0)
            #expect(all["maxPoints"].int64 == 1_000)
            let aboveAmount = try await Self.quote(server, rich.token, points: 1_001, pageToken: rich.pageToken)
            expectFailure(aboveAmount, code: "COMMON_INVALID_PARAMETER", field: "points")
            #expect(aboveAmount.reason?.contains("결제 금액보다") == true, "\(aboveAmount.text)")
        }
    }

    @Test func pointsThatAreNotAJSONIntegerOrMissingAreRefused() async throws {
        try await withTestServer { server in
            let (token, pageToken, _) = try await Self.payment(server, amount: 1_000, points: 500)
            for (label, points) in [("fraction", 1.5 as Any), ("string", "10"), ("boolean", true), ("null", NSNull()), ("array", [1])] as [(String, Any)] {
                let reply = try await Self.quote(server, token, points: points, pageToken: pageToken)
                expectFailure(reply, code: "COMMON_INVALID_PARAMETER", field: "points")
                #expect(reply.errorCode == "COMMON_INVALID_PARAMETER", "\(label)")
            }
            expectFailure(try await Self.quote(server, token, points: nil, pageToken: pageToken), code: "COMMON_INVALID_PARAMETER", field: "points")
            let huge = try await server.send(
                .post, "/checkout/\(token)/quote", body: "{\"payToken\":\"\(token)\",\"points\":99999999999999999999}", userKey: nil,
                headers: [Self.header: pageToken]
            )
            expectFailure(huge, code: "COMMON_INVALID_PARAMETER", field: "points")
            let notJSON = try await server.send(.post, "/checkout/\(token)/quote", body: "points=1", userKey: nil, headers: [Self.header: pageToken])
            expectFailure(notJSON, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func theQuoteAuthenticatesLikeTheOtherCheckoutActions() async throws {
        try await withTestServer { server in
            let (token, pageToken, _) = try await Self.payment(server, amount: 1_000, points: 500)
            // Another merchant's payment and its own window's token.
            let merchant = try await server.createMerchant()
            let foreign = try await server.madePayToken(orderNo: newOrderNo("quote-foreign"), userKey: newUserKey(), apiKey: merchant.testKey)
            let foreignPageToken = try await Self.pageToken(server, foreign)
            var altered = Array(pageToken)
            altered[altered.count - 1] = altered[altered.count - 1] == "0" ? "1" : "0"
            for (label, presented) in [
                ("none", nil), ("another merchant's payment's", foreignPageToken), ("altered", String(altered)), ("garbage", "x.y"),
            ] as [(String, String?)] {
                let reply = try await Self.quote(server, token, points: 100, pageToken: presented)
                expectFailure(reply, status: .badRequest, code: "PAY_UNAUTHORIZED")
                #expect(reply.errorCode == "PAY_UNAUTHORIZED", "\(label)")
            }
            // The other merchant's token does open its own payment's quote: the token is the key.
            #expect(try await Self.quote(server, foreign, points: 0, pageToken: foreignPageToken).requireSuccess()["amount"].int64 == 1_000)
            // An unknown payToken is not found, whatever token comes with it.
            let unknown = "LP56wk6Gt8NGRzmcY3xvcl"
            expectFailure(try await Self.quote(server, unknown, points: 0, pageToken: pageToken), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            expectFailure(try await Self.quote(server, unknown, points: 0, pageToken: nil), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            // The body's payToken must be the path's.
            expectFailure(
                try await Self.quote(server, token, points: 0, pageToken: pageToken, bodyToken: foreign), code: "COMMON_INVALID_PARAMETER",
                field: "payToken"
            )
        }
    }

    @Test func aPaymentNoLongerWaitingIsNotQuoted() async throws {
        try await withTestServer(configure: { $0.expirySeconds = 60 }) { server in
            let approved = try await Self.payment(server, amount: 1_000, points: 500)
            try await server.post(
                "/checkout/\(approved.token)/authorize", ["payToken": approved.token, "payMethod": "TOSS_MONEY"], userKey: nil,
                headers: [Self.header: approved.pageToken]
            ).requireSuccess()
            expectFailure(
                try await Self.quote(server, approved.token, points: 0, pageToken: approved.pageToken),
                code: "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS"
            )
            let cancelled = try await Self.payment(server, amount: 1_000, points: 500)
            try await server.post(
                "/checkout/\(cancelled.token)/cancel", ["payToken": cancelled.token], userKey: nil, headers: [Self.header: cancelled.pageToken]
            ).requireSuccess()
            expectFailure(
                try await Self.quote(server, cancelled.token, points: 0, pageToken: cancelled.pageToken),
                code: "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS"
            )
            // At the expiry the page token ends with the payment.
            let waiting = try await Self.payment(server, amount: 1_000, points: 500)
            try await server.advanceClock(seconds: 61)
            expectFailure(try await Self.quote(server, waiting.token, points: 0, pageToken: waiting.pageToken), code: "PAY_UNAUTHORIZED")
        }
    }

    @Test func theQuoteWritesNothing() async throws {
        try await withTestServer { server in
            let ledger = try #require(server.ledger)
            try await server.createPromotion(
                merchantId: "sandbox", ["name": "예산 할인", "discountAmount": 1_000, "budget": 5_000]
            ).requireSuccess()
            // A buyer as make-payment left it (standard, no points), and one set up with points.
            let newcomer = newUserKey("quote-new")
            let fresh = try await server.madePayToken(orderNo: newOrderNo("quote-ro"), amount: 10_000, userKey: newcomer)
            // A stored buyer with points.
            let (token, pageToken, buyer) = try await Self.payment(server, amount: 10_000, points: 800)

            func snapshot() async throws -> (Payment?, Payment?, SandboxUser?, SandboxUser?, [Promotion]) {
                try await ledger.store.read { transaction in
                    (
                        try await transaction.payment(token: fresh), try await transaction.payment(token: token),
                        try await transaction.user(merchantId: "sandbox", key: newcomer),
                        try await transaction.user(merchantId: "sandbox", key: buyer),
                        try await transaction.promotions(merchantId: "sandbox")
                    )
                }
            }
            let before = try await snapshot()
            let freshPageToken = try await Self.pageToken(server, fresh)
            #expect(try await Self.quote(server, fresh, points: 0, pageToken: freshPageToken).requireSuccess()["paidAmount"].int64 == 9_000)
            for points in [0, 800] {
                #expect(try await Self.quote(server, token, points: points, pageToken: pageToken).requireSuccess()["pointAmount"].int64 == Int64(points))
            }
            expectFailure(try await Self.quote(server, token, points: 801, pageToken: pageToken), code: "COMMON_INVALID_PARAMETER", field: "points")
            let after = try await snapshot()
            #expect(after.0 == before.0, "the newcomer's payment is unchanged")
            #expect(after.1 == before.1, "the payment is unchanged")
            #expect(after.2 == before.2, "the newcomer is unchanged")
            #expect(after.3 == before.3, "the buyer's points are unchanged")
            #expect(after.4 == before.4, "the promotion's budget is unchanged")
            #expect(try await server.payStatus(payToken: token, userKey: buyer) == "PAY_STANDBY")
        }
    }
}

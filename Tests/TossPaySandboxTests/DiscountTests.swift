import Foundation
import Testing
import TossPayServer
import TossPayTestSupport

/// SPEC §3 and §5: merchant promotions and buyer points produce discountedAmount; refunds
/// return discount and points in proportion.
@Suite("Discounts and points")
struct DiscountTests {
    @Test func aFixedPromotionDiscountsExecute() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            let promotion = try await server.createPromotion(
                merchantId: merchant.id, apiKey: merchant.testKey, ["name": "천원 할인", "discountAmount": 1_000, "minimumAmount": 5_000]
            ).requireSuccess()
            #expect(promotion["discountAmount"].int64 == 1_000)
            #expect(promotion["minimumAmount"].int64 == 5_000)
            #expect(promotion["active"].bool == true)
            let listed = try await server.send(.get, "/sandbox/v1/merchants/\(merchant.id)/promotions", contentType: nil, userKey: nil, headers: TestServer.auth(merchant.testKey)).requireSuccess()
            #expect(listed["promotions"].array?.count == 1)

            let key = newUserKey()
            let before = try await server.balances(key, apiKey: merchant.testKey)
            let (token, executed) = try await server.paid(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            #expect(executed["amount"].int64 == 10_000)
            #expect(executed["discountedAmount"].int64 == 1_000)
            #expect(executed["paidAmount"].int64 == 9_000)
            #expect(try await server.balances(key, apiKey: merchant.testKey).money == before.money - 9_000)

            let status = try await server.status(payToken: token, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(status["discountedAmount"].int64 == 1_000)
            #expect(status["discountAmountV2"].int64 == 1_000)
            #expect(status["paidPointV2"].int64 == 0)
            #expect(status["paidAmount"].int64 == 9_000)
            #expect(status["refundableAmount"].int64 == 10_000)
            let step = try #require(status["transactions"].objects?.first)
            #expect(step["stepType"].string == "PAY")
            #expect(step["transactionAmount"].int64 == 10_000)
            #expect(step["discountedAmount"].int64 == 1_000)
            #expect(step["paidAmount"].int64 == 9_000)
            #expect(step["pointAmount"].int64 == 0)

            // Under the minimum amount, no discount.
            let (_, small) = try await server.paid(amount: 4_999, userKey: key, apiKey: merchant.testKey)
            #expect(small["discountedAmount"].int64 == 0)
            #expect(small["paidAmount"].int64 == 4_999)
            // Another merchant's payments (the sandbox merchant's) are not discounted.
            let (_, other) = try await server.paid(amount: 10_000, userKey: key)
            #expect(other["discountedAmount"].int64 == 0)
        }
    }

    @Test func aRatePromotionIsCappedByItsMaximum() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["discountRate": 10, "maximumDiscount": 3_000]).requireSuccess()
            let key = newUserKey()
            let (_, tenPercent) = try await server.paid(amount: 12_345, userKey: key, apiKey: merchant.testKey)
            #expect(tenPercent["discountedAmount"].int64 == 1_234, "10% rounded down")
            #expect(tenPercent["paidAmount"].int64 == 11_111)
            let (_, capped) = try await server.paid(amount: 100_000, userKey: key, apiKey: merchant.testKey)
            #expect(capped["discountedAmount"].int64 == 3_000)
            #expect(capped["paidAmount"].int64 == 97_000)
        }
    }

    @Test func promotionsAreValidated() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            let path = merchant.id
            expectFailure(try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, ["discountAmount": 0]), code: "COMMON_INVALID_PARAMETER", field: "discountAmount")
            expectFailure(try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, ["discountRate": 101]), code: "COMMON_INVALID_PARAMETER", field: "discountRate")
            expectFailure(try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, ["discountRate": 0]), code: "COMMON_INVALID_PARAMETER", field: "discountRate")
            expectFailure(try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, ["discountRate": 10, "discountAmount": 100]), code: "COMMON_INVALID_PARAMETER")
            expectFailure(try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, [:]), code: "COMMON_INVALID_PARAMETER")
            expectFailure(try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, ["discountAmount": 100, "budget": -1]), code: "COMMON_INVALID_PARAMETER", field: "budget")
            expectFailure(
                try await server.createPromotion(merchantId: "m_nobody", apiKey: merchant.testKey, ["discountAmount": 100]),
                status: .notFound, code: "COMMON_INVALID_PARAMETER", field: "merchantId"
            )
            try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, ["discountRate": 100]).requireSuccess()
            try await server.createPromotion(merchantId: path, apiKey: merchant.testKey, ["discountAmount": 1]).requireSuccess()
        }
    }

    @Test func buyerPointsDiscountExecuteAndReturnInProportion() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 100_000, "points": 800])
            let token = try await server.authorizedPayToken(amount: 10_000, points: 500, userKey: key)
            let executed = try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(executed["discountedAmount"].int64 == 500)
            #expect(executed["paidAmount"].int64 == 9_500)
            var balances = try await server.balances(key)
            #expect(balances.points == 300)
            #expect(balances.money == 90_500)

            let status = try await server.status(payToken: token, userKey: key).requireSuccess()
            #expect(status["discountAmountV2"].int64 == 0)
            #expect(status["paidPointV2"].int64 == 500)
            #expect(status["discountedAmount"].int64 == 500)
            let step = try #require(status["transactions"].objects?.first)
            #expect(step["pointAmount"].int64 == 500)
            #expect(step["discountedAmount"].int64 == 500)

            // 4,000 of 10,000 back: 200 points, 3,800 Toss Money.
            let refund = try await server.refund(payToken: token, amount: 4_000, userKey: key).requireSuccess()
            #expect(refund["refundedDiscountAmount"].int64 == 200)
            #expect(refund["refundedPaidAmount"].int64 == 3_800)
            #expect(refund["discountedAmount"].int64 == 300)
            #expect(refund["refundableAmount"].int64 == 6_000)
            balances = try await server.balances(key)
            #expect(balances.points == 500)
            #expect(balances.money == 94_300)
            let afterRefund = try await server.status(payToken: token, userKey: key).requireSuccess()
            #expect(afterRefund["paidPointV2"].int64 == 300)
            let refundStep = try #require(afterRefund["transactions"].objects?.last)
            #expect(refundStep["stepType"].string == "REFUND")
            #expect(refundStep["pointAmount"].int64 == -200)
            #expect(refundStep["transactionAmount"].int64 == -4_000)

            // The rest brings the buyer back exactly.
            try await server.refund(payToken: token, userKey: key).requireSuccess()
            balances = try await server.balances(key)
            #expect(balances.points == 800)
            #expect(balances.money == 100_000)
        }
    }

    @Test func pointsAreLimitedToWhatTheBuyerHasAndTheAmount() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "points": 500])
            let token = try await server.madePayToken(amount: 300, userKey: key)
            expectFailure(try await server.authorize(payToken: token, points: 501, userKey: key), code: "COMMON_INVALID_PARAMETER", field: "points")
            expectFailure(try await server.authorize(payToken: token, points: 301, userKey: key), code: "COMMON_INVALID_PARAMETER", field: "points")
            expectFailure(try await server.authorize(payToken: token, points: -1, userKey: key), code: "COMMON_INVALID_PARAMETER", field: "points")
            try await server.authorize(payToken: token, points: 300, userKey: key).requireSuccess()
            let executed = try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(executed["paidAmount"].int64 == 0)
            #expect(executed["discountedAmount"].int64 == 300)
            #expect(try await server.balances(key).points == 200)
        }
    }

    @Test func promotionAndPointsTogether() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["discountAmount": 1_000]).requireSuccess()
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 50_000, "points": 500], apiKey: merchant.testKey)
            let (token, executed) = try await server.paid(amount: 10_000, points: 500, userKey: key, apiKey: merchant.testKey)
            #expect(executed["discountedAmount"].int64 == 1_500)
            #expect(executed["paidAmount"].int64 == 8_500)
            let status = try await server.status(payToken: token, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(status["discountAmountV2"].int64 == 1_000)
            #expect(status["paidPointV2"].int64 == 500)
            #expect(status["discountedAmount"].int64 == 1_500)
            #expect(status["paidAmount"].int64 == 8_500)
            let step = try #require(status["transactions"].objects?.first)
            #expect(step["pointAmount"].int64 == 500)
            #expect(step["discountedAmount"].int64 == 1_500)
        }
    }

    @Test func aPromotionWhoseBudgetRanOutIsClosedAtExecuteAndTheBuyerAuthenticatesAgain() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            let created = try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["discountAmount": 1_000, "budget": 1_500]).requireSuccess()
            #expect(created["remainingBudget"].int64 == 1_500)
            let key = newUserKey()
            // Both are authorized while the budget still covers one discount.
            let first = try await server.authorizedPayToken(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            let second = try await server.authorizedPayToken(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            try await server.execute(payToken: first, userKey: key, apiKey: merchant.testKey).requireSuccess()
            let before = try await server.balances(key, apiKey: merchant.testKey)
            let closed = try await server.execute(payToken: second, userKey: key, apiKey: merchant.testKey)
            expectFailure(closed, code: "DISCOUNT_CLOSED")
            // Nothing moved, and the buyer is asked to authenticate again: back to PAY_STANDBY.
            #expect(try await server.payStatus(payToken: second, userKey: key, apiKey: merchant.testKey) == "PAY_STANDBY")
            #expect(try await server.balances(key, apiKey: merchant.testKey) == before)
            let again = try await server.execute(payToken: second, userKey: key, apiKey: merchant.testKey)
            expectFailure(again, code: "EXECUTE_PAY_NOT_APPROVED")

            let listed = try await server.send(.get, "/sandbox/v1/merchants/\(merchant.id)/promotions", contentType: nil, userKey: nil, headers: TestServer.auth(merchant.testKey)).requireSuccess()
            let promotion = try #require(listed["promotions"].objects?.first)
            #expect(promotion["remainingBudget"].int64 == 500)

            // Authenticating the same payment again gets no discount (500 won of budget cannot
            // cover 1,000) and it pays in full.
            let reauthorized = try await server.authorize(payToken: second, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(reauthorized["promotionAmount"].int64 == 0)
            let full = try await server.execute(payToken: second, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(full["discountedAmount"].int64 == 0)
            #expect(full["paidAmount"].int64 == 10_000)
            let status = try await server.status(payToken: second, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(status["transactions"].array?.count == 1)
        }
    }

    @Test func aFailedExecuteDoesNotSpendThePromotionBudget() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["discountAmount": 1_000, "budget": 1_000]).requireSuccess()
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 0, "points": 100, "bankAccount": ["balance": 100]], apiKey: merchant.testKey)
            let token = try await server.authorizedPayToken(amount: 10_000, points: 100, userKey: key, apiKey: merchant.testKey)
            let before = try await server.balances(key, apiKey: merchant.testKey)
            expectFailure(try await server.execute(payToken: token, userKey: key, apiKey: merchant.testKey), code: "COMMON_NOT_ENOUGH_CASH")
            #expect(try await server.balances(key, apiKey: merchant.testKey) == before, "points and money stay")
            let listed = try await server.send(.get, "/sandbox/v1/merchants/\(merchant.id)/promotions", contentType: nil, userKey: nil, headers: TestServer.auth(merchant.testKey)).requireSuccess()
            let promotion = try #require(listed["promotions"].objects?.first)
            #expect(promotion["remainingBudget"].int64 == 1_000)
            // With money, the same payment takes the discount and the points.
            try await server.createUser(["userKey": key, "tossMoneyBalance": 8_900, "points": 100, "bankAccount": NSNull()], apiKey: merchant.testKey)
            let executed = try await server.execute(payToken: token, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(executed["discountedAmount"].int64 == 1_100)
            #expect(executed["paidAmount"].int64 == 8_900)
            #expect(try await server.balances(key, apiKey: merchant.testKey).money == 0)
        }
    }

    /// SPEC §3's example: 10,000 paid as 9,000 + 1,000 discount, refund 4,000.
    @Test func refundsReturnTheDiscountInProportionAsTheSpecExample() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["discountAmount": 1_000]).requireSuccess()
            let key = newUserKey()
            let before = try await server.balances(key, apiKey: merchant.testKey)
            let (token, executed) = try await server.paid(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            #expect(executed["paidAmount"].int64 == 9_000)

            let refund = try await server.refund(payToken: token, amount: 4_000, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(refund["refundedAmount"].int64 == 4_000)
            #expect(refund["refundedDiscountAmount"].int64 == 400)
            #expect(refund["refundedPaidAmount"].int64 == 3_600)
            #expect(refund["discountedAmount"].int64 == 600)
            #expect(refund["paidAmount"].int64 == 5_400)
            #expect(refund["refundableAmount"].int64 == 6_000)
            #expect(try await server.balances(key, apiKey: merchant.testKey).money == before.money - 9_000 + 3_600)

            let status = try await server.status(payToken: token, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(status["payStatus"].string == "REFUND_SUCCESS")
            #expect(status["discountedAmount"].int64 == 600)
            #expect(status["discountAmountV2"].int64 == 600)
            #expect(status["paidAmount"].int64 == 5_400)

            let rest = try await server.refund(payToken: token, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(rest["refundedDiscountAmount"].int64 == 600)
            #expect(rest["refundedPaidAmount"].int64 == 5_400)
            #expect(rest["refundableAmount"].int64 == 0)
            #expect(try await server.balances(key, apiKey: merchant.testKey).money == before.money)
        }
    }
}

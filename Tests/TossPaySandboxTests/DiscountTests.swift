import Foundation
import Testing
import TossPayServer

/// SPEC §3 and §5: merchant promotions and buyer points produce discountedAmount; refunds
/// return discount and points in proportion.
@Suite("Discounts and points")
struct DiscountTests {
    @Test func aFixedPromotionDiscountsExecute() async throws {
        try await withSandboxServer { server in
            let merchant = try await server.createMerchant()
            let promotion = try await server.createPromotion(
                merchantId: merchant.id, ["name": "천원 할인", "discountAmount": 1_000, "minimumAmount": 5_000]
            ).requireSuccess()
            #expect(jsonInt(promotion["discountAmount"]) == 1_000)
            #expect(jsonInt(promotion["minimumAmount"]) == 5_000)
            #expect(promotion["active"] as? Bool == true)
            let listed = try await server.get("/sandbox/v1/merchants/\(merchant.id)/promotions").requireSuccess()
            #expect((listed["promotions"] as? [Any])?.count == 1)

            let key = newUserKey()
            let before = try await server.balances(key)
            let (token, executed) = try await server.paid(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            #expect(jsonInt(executed["amount"]) == 10_000)
            #expect(jsonInt(executed["discountedAmount"]) == 1_000)
            #expect(jsonInt(executed["paidAmount"]) == 9_000)
            #expect(try await server.balances(key).money == before.money - 9_000)

            let status = try await server.status(payToken: token, userKey: key, apiKey: merchant.testKey)
            #expect(jsonInt(status["discountedAmount"]) == 1_000)
            #expect(jsonInt(status["discountAmountV2"]) == 1_000)
            #expect(jsonInt(status["paidPointV2"]) == 0)
            #expect(jsonInt(status["paidAmount"]) == 9_000)
            #expect(jsonInt(status["refundableAmount"]) == 10_000)
            let step = try #require((status["transactions"] as? [[String: Any]])?.first)
            #expect(step["stepType"] as? String == "PAY")
            #expect(jsonInt(step["transactionAmount"]) == 10_000)
            #expect(jsonInt(step["discountedAmount"]) == 1_000)
            #expect(jsonInt(step["paidAmount"]) == 9_000)
            #expect(jsonInt(step["pointAmount"]) == 0)

            // Under the minimum amount, no discount.
            let (_, small) = try await server.paid(amount: 4_999, userKey: key, apiKey: merchant.testKey)
            #expect(jsonInt(small["discountedAmount"]) == 0)
            #expect(jsonInt(small["paidAmount"]) == 4_999)
            // Another merchant's payments (the sandbox merchant's) are not discounted.
            let (_, other) = try await server.paid(amount: 10_000, userKey: key)
            #expect(jsonInt(other["discountedAmount"]) == 0)
        }
    }

    @Test func aRatePromotionIsCappedByItsMaximum() async throws {
        try await withSandboxServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, ["discountRate": 10, "maximumDiscount": 3_000]).requireSuccess()
            let key = newUserKey()
            let (_, tenPercent) = try await server.paid(amount: 12_345, userKey: key, apiKey: merchant.testKey)
            #expect(jsonInt(tenPercent["discountedAmount"]) == 1_234, "10% rounded down")
            #expect(jsonInt(tenPercent["paidAmount"]) == 11_111)
            let (_, capped) = try await server.paid(amount: 100_000, userKey: key, apiKey: merchant.testKey)
            #expect(jsonInt(capped["discountedAmount"]) == 3_000)
            #expect(jsonInt(capped["paidAmount"]) == 97_000)
        }
    }

    @Test func promotionsAreValidated() async throws {
        try await withSandboxServer { server in
            let merchant = try await server.createMerchant()
            let path = merchant.id
            expectFailure(try await server.createPromotion(merchantId: path, ["discountAmount": 0]), code: "COMMON_INVALID_PARAMETER", field: "discountAmount")
            expectFailure(try await server.createPromotion(merchantId: path, ["discountRate": 101]), code: "COMMON_INVALID_PARAMETER", field: "discountRate")
            expectFailure(try await server.createPromotion(merchantId: path, ["discountRate": 0]), code: "COMMON_INVALID_PARAMETER", field: "discountRate")
            expectFailure(try await server.createPromotion(merchantId: path, ["discountRate": 10, "discountAmount": 100]), code: "COMMON_INVALID_PARAMETER")
            expectFailure(try await server.createPromotion(merchantId: path, [:]), code: "COMMON_INVALID_PARAMETER")
            expectFailure(try await server.createPromotion(merchantId: path, ["discountAmount": 100, "budget": -1]), code: "COMMON_INVALID_PARAMETER", field: "budget")
            expectFailure(try await server.createPromotion(merchantId: "m_nobody", ["discountAmount": 100]), code: "COMMON_INVALID_PARAMETER", field: "merchantId")
            try await server.createPromotion(merchantId: path, ["discountRate": 100]).requireSuccess()
            try await server.createPromotion(merchantId: path, ["discountAmount": 1]).requireSuccess()
        }
    }

    @Test func buyerPointsDiscountExecuteAndReturnInProportion() async throws {
        try await withSandboxServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 100_000, "points": 800])
            let token = try await server.authorizedPayToken(amount: 10_000, userKey: key, points: 500)
            let executed = try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(jsonInt(executed["discountedAmount"]) == 500)
            #expect(jsonInt(executed["paidAmount"]) == 9_500)
            var balances = try await server.balances(key)
            #expect(balances.points == 300)
            #expect(balances.money == 90_500)

            let status = try await server.status(payToken: token, userKey: key)
            #expect(jsonInt(status["discountAmountV2"]) == 0)
            #expect(jsonInt(status["paidPointV2"]) == 500)
            #expect(jsonInt(status["discountedAmount"]) == 500)
            let step = try #require((status["transactions"] as? [[String: Any]])?.first)
            #expect(jsonInt(step["pointAmount"]) == 500)
            #expect(jsonInt(step["discountedAmount"]) == 500)

            // 4,000 of 10,000 back: 200 points, 3,800 Toss Money.
            let refund = try await server.refund(payToken: token, userKey: key, amount: 4_000).requireSuccess()
            #expect(jsonInt(refund["refundedDiscountAmount"]) == 200)
            #expect(jsonInt(refund["refundedPaidAmount"]) == 3_800)
            #expect(jsonInt(refund["discountedAmount"]) == 300)
            #expect(jsonInt(refund["refundableAmount"]) == 6_000)
            balances = try await server.balances(key)
            #expect(balances.points == 500)
            #expect(balances.money == 94_300)
            let afterRefund = try await server.status(payToken: token, userKey: key)
            #expect(jsonInt(afterRefund["paidPointV2"]) == 300)
            let refundStep = try #require((afterRefund["transactions"] as? [[String: Any]])?.last)
            #expect(refundStep["stepType"] as? String == "REFUND")
            #expect(jsonInt(refundStep["pointAmount"]) == -200)
            #expect(jsonInt(refundStep["transactionAmount"]) == -4_000)

            // The rest brings the buyer back exactly.
            try await server.refund(payToken: token, userKey: key).requireSuccess()
            balances = try await server.balances(key)
            #expect(balances.points == 800)
            #expect(balances.money == 100_000)
        }
    }

    @Test func pointsAreLimitedToWhatTheBuyerHasAndTheAmount() async throws {
        try await withSandboxServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "points": 500])
            let token = try await server.madePayToken(amount: 300, userKey: key)
            expectFailure(try await server.authorize(payToken: token, userKey: key, points: 501), code: "COMMON_INVALID_PARAMETER", field: "points")
            expectFailure(try await server.authorize(payToken: token, userKey: key, points: 301), code: "COMMON_INVALID_PARAMETER", field: "points")
            expectFailure(try await server.authorize(payToken: token, userKey: key, points: -1), code: "COMMON_INVALID_PARAMETER", field: "points")
            try await server.authorize(payToken: token, userKey: key, points: 300).requireSuccess()
            let executed = try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(jsonInt(executed["paidAmount"]) == 0)
            #expect(jsonInt(executed["discountedAmount"]) == 300)
            #expect(try await server.balances(key).points == 200)
        }
    }

    @Test func promotionAndPointsTogether() async throws {
        try await withSandboxServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, ["discountAmount": 1_000]).requireSuccess()
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 50_000, "points": 500])
            let (token, executed) = try await server.paid(amount: 10_000, userKey: key, points: 500, apiKey: merchant.testKey)
            #expect(jsonInt(executed["discountedAmount"]) == 1_500)
            #expect(jsonInt(executed["paidAmount"]) == 8_500)
            let status = try await server.status(payToken: token, userKey: key, apiKey: merchant.testKey)
            #expect(jsonInt(status["discountAmountV2"]) == 1_000)
            #expect(jsonInt(status["paidPointV2"]) == 500)
            #expect(jsonInt(status["discountedAmount"]) == 1_500)
            #expect(jsonInt(status["paidAmount"]) == 8_500)
            let step = try #require((status["transactions"] as? [[String: Any]])?.first)
            #expect(jsonInt(step["pointAmount"]) == 500)
            #expect(jsonInt(step["discountedAmount"]) == 1_500)
        }
    }

    @Test func aPromotionWhoseBudgetRanOutIsClosedAtExecuteAndTheBuyerAuthenticatesAgain() async throws {
        try await withSandboxServer { server in
            let merchant = try await server.createMerchant()
            let created = try await server.createPromotion(merchantId: merchant.id, ["discountAmount": 1_000, "budget": 1_500]).requireSuccess()
            #expect(jsonInt(created["remainingBudget"]) == 1_500)
            let key = newUserKey()
            // Both are authorized while the budget still covers one discount.
            let first = try await server.authorizedPayToken(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            let second = try await server.authorizedPayToken(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            try await server.execute(payToken: first, userKey: key, apiKey: merchant.testKey).requireSuccess()
            let before = try await server.balances(key)
            let closed = try await server.execute(payToken: second, userKey: key, apiKey: merchant.testKey)
            expectFailure(closed, code: "DISCOUNT_CLOSED")
            // Nothing moved, and the buyer is asked to authenticate again: back to PAY_STANDBY.
            #expect(try await server.payStatus(payToken: second, userKey: key, apiKey: merchant.testKey) == "PAY_STANDBY")
            #expect(try await server.balances(key) == before)
            let again = try await server.execute(payToken: second, userKey: key, apiKey: merchant.testKey)
            expectFailure(again, code: "EXECUTE_PAY_NOT_APPROVED")

            let listed = try await server.get("/sandbox/v1/merchants/\(merchant.id)/promotions").requireSuccess()
            let promotion = try #require((listed["promotions"] as? [[String: Any]])?.first)
            #expect(jsonInt(promotion["remainingBudget"]) == 500)

            // Authenticating the same payment again gets no discount (500 won of budget cannot
            // cover 1,000) and it pays in full.
            let reauthorized = try await server.authorize(payToken: second, userKey: key).requireSuccess()
            #expect(jsonInt(reauthorized["promotionAmount"]) == 0)
            let full = try await server.execute(payToken: second, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(jsonInt(full["discountedAmount"]) == 0)
            #expect(jsonInt(full["paidAmount"]) == 10_000)
            let status = try await server.status(payToken: second, userKey: key, apiKey: merchant.testKey)
            #expect((status["transactions"] as? [Any])?.count == 1)
        }
    }

    @Test func aFailedExecuteDoesNotSpendThePromotionBudget() async throws {
        try await withSandboxServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, ["discountAmount": 1_000, "budget": 1_000]).requireSuccess()
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 0, "points": 100, "bankAccount": ["balance": 100]])
            let token = try await server.authorizedPayToken(amount: 10_000, userKey: key, points: 100, apiKey: merchant.testKey)
            let before = try await server.balances(key)
            expectFailure(try await server.execute(payToken: token, userKey: key, apiKey: merchant.testKey), code: "COMMON_NOT_ENOUGH_CASH")
            #expect(try await server.balances(key) == before, "points and money stay")
            let listed = try await server.get("/sandbox/v1/merchants/\(merchant.id)/promotions").requireSuccess()
            let promotion = try #require((listed["promotions"] as? [[String: Any]])?.first)
            #expect(jsonInt(promotion["remainingBudget"]) == 1_000)
            // With money, the same payment takes the discount and the points.
            try await server.createUser(["userKey": key, "tossMoneyBalance": 8_900, "points": 100, "bankAccount": NSNull()])
            let executed = try await server.execute(payToken: token, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(jsonInt(executed["discountedAmount"]) == 1_100)
            #expect(jsonInt(executed["paidAmount"]) == 8_900)
            #expect(try await server.balances(key).money == 0)
        }
    }

    /// SPEC §3's example: 10,000 paid as 9,000 + 1,000 discount, refund 4,000.
    @Test func refundsReturnTheDiscountInProportionAsTheSpecExample() async throws {
        try await withSandboxServer { server in
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, ["discountAmount": 1_000]).requireSuccess()
            let key = newUserKey()
            let before = try await server.balances(key)
            let (token, executed) = try await server.paid(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            #expect(jsonInt(executed["paidAmount"]) == 9_000)

            let refund = try await server.refund(payToken: token, userKey: key, amount: 4_000, apiKey: merchant.testKey).requireSuccess()
            #expect(jsonInt(refund["refundedAmount"]) == 4_000)
            #expect(jsonInt(refund["refundedDiscountAmount"]) == 400)
            #expect(jsonInt(refund["refundedPaidAmount"]) == 3_600)
            #expect(jsonInt(refund["discountedAmount"]) == 600)
            #expect(jsonInt(refund["paidAmount"]) == 5_400)
            #expect(jsonInt(refund["refundableAmount"]) == 6_000)
            #expect(try await server.balances(key).money == before.money - 9_000 + 3_600)

            let status = try await server.status(payToken: token, userKey: key, apiKey: merchant.testKey)
            #expect(status["payStatus"] as? String == "REFUND_SUCCESS")
            #expect(jsonInt(status["discountedAmount"]) == 600)
            #expect(jsonInt(status["discountAmountV2"]) == 600)
            #expect(jsonInt(status["paidAmount"]) == 5_400)

            let rest = try await server.refund(payToken: token, userKey: key, apiKey: merchant.testKey).requireSuccess()
            #expect(jsonInt(rest["refundedDiscountAmount"]) == 600)
            #expect(jsonInt(rest["refundedPaidAmount"]) == 5_400)
            #expect(jsonInt(rest["refundableAmount"]) == 0)
            #expect(try await server.balances(key).money == before.money)
        }
    }
}

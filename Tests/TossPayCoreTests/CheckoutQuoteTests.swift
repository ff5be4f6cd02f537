import Testing
import TossPayCore

/// SPEC §3 discounts at checkout: the merchant's best promotion first, then points up to what
/// the buyer holds and the discounted amount leaves.
@Suite("Checkout quote")
struct CheckoutQuoteTests {
    static let fixed = Promotion(id: "fixed", merchantId: "m", name: "1,000원 할인", discountAmount: 1_000, minimumAmount: 5_000)
    static let rate = Promotion(id: "rate", merchantId: "m", name: "10% 할인", discountRate: 10, maximumDiscount: 3_000)
    static let spent = Promotion(id: "spent", merchantId: "m", name: "예산 소진", discountAmount: 5_000, remainingBudget: 4_999)
    static let off = Promotion(id: "off", merchantId: "m", name: "종료", discountAmount: 9_000, active: false)

    /// (amount, promotions, buyer points) → (promotion id, promotion amount, max points, paid with max points).
    @Test(arguments: [
        (10_000, [], 0, nil, 0, 0, 10_000),                                   // nothing to take off
        (10_000, [], 3_000, nil, 0, 3_000, 7_000),                            // points only
        (10_000, [], 20_000, nil, 0, 10_000, 0),                              // points cover it all
        (10_000, [fixed], 0, "fixed", 1_000, 0, 9_000),                       // a fixed discount
        (4_999, [fixed], 0, nil, 0, 0, 4_999),                                // under its minimum
        (10_000, [fixed, rate], 0, "fixed", 1_000, 0, 9_000),                 // 10% of 10,000 ties; the first stays
        (20_000, [fixed, rate], 0, "rate", 2_000, 0, 18_000),                 // the larger discount wins
        (50_000, [rate], 0, "rate", 3_000, 0, 47_000),                        // capped at its maximum
        (50_000, [spent, fixed], 0, "fixed", 1_000, 0, 49_000),               // a budget that cannot cover is skipped
        (50_000, [off], 0, nil, 0, 0, 50_000),                                // an inactive one never applies
        (10_000, [fixed], 20_000, "fixed", 1_000, 9_000, 0),                  // points stop at the discounted amount
        (500, [Promotion(id: "all", merchantId: "m", name: "전액", discountAmount: 800)], 100, "all", 500, 0, 0), // discount ≤ amount
        (10_000, [], -5, nil, 0, 0, 10_000),                                  // no negative points
    ] as [(Int64, [Promotion], Int64, String?, Int64, Int64, Int64)])
    func quotes(
        _ amount: Int64, _ promotions: [Promotion], _ buyerPoints: Int64,
        _ promotionId: String?, _ promotionAmount: Int64, _ maxPoints: Int64, _ paid: Int64
    ) {
        let quote = CheckoutQuote.quote(amount: amount, promotions: promotions, buyerPoints: buyerPoints)
        #expect(quote.amount == amount)
        #expect(quote.promotion?.id == promotionId)
        #expect(quote.promotionAmount == promotionAmount)
        #expect(quote.maxPoints == maxPoints)
        #expect(quote.amountAfterPromotion == amount - promotionAmount)
        #expect(quote.paidAmount(points: quote.maxPoints) == paid)
    }

    @Test func pointsAreAllowedFromZeroToTheMaximum() {
        let quote = CheckoutQuote.quote(amount: 10_000, promotions: [Self.fixed], buyerPoints: 2_000)
        #expect(quote.allows(points: 0))
        #expect(quote.allows(points: 2_000))
        #expect(!quote.allows(points: 2_001))
        #expect(!quote.allows(points: -1))
    }
}

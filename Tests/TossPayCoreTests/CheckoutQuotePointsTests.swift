import Testing
import TossPayCore

/// design.md "Discounts": the checkout window offers the best promotion and at most
/// `min(points, amount − promotion)` points, and authorize accepts exactly what it offers —
/// `CheckoutQuote.quote`.
@Suite("Checkout quote (points and authorize)")
struct CheckoutQuotePointsTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let amount: Int64
        let discount: Int64?
        let points: Int64
        let maxPoints: Int64
        var testDescription: String { "amount \(amount), promotion \(discount ?? 0), holds \(points) → at most \(maxPoints) points" }
    }

    static let table: [Row] = [
        Row(amount: 10_000, discount: nil, points: 0, maxPoints: 0),
        Row(amount: 10_000, discount: nil, points: 3_000, maxPoints: 3_000),
        Row(amount: 10_000, discount: nil, points: 9_999, maxPoints: 9_999),
        Row(amount: 10_000, discount: nil, points: 10_000, maxPoints: 10_000),
        Row(amount: 10_000, discount: nil, points: 10_001, maxPoints: 10_000),
        Row(amount: 10_000, discount: 1_000, points: 8_999, maxPoints: 8_999),
        Row(amount: 10_000, discount: 1_000, points: 9_000, maxPoints: 9_000),
        Row(amount: 10_000, discount: 1_000, points: 9_001, maxPoints: 9_000),
        Row(amount: 10_000, discount: 10_000, points: 5_000, maxPoints: 0),
        Row(amount: 1, discount: nil, points: 5, maxPoints: 1),
    ]

    @Test(arguments: table)
    func pointsAreBoundedByWhatIsHeldAndWhatIsLeftAfterThePromotion(_ row: Row) {
        let promotions = row.discount.map { [Fixture.promotion(discount: $0)] } ?? []
        let quote = CheckoutQuote.quote(amount: row.amount, promotions: promotions, buyerPoints: row.points)
        #expect(quote.maxPoints == row.maxPoints)
        #expect(quote.promotionAmount == (row.discount ?? 0))
        #expect(quote.promotion?.id == row.discount.map { _ in "promo-1" })
    }

    @Test(arguments: table.filter { $0.amount >= 100 })
    func authorizeAcceptsTheQuotedMaximumAndNotOneMore(_ row: Row) throws {
        let payment = try Fixture.made(Fixture.request(amount: row.amount))
        let promotions = row.discount.map { [Fixture.promotion(discount: $0)] } ?? []
        let buyer = Fixture.buyer(points: row.points)
        let quote = CheckoutQuote.quote(amount: row.amount, promotions: promotions, buyerPoints: row.points)
        func authorize(_ points: Int64) throws(TossPayError) -> Payment {
            try PaymentOperations.authorize(
                payment, userKey: Fixture.userKey, choice: .init(payMethod: .tossMoney, points: points), buyer: buyer,
                promotions: promotions, now: payment.createdAt + 1
            ).payment
        }
        let method = try #require(try authorize(quote.maxPoints).method)
        #expect(method.pointAmount == quote.maxPoints)
        #expect(method.promotionAmount == quote.promotionAmount)
        #expect(method.promotionId == quote.promotion?.id)
        expectInvalidParameter("points") { _ = try authorize(quote.maxPoints + 1) }
    }

    @Test func theQuoteTakesTheLargestDiscountWhoseBudgetCoversIt() {
        let promotions = [
            Fixture.promotion("small", discount: 500),
            Fixture.promotion("large-no-budget", discount: 3_000, budget: 2_999),
            Fixture.promotion("medium", discount: 2_000, budget: 2_000),
        ]
        let quote = CheckoutQuote.quote(amount: 10_000, promotions: promotions, buyerPoints: 100_000)
        #expect(quote.promotion?.id == "medium")
        #expect(quote.promotionAmount == 2_000)
        #expect(quote.maxPoints == 8_000)
    }

    @Test func noPromotionQualifyingMeansNoDiscount() {
        let promotions = [Fixture.promotion(discount: 1_000, active: false)]
        let quote = CheckoutQuote.quote(amount: 10_000, promotions: promotions, buyerPoints: 0)
        #expect(quote.promotion == nil)
        #expect(quote.promotionAmount == 0)
        #expect(quote.maxPoints == 0)
    }
}

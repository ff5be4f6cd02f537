import Testing
import TossPayCore

/// `PaymentOperations.quote` (the checkout window's `/quote`): the figures for a choice of points
/// are exactly what authorize applies, its refusals are authorize's, and it moves nothing.
@Suite("Checkout figures (quote)")
struct CheckoutFiguresTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let amount: Int64
        let discount: Int64?
        let held: Int64
        let points: Int64
        /// The paid amount, or nil when the points are refused.
        let paid: Int64?
        var testDescription: String { "amount \(amount), promotion \(discount ?? 0), holds \(held), uses \(points)" }
    }

    static let table: [Row] = [
        Row(amount: 10_000, discount: nil, held: 500, points: 0, paid: 10_000),
        Row(amount: 10_000, discount: nil, held: 500, points: 500, paid: 9_500),
        Row(amount: 10_000, discount: nil, held: 500, points: 501, paid: nil),
        Row(amount: 10_000, discount: nil, held: 500, points: -1, paid: nil),
        Row(amount: 10_000, discount: 1_000, held: 20_000, points: 9_000, paid: 0),
        Row(amount: 10_000, discount: 1_000, held: 20_000, points: 9_001, paid: nil),
        Row(amount: 1_000, discount: nil, held: 2_000, points: 1_000, paid: 0),
        Row(amount: 1_000, discount: nil, held: 2_000, points: 1_001, paid: nil),
    ]

    @Test(arguments: table)
    func theQuoteAgreesWithAuthorize(_ row: Row) throws {
        let payment = try Fixture.made(Fixture.request(amount: row.amount))
        let promotions = row.discount.map { [Fixture.promotion(discount: $0)] } ?? []
        let buyer = Fixture.buyer(points: row.held)
        let now = payment.createdAt + 1
        func quote() throws(TossPayError) -> CheckoutFigures {
            try PaymentOperations.quote(payment, points: row.points, buyer: buyer, promotions: promotions, now: now)
        }
        func authorize() throws(TossPayError) -> Payment {
            try PaymentOperations.authorize(
                payment, userKey: Fixture.userKey, choice: .init(payMethod: .tossMoney, points: row.points), buyer: buyer,
                promotions: promotions, now: now
            ).payment
        }
        guard let paid = row.paid else {
            expectInvalidParameter("points") { _ = try quote() }
            expectInvalidParameter("points") { _ = try authorize() }
            return
        }
        let figures = try quote()
        let method = try #require(try authorize().method)
        #expect(figures.paidAmount == paid)
        #expect(figures.pointAmount == method.pointAmount)
        #expect(figures.promotionAmount == method.promotionAmount)
        #expect(figures.discountedAmount == method.promotionAmount + method.pointAmount)
        #expect(figures.amount == row.amount)
    }

    @Test func installmentsStartAtTheMinimumAfterPointsAndOnlyWhenAllowed() throws {
        let minimum = PaymentRules.installmentMinimumAmount
        let payment = try Fixture.made(Fixture.request(amount: minimum + 500))
        let buyer = Fixture.buyer(points: 1_000)
        let now = payment.createdAt + 1
        #expect(try PaymentOperations.quote(payment, points: 500, buyer: buyer, promotions: [], now: now).installmentAvailable)
        #expect(!(try PaymentOperations.quote(payment, points: 501, buyer: buyer, promotions: [], now: now).installmentAvailable))
        let notUse = try Fixture.made(Fixture.request(amount: minimum + 500, installment: .notUse))
        #expect(!(try PaymentOperations.quote(notUse, points: 0, buyer: buyer, promotions: [], now: now).installmentAvailable))
    }

    @Test func aPaymentPastStandbyOrExpiredIsRefusedAsAuthorizeRefusesIt() throws {
        let payment = try Fixture.made()
        let buyer = Fixture.buyer(points: 100)
        let approved = try PaymentOperations.authorize(
            payment, userKey: Fixture.userKey, choice: Fixture.money, buyer: buyer, promotions: [], now: payment.createdAt + 1
        ).payment
        for (label, candidate, now) in [
            ("approved", approved, payment.createdAt + 2), ("expired", payment, payment.expiresAt),
        ] {
            #expect(throws: TossPayError.self, "\(label)") {
                _ = try PaymentOperations.quote(candidate, points: 0, buyer: buyer, promotions: [], now: now)
            }
            do {
                _ = try PaymentOperations.quote(candidate, points: 0, buyer: buyer, promotions: [], now: now)
            } catch {
                #expect(error.code == .commonItsNotAbleToChangeStatus, "\(label)")
            }
        }
        // One millisecond before the expiry it is still quoted.
        #expect(try PaymentOperations.quote(payment, points: 0, buyer: buyer, promotions: [], now: payment.expiresAt - 1).paidAmount == 10_000)
    }
}

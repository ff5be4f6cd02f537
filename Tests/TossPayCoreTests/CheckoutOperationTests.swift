import Testing
import TossPayCore

/// SPEC §3 "Checkout": the buyer authenticates and picks a method (`PaymentOperations.authorize`)
/// or closes the window (`PaymentOperations.cancel`). design.md #19 (one-shot checkout), #20
/// (card checks on the paid amount) and "Discounts: promotions and points".
@Suite("Operation: checkout (authorize, cancel)")
struct CheckoutOperationTests {
    typealias Choice = PaymentOperations.CheckoutChoice

    static func authorize(
        _ payment: Payment, userKey: String = Fixture.userKey, choice: Choice = Fixture.money,
        buyer: SandboxUser? = Fixture.buyer(), promotions: [Promotion] = [], now: Int64? = nil
    ) throws(TossPayError) -> (effects: LedgerEffects, payment: Payment) {
        try PaymentOperations.authorize(
            payment, userKey: userKey, choice: choice, buyer: buyer, promotions: promotions, now: now ?? payment.createdAt + 30_000
        )
    }

    // MARK: who and when

    @Test func anotherBuyerIsPayUnauthorized() throws {
        let payment = try Fixture.made()
        #expect(thrownError { try Self.authorize(payment, userKey: Fixture.otherUserKey) }?.code == .payUnauthorized)
    }

    @Test(arguments: PaymentStatus.allCases.filter { $0 != .standby })
    func onlyAWaitingPaymentCanBeAuthorized(_ status: PaymentStatus) throws {
        let payment = try Fixture.payment(in: status)
        let error = thrownError { try Self.authorize(payment, now: payment.createdAt + 1) }
        #expect(error?.code == .commonItsNotAbleToChangeStatus)
        #expect(error?.reason.contains("payStatus: \(status.rawValue)") == true, "reason: \(error?.reason ?? "-")")
    }

    struct ExpiryRow: Sendable, CustomTestStringConvertible {
        let sinceExpiry: Int64
        let accepted: Bool
        var testDescription: String { "expiresAt\(sinceExpiry >= 0 ? "+" : "")\(sinceExpiry) ms → \(accepted ? "PAY_APPROVED" : "refused as PAY_CANCEL")" }
    }

    @Test(arguments: [ExpiryRow(sinceExpiry: -1, accepted: true), ExpiryRow(sinceExpiry: 0, accepted: false)])
    func aPaymentCanBeAuthorizedUntilItExpires(_ row: ExpiryRow) throws {
        let payment = try Fixture.made()
        let now = payment.expiresAt + row.sinceExpiry
        if row.accepted {
            #expect(try Self.authorize(payment, now: now).payment.status == .approved)
        } else {
            let error = thrownError { try Self.authorize(payment, now: now) }
            #expect(error?.code == .commonItsNotAbleToChangeStatus)
            #expect(error?.reason.contains("payStatus: PAY_CANCEL") == true)
        }
    }

    // MARK: methods

    struct MethodRow: Sendable, CustomTestStringConvertible {
        let enabled: EnabledPayMethods
        let method: PayMethod
        let accepted: Bool
        var testDescription: String { "enablePayMethods \(enabled.rawValue), \(method.rawValue) → \(accepted ? "accepted" : "payMethod refused")" }
    }

    @Test(arguments: [
        MethodRow(enabled: .all, method: .tossMoney, accepted: true),
        MethodRow(enabled: .all, method: .card, accepted: true),
        MethodRow(enabled: .tossMoney, method: .tossMoney, accepted: true),
        MethodRow(enabled: .tossMoney, method: .card, accepted: false),
        MethodRow(enabled: .card, method: .card, accepted: true),
        MethodRow(enabled: .card, method: .tossMoney, accepted: false),
    ])
    func onlyAnEnabledMethodCanBeChosen(_ row: MethodRow) throws {
        let payment = try Fixture.made(Fixture.request(methods: row.enabled))
        let choice = row.method == .card ? Fixture.card(1) : Fixture.money
        if row.accepted {
            #expect(try Self.authorize(payment, choice: choice).payment.method?.payMethod == row.method)
        } else {
            expectInvalidParameter("payMethod") { _ = try Self.authorize(payment, choice: choice) }
        }
    }

    @Test(arguments: [(SandboxUser.Status.inactive, ErrorCode.inactiveUser), (.paused, .pauseUser)])
    func aBuyerWhoIsNotActiveCannotAuthorize(_ status: SandboxUser.Status, _ code: ErrorCode) throws {
        let payment = try Fixture.made()
        #expect(thrownError { try Self.authorize(payment, buyer: Fixture.buyer(status: status)) }?.code == code)
        #expect(thrownError { try Self.authorize(payment, choice: Fixture.card(1), buyer: Fixture.buyer(status: status)) }?.code == code)
    }

    // MARK: points

    struct PointsRow: Sendable, CustomTestStringConvertible {
        let amount: Int64
        let promotion: Int64?
        let held: Int64
        let used: Int64
        let accepted: Bool
        let rule: String
        var testDescription: String {
            "amount \(amount), promotion \(promotion ?? 0), holds \(held), uses \(used) → \(accepted ? "accepted" : "points refused") (\(rule))"
        }
    }

    @Test(arguments: [
        PointsRow(amount: 10_000, promotion: nil, held: 3_000, used: 3_000, accepted: true, rule: "all the points held"),
        PointsRow(amount: 10_000, promotion: nil, held: 3_000, used: 3_001, accepted: false, rule: "one more than held"),
        PointsRow(amount: 10_000, promotion: nil, held: 0, used: 1, accepted: false, rule: "none held"),
        PointsRow(amount: 10_000, promotion: 1_000, held: 20_000, used: 9_000, accepted: true, rule: "all that is left after the promotion"),
        PointsRow(amount: 10_000, promotion: 1_000, held: 20_000, used: 9_001, accepted: false, rule: "one more than is left"),
        PointsRow(amount: 10_000, promotion: nil, held: 20_000, used: 10_000, accepted: true, rule: "the whole amount"),
        PointsRow(amount: 10_000, promotion: nil, held: 20_000, used: 10_001, accepted: false, rule: "one more than the amount"),
        PointsRow(amount: 10_000, promotion: nil, held: 3_000, used: 0, accepted: true, rule: "no points"),
        PointsRow(amount: 10_000, promotion: nil, held: 3_000, used: -1, accepted: false, rule: "negative points"),
    ])
    func pointsAreLimitedByWhatTheBuyerHoldsAndWhatIsLeftToPay(_ row: PointsRow) throws {
        let payment = try Fixture.made(Fixture.request(amount: row.amount))
        let promotions = row.promotion.map { [Fixture.promotion(discount: $0)] } ?? []
        let buyer = Fixture.buyer(points: row.held)
        let choice = Choice(payMethod: .tossMoney, points: row.used)
        if row.accepted {
            let method = try #require(try Self.authorize(payment, choice: choice, buyer: buyer, promotions: promotions).payment.method)
            #expect(method.pointAmount == row.used)
            #expect(method.promotionAmount == row.promotion ?? 0)
        } else {
            expectInvalidParameter("points") { _ = try Self.authorize(payment, choice: choice, buyer: buyer, promotions: promotions) }
        }
    }

    // MARK: cards

    @Test func aCardWithoutACompanyIsRefused() throws {
        let payment = try Fixture.made()
        expectInvalidParameter("cardCompanyCode") { _ = try Self.authorize(payment, choice: Choice(payMethod: .card)) }
    }

    @Test(arguments: [11, 0])
    func anUnknownCardCompanyIsRefused(_ company: Int) throws {
        let payment = try Fixture.made()
        expectInvalidParameter("cardCompanyCode") { _ = try Self.authorize(payment, choice: Fixture.card(company)) }
    }

    @Test func aCardTheBuyerDoesNotHoldIsRefused() throws {
        let payment = try Fixture.made()
        var buyer = Fixture.buyer()
        buyer.cards.removeAll { $0.companyCode == 4 }
        expectInvalidParameter("cardCompanyCode") { _ = try Self.authorize(payment, choice: Fixture.card(4), buyer: buyer) }
    }

    @Test func aCitiCardIsCardNotAvailableShop() throws {
        let payment = try Fixture.made()
        var buyer = Fixture.buyer()
        buyer.cards.append(.init(companyCode: 9, number: "5499990000009999", methodType: .credit, userType: "PERSONAL", limit: 5_000_000))
        #expect(thrownError { try Self.authorize(payment, choice: Fixture.card(9), buyer: buyer) }?.code == .cardNotAvailableShop)
    }

    /// Both card minimums apply to what the card is charged: amount − promotion − points.
    struct CardRow: Sendable, CustomTestStringConvertible {
        let amount: Int64
        let promotion: Int64
        let points: Int64
        let spreadOut: Int64
        let expected: ErrorCode?
        var testDescription: String {
            "amount \(amount) − promotion \(promotion) − points \(points) = \(amount - promotion - points) paid, \(spreadOut) months → \(codeText(expected))"
        }
    }

    static let cardMinimum = PaymentRules.cardMinimumAmount
    static let installmentMinimum = PaymentRules.installmentMinimumAmount

    @Test(arguments: [
        CardRow(amount: cardMinimum, promotion: 0, points: 0, spreadOut: 0, expected: nil),
        CardRow(amount: cardMinimum - 1, promotion: 0, points: 0, spreadOut: 0, expected: .cardMinAmountError),
        CardRow(amount: 1_000, promotion: 0, points: 1_000 - cardMinimum, spreadOut: 0, expected: nil),
        CardRow(amount: 1_000, promotion: 0, points: 1_000 - cardMinimum + 1, spreadOut: 0, expected: .cardMinAmountError),
        CardRow(amount: 1_000 + cardMinimum, promotion: 1_000, points: 0, spreadOut: 0, expected: nil),
        CardRow(amount: 1_000 + cardMinimum - 1, promotion: 1_000, points: 0, spreadOut: 0, expected: .cardMinAmountError),
        CardRow(amount: installmentMinimum, promotion: 0, points: 0, spreadOut: 3, expected: nil),
        CardRow(amount: installmentMinimum - 1, promotion: 0, points: 0, spreadOut: 3, expected: .cardMinAmountForSpreadoutError),
        CardRow(amount: installmentMinimum + 1_000, promotion: 1_000, points: 0, spreadOut: 3, expected: nil),
        CardRow(amount: installmentMinimum + 1_000, promotion: 1_000, points: 1, spreadOut: 3, expected: .cardMinAmountForSpreadoutError),
        CardRow(amount: installmentMinimum + 999, promotion: 1_000, points: 0, spreadOut: 3, expected: .cardMinAmountForSpreadoutError),
        CardRow(amount: installmentMinimum - 1, promotion: 0, points: 0, spreadOut: 0, expected: nil),
    ])
    func cardMinimumsApplyToThePaidAmount(_ row: CardRow) throws {
        let payment = try Fixture.made(Fixture.request(amount: row.amount))
        let promotions = row.promotion > 0 ? [Fixture.promotion(discount: row.promotion)] : []
        let buyer = Fixture.buyer(points: row.points)
        let choice = Fixture.card(1, spreadOut: row.spreadOut, points: row.points)
        if let code = row.expected {
            #expect(thrownError { try Self.authorize(payment, choice: choice, buyer: buyer, promotions: promotions) }?.code == code)
        } else {
            let method = try #require(try Self.authorize(payment, choice: choice, buyer: buyer, promotions: promotions).payment.method)
            #expect(method.spreadOut == row.spreadOut)
        }
    }

    @Test func installmentsOnAPaymentThatDoesNotOfferThemAreRefused() throws {
        let payment = try Fixture.made(Fixture.request(amount: 60_000, installment: .notUse))
        #expect(thrownError { try Self.authorize(payment, choice: Fixture.card(1, spreadOut: 2)) }?.code == .cardSpreadoutError)
        #expect(try Self.authorize(payment, choice: Fixture.card(1)).payment.status == .approved)
    }

    @Test(arguments: [(Int64(24), true), (25, false), (-1, false)])
    func installmentMonthsAreZeroToTwentyFour(_ months: Int64, _ accepted: Bool) throws {
        let payment = try Fixture.made(Fixture.request(amount: 60_000))
        if accepted {
            #expect(try Self.authorize(payment, choice: Fixture.card(1, spreadOut: months)).payment.method?.spreadOut == months)
        } else {
            expectInvalidParameter("spreadOut") { _ = try Self.authorize(payment, choice: Fixture.card(1, spreadOut: months)) }
        }
    }

    @Test func authorizeDoesNotCheckTheCardLimitOnlyExecuteDoes() throws {
        let payment = try Fixture.made(Fixture.request(amount: 10_001))
        #expect(try Self.authorize(payment, choice: Fixture.card(1), buyer: Fixture.buyer(cardLimit: 10_000)).payment.status == .approved)
    }

    // MARK: promotions

    @Test func theLargestDiscountWhoseBudgetCoversItIsChosen() throws {
        let payment = try Fixture.made(Fixture.request(amount: 10_000))
        let promotions = [
            Fixture.promotion("fixed-1000", discount: 1_000),
            Promotion(id: "rate-15", merchantId: Fixture.merchant, name: "15%", discountRate: 15, maximumDiscount: 2_000),
            Promotion(id: "rate-30-no-budget", merchantId: Fixture.merchant, name: "30%", discountRate: 30, remainingBudget: 2_999),
            Fixture.promotion("inactive-5000", discount: 5_000, active: false),
            Promotion(id: "min-20000", merchantId: Fixture.merchant, name: "big", discountAmount: 4_000, minimumAmount: 10_001),
        ]
        let method = try #require(try Self.authorize(payment, promotions: promotions).payment.method)
        #expect(method.promotionId == "rate-15")
        #expect(method.promotionAmount == 1_500)
    }

    @Test func aBudgetExactlyCoveringTheDiscountQualifies() throws {
        let payment = try Fixture.made(Fixture.request(amount: 10_000))
        let method = try #require(try Self.authorize(payment, promotions: [Fixture.promotion(discount: 1_000, budget: 1_000)]).payment.method)
        #expect(method.promotionId == "promo-1")
        #expect(method.promotionAmount == 1_000)
        let short = try #require(try Self.authorize(payment, promotions: [Fixture.promotion(discount: 1_000, budget: 999)]).payment.method)
        #expect(short.promotionId == nil)
        #expect(short.promotionAmount == 0)
    }

    // MARK: the outcome

    @Test func authorizingRecordsTheChoiceAndMovesNoMoney() throws {
        let payment = try Fixture.made(Fixture.request(amount: 60_000))
        let now = payment.createdAt + 42_000
        let result = try Self.authorize(
            payment, choice: Fixture.card(6, spreadOut: 3, points: 500), buyer: Fixture.buyer(points: 800),
            promotions: [Fixture.promotion(discount: 2_000)], now: now
        )
        #expect(result.payment.status == .approved)
        #expect(result.payment.method == Payment.MethodChoice(
            payMethod: .card, cardCompanyCode: 6, spreadOut: 3, authorizedAt: now, promotionId: "promo-1", promotionAmount: 2_000,
            pointAmount: 500
        ))
        #expect(result.payment.execution == nil)
        #expect(result.payment.expiresAt == payment.expiresAt, "authorizing does not extend the wait")
        #expect(result.effects == LedgerEffects(updatedPayments: [result.payment]), "no buyer, promotion, step or journal change")
    }

    @Test func tossMoneyKeepsNoCardCompanyOrInstallments() throws {
        let payment = try Fixture.made(Fixture.request(amount: 60_000))
        let choice = Choice(payMethod: .tossMoney, cardCompanyCode: 3, spreadOut: 6)
        let method = try #require(try Self.authorize(payment, choice: choice).payment.method)
        #expect(method.payMethod == .tossMoney)
        #expect(method.cardCompanyCode == nil)
        #expect(method.spreadOut == 0)
    }

    @Test func anUnknownBuyerIsCreatedOnFirstUse() throws {
        let payment = try Fixture.made()
        let result = try Self.authorize(payment, buyer: nil)
        #expect(result.effects.createdBuyer?.buyer == SandboxUser.standard(merchantId: Fixture.merchant, userKey: Fixture.userKey))
        #expect(result.effects.createdBuyer?.openingEntry.isBalanced == true)
        #expect(try Self.authorize(payment).effects.createdBuyer == nil)
    }

    // MARK: cancel

    struct CancelRow: Sendable, CustomTestStringConvertible {
        let status: PaymentStatus
        let expected: ErrorCode?
        var testDescription: String { "\(status.rawValue) → \(codeText(expected))" }
    }

    @Test(arguments: [
        CancelRow(status: .standby, expected: nil),
        CancelRow(status: .approved, expected: nil),
        CancelRow(status: .cancelled, expected: .commonItsNotAbleToChangeStatus),
        CancelRow(status: .inProgress, expected: .commonItsNotAbleToChangeStatus),
        CancelRow(status: .complete, expected: .commonItsNotAbleToChangeStatus),
        CancelRow(status: .refundInProgress, expected: .commonItsNotAbleToChangeStatus),
        CancelRow(status: .refunded, expected: .commonItsNotAbleToChangeStatus),
        CancelRow(status: .settled, expected: .commonItsNotAbleToChangeStatus),
        CancelRow(status: .refundSettled, expected: .commonItsNotAbleToChangeStatus),
    ])
    func onlyAWaitingPaymentCanBeCancelled(_ row: CancelRow) throws {
        let payment = try Fixture.payment(in: row.status)
        let now = payment.createdAt + 120_000
        if let code = row.expected {
            let error = thrownError { try PaymentOperations.cancel(payment, userKey: Fixture.userKey, now: now) }
            #expect(error?.code == code)
            #expect(error?.reason.contains("payStatus: \(row.status.rawValue)") == true)
        } else {
            let result = try PaymentOperations.cancel(payment, userKey: Fixture.userKey, now: now)
            #expect(result.payment.status == .cancelled)
            #expect(result.payment.cancelledAt == now)
            #expect(result.effects == LedgerEffects(updatedPayments: [result.payment]))
        }
    }

    @Test func anotherBuyerCannotCancel() throws {
        let payment = try Fixture.made()
        #expect(thrownError { try PaymentOperations.cancel(payment, userKey: Fixture.otherUserKey, now: payment.createdAt + 1) }?.code == .payUnauthorized)
    }

    @Test func aCancelWithoutAUserKeyIsAllowed() throws {
        let payment = try Fixture.authorized()
        #expect(try PaymentOperations.cancel(payment, userKey: nil, now: payment.createdAt + 1).payment.status == .cancelled)
    }

    @Test(arguments: [(Int64(-1), true), (0, false)])
    func aPaymentCanBeCancelledUntilItExpires(_ sinceExpiry: Int64, _ accepted: Bool) throws {
        let payment = try Fixture.made()
        let now = payment.expiresAt + sinceExpiry
        if accepted {
            #expect(try PaymentOperations.cancel(payment, userKey: nil, now: now).payment.cancelledAt == now)
        } else {
            let error = thrownError { try PaymentOperations.cancel(payment, userKey: nil, now: now) }
            #expect(error?.code == .commonItsNotAbleToChangeStatus)
            #expect(error?.reason.contains("payStatus: PAY_CANCEL") == true)
        }
    }
}

import Testing
import TossPayCore

/// SPEC §3 refund-payment with its legacy extensions (partial `amount`, tax split, `refundNo`):
/// what may be refunded, idempotency, the tax split left, proportional return of discounts,
/// bank maintenance and the journal — `PaymentOperations.refund`.
@Suite("Operation: refund-payment")
struct RefundOperationTests {
    typealias Paid = Fixture.Paid

    /// 12,000 won: taxable 9,000, tax-free 1,000, VAT 900, service fee 1,100; paid by Toss Money.
    static let split = TaxSplit(taxable: 9_000, taxFree: 1_000, vat: 900, serviceFee: 1_100)
    static func paidWithSplit() throws -> Paid {
        try Fixture.paid(Fixture.request(amount: 12_000, taxSplit: split))
    }

    /// 10,000 won paid as 8,000 Toss Money + a 1,000-won promotion + 1,000 points.
    static func paidWithDiscounts(choice: PaymentOperations.CheckoutChoice = .init(payMethod: .tossMoney, points: 1_000)) throws -> Paid {
        try Fixture.paid(choice: choice, buyer: Fixture.buyer(points: 1_000), promotions: [Fixture.promotion(discount: 1_000)])
    }

    static func refund(
        _ paid: Paid, _ request: RefundPaymentRequest, merchantId: String = Fixture.merchant, userKey: String = Fixture.userKey,
        earlier: PaymentTransaction? = nil, windows: [MaintenanceWindow] = [], now: Int64 = Fixture.noon + 120_000
    ) throws(TossPayError) -> (effects: LedgerEffects, outcome: PaymentOperations.RefundOutcome) {
        try PaymentOperations.refund(
            request, merchantId: merchantId, userKey: userKey, rows: paid.refundRows(earlier: earlier, windows: windows),
            transactionId: "refund-tx", refundNo: "generated-no", now: now
        )
    }

    // MARK: whose payment

    @Test func anotherMerchantsPaymentIsNotFound() throws {
        let paid = try Fixture.paid()
        #expect(thrownError { try Self.refund(paid, Fixture.refundRequest(), merchantId: Fixture.otherMerchant) }?.code == .transactionNotFound)
    }

    @Test func aPaymentOfTheOtherModeIsNotFound() throws {
        let paid = try Fixture.paid()
        #expect(thrownError { try Self.refund(paid, Fixture.refundRequest(mode: .live)) }?.code == .transactionNotFound)
    }

    @Test func anotherBuyerIsPayUnauthorized() throws {
        let paid = try Fixture.paid()
        #expect(thrownError { try Self.refund(paid, Fixture.refundRequest(), userKey: Fixture.otherUserKey) }?.code == .payUnauthorized)
    }

    // MARK: from which status

    struct StatusRow: Sendable, CustomTestStringConvertible {
        let status: PaymentStatus
        let expected: ErrorCode?
        var testDescription: String { "\(status.rawValue) → \(codeText(expected))" }
    }

    @Test(arguments: [
        StatusRow(status: .standby, expected: .commonRefundError),
        StatusRow(status: .approved, expected: .commonRefundError),
        StatusRow(status: .cancelled, expected: .commonRefundError),
        StatusRow(status: .inProgress, expected: .commonRefundError),
        StatusRow(status: .complete, expected: nil),
        StatusRow(status: .refundInProgress, expected: .transactionPendingError),
        StatusRow(status: .refunded, expected: nil),
        StatusRow(status: .settled, expected: .commonRefundError),
        StatusRow(status: .refundSettled, expected: .commonRefundError),
    ])
    func onlyAPaidPaymentNotYetSettledCanBeRefunded(_ row: StatusRow) throws {
        let payment = try Fixture.payment(in: row.status)
        let rows = PaymentOperations.RefundRows(payment: payment, earlierRefund: nil, steps: [], buyer: Fixture.buyer(), maintenanceWindows: [])
        let refund = { () throws(TossPayError) in
            try PaymentOperations.refund(
                Fixture.refundRequest(), merchantId: Fixture.merchant, userKey: Fixture.userKey, rows: rows, transactionId: "tx",
                refundNo: "no", now: payment.createdAt + 300_000
            )
        }
        if let code = row.expected {
            let error = thrownError { try refund() }
            #expect(error?.code == code)
            #expect(error?.reason.contains("payStatus: \(row.status.rawValue)") == true)
        } else {
            #expect(try refund().outcome.payment.status == .refunded)
        }
    }

    // MARK: how much

    struct AmountRow: Sendable, CustomTestStringConvertible {
        let earlier: Int64?
        let amount: Int64
        let accepted: Bool
        var testDescription: String {
            "\(earlier.map { "after refunding \($0), " } ?? "")refund \(amount) of 10,000 → \(accepted ? "accepted" : "amount refused")"
        }
    }

    @Test(arguments: [
        AmountRow(earlier: nil, amount: 10_000, accepted: true),
        AmountRow(earlier: nil, amount: 10_001, accepted: false),
        AmountRow(earlier: nil, amount: 1, accepted: true),
        AmountRow(earlier: 3_000, amount: 7_000, accepted: true),
        AmountRow(earlier: 3_000, amount: 7_001, accepted: false),
        AmountRow(earlier: 9_999, amount: 1, accepted: true),
        AmountRow(earlier: 9_999, amount: 2, accepted: false),
    ])
    func atMostWhatIsStillRefundableCanBeRefunded(_ row: AmountRow) throws {
        var paid = try Fixture.paid()
        if let earlier = row.earlier { try paid.refund(Fixture.refundRequest(amount: earlier), transactionId: "first") }
        if row.accepted {
            let refund = try Self.refund(paid, Fixture.refundRequest(amount: row.amount))
            #expect(refund.outcome.refund.transactionAmount == -row.amount)
            #expect(refund.outcome.payment.refundableAmount == 10_000 - (row.earlier ?? 0) - row.amount)
        } else {
            expectInvalidParameter("amount") { _ = try Self.refund(paid, Fixture.refundRequest(amount: row.amount)) }
        }
    }

    @Test func withoutAnAmountEverythingStillRefundableIsRefunded() throws {
        var paid = try Fixture.paid()
        try paid.refund(Fixture.refundRequest(amount: 2_500))
        let refund = try Self.refund(paid, Fixture.refundRequest())
        #expect(refund.outcome.refund.transactionAmount == -7_500)
        #expect(refund.outcome.payment.refundableAmount == 0)
    }

    @Test func aFullRefundLeavesNothingRefundableAndASecondIsAlreadyRefunded() throws {
        var paid = try Fixture.paid()
        let first = try paid.refund(Fixture.refundRequest())
        #expect(first.outcome.payment.status == .refunded)
        #expect(first.outcome.payment.refundableAmount == 0)
        #expect(first.outcome.refund.refundableAfter == 0)
        #expect(first.outcome.refund.paidAfter == 0)
        #expect(first.outcome.refund.discountedAfter == 0)
        let error = thrownError { try Self.refund(paid, Fixture.refundRequest()) }
        #expect(error?.code == .refundAlreadyRefunded)
        #expect(error?.reason.contains("payStatus: REFUND_SUCCESS") == true)
        #expect(thrownError { try Self.refund(paid, Fixture.refundRequest(amount: 1)) }?.code == .refundAlreadyRefunded)
    }

    @Test func partialRefundsRepeatUntilNothingIsLeft() throws {
        var paid = try Fixture.paid()
        for (index, amount) in [Int64(1_000), 2_000, 3_000, 4_000].enumerated() {
            let refund = try paid.refund(Fixture.refundRequest(amount: amount), transactionId: "tx-\(index)")
            #expect(refund.outcome.payment.status == .refunded)
        }
        #expect(paid.payment.refundableAmount == 0)
        #expect(paid.steps.map(\.refundableAfter) == [nil, 9_000, 7_000, 4_000, 0])
        #expect(thrownError { try Self.refund(paid, Fixture.refundRequest(amount: 1)) }?.code == .refundAlreadyRefunded)
    }

    // MARK: refundNo

    @Test func aRepeatedRefundNoWithTheSameBodyAnswersTheFirstRefundAndWritesNothing() throws {
        var paid = try Fixture.paid()
        let request = Fixture.refundRequest(amount: 3_000, refundNo: "R-1")
        let first = try paid.refund(request)
        #expect(first.outcome.refund.refundNo == "R-1")
        let again = try Self.refund(paid, request, earlier: first.outcome.refund, now: Fixture.noon + 600_000)
        #expect(again.effects.isEmpty)
        #expect(again.outcome.refund == first.outcome.refund)
        #expect(again.outcome.payment == paid.payment)
    }

    @Test func aRepeatedRefundNoAnswersTheFirstRefundEvenWhenNothingIsLeft() throws {
        var paid = try Fixture.paid()
        let request = Fixture.refundRequest(refundNo: "R-1")
        let first = try paid.refund(request)
        let again = try Self.refund(paid, request, earlier: first.outcome.refund)
        #expect(again.effects.isEmpty)
        #expect(again.outcome.refund == first.outcome.refund)
    }

    @Test(arguments: [
        ("another amount", Fixture.refundRequest(amount: 3_001, refundNo: "R-1")),
        ("another reason", Fixture.refundRequest(amount: 3_000, refundNo: "R-1", reason: "다른 사유")),
        ("a tax split", Fixture.refundRequest(amount: 3_000, taxFree: 0, refundNo: "R-1")),
        ("no amount", Fixture.refundRequest(refundNo: "R-1")),
    ])
    func aRepeatedRefundNoWithAnotherBodyIsRefundNoDuplicate(_ change: String, _ request: RefundPaymentRequest) throws {
        var paid = try Fixture.paid()
        let first = try paid.refund(Fixture.refundRequest(amount: 3_000, refundNo: "R-1"))
        let error = thrownError { try Self.refund(paid, request, earlier: first.outcome.refund) }
        #expect(error?.code == .refundRefundNoDuplicate, "\(change)")
    }

    @Test func aRefundWithoutRefundNoIsNamedByTheGeneratedOne() throws {
        let paid = try Fixture.paid()
        #expect(try Self.refund(paid, Fixture.refundRequest()).outcome.refund.refundNo == "generated-no")
        #expect(try Self.refund(paid, Fixture.refundRequest(refundNo: "mine")).outcome.refund.refundNo == "mine")
    }

    // MARK: tax split

    /// The first refund took 6,000 as tax-free 500, taxable 4,500, VAT 450, fee 550; the same
    /// is left. A second refund of 6,000 may take each part up to what is left.
    struct SplitRow: Sendable, CustomTestStringConvertible {
        let taxFree: Int64
        let taxable: Int64
        let vat: Int64
        let fee: Int64
        let refused: String?
        var testDescription: String { "6,000 as \(taxFree)/\(taxable)/\(vat)/\(fee) → \(refused.map { "\($0) refused" } ?? "accepted")" }
    }

    @Test(arguments: [
        SplitRow(taxFree: 500, taxable: 4_500, vat: 450, fee: 550, refused: nil),
        SplitRow(taxFree: 501, taxable: 4_499, vat: 450, fee: 550, refused: "amountTaxFree"),
        SplitRow(taxFree: 500, taxable: 4_501, vat: 449, fee: 550, refused: "amountTaxable"),
        SplitRow(taxFree: 500, taxable: 4_499, vat: 451, fee: 550, refused: "amountVat"),
        SplitRow(taxFree: 500, taxable: 4_499, vat: 450, fee: 551, refused: "amountServiceFee"),
    ])
    func anExplicitTaxSplitMayTakeEachPartOnlyUpToWhatRemains(_ row: SplitRow) throws {
        var paid = try Self.paidWithSplit()
        try paid.refund(Fixture.refundRequest(amount: 6_000, taxFree: 500, taxable: 4_500, vat: 450, serviceFee: 550), transactionId: "first")
        #expect(PaymentOperations.remainingSplit(paid.payment, paid.steps) == TaxSplit(taxable: 4_500, taxFree: 500, vat: 450, serviceFee: 550))
        let request = Fixture.refundRequest(amount: 6_000, taxFree: row.taxFree, taxable: row.taxable, vat: row.vat, serviceFee: row.fee)
        if let field = row.refused {
            expectInvalidParameter(field) { _ = try Self.refund(paid, request) }
        } else {
            let refund = try Self.refund(paid, request)
            #expect(refund.outcome.refund.taxSplit == TaxSplit(taxable: 4_500, taxFree: 500, vat: 450, serviceFee: 550))
            #expect(refund.outcome.payment.refundableAmount == 0)
        }
    }

    @Test(arguments: [(Int64(1_000), true), (1_001, false)])
    func aFirstExplicitSplitIsBoundedByThePaymentsOwnSplit(_ taxFree: Int64, _ accepted: Bool) throws {
        let paid = try Self.paidWithSplit()
        let request = Fixture.refundRequest(amount: 2_000, taxFree: taxFree, vat: 0)
        if accepted {
            let refund = try Self.refund(paid, request)
            #expect(refund.outcome.refund.taxSplit == TaxSplit(taxable: 1_000, taxFree: 1_000, vat: 0, serviceFee: 0))
        } else {
            expectInvalidParameter("amountTaxFree") { _ = try Self.refund(paid, request) }
        }
    }

    @Test func withoutATaxSplitAPartialRefundTakesAShareAndTheLastTakesTheRest() throws {
        var paid = try Self.paidWithSplit()
        let first = try paid.refund(Fixture.refundRequest(amount: 3_000), transactionId: "first")
        #expect(first.outcome.refund.taxSplit == TaxSplit(taxable: 2_250, taxFree: 250, vat: 225, serviceFee: 275))
        let second = try paid.refund(Fixture.refundRequest(amount: 1), transactionId: "second")
        #expect(second.outcome.refund.taxSplit?.total == 1)
        let last = try paid.refund(Fixture.refundRequest(), transactionId: "last")
        let refunded = paid.steps.compactMap(\.taxSplit)
        #expect(refunded.count == 3)
        #expect(last.outcome.refund.taxSplit == PaymentOperations.remainingSplit(
            paid.payment, Array(paid.steps.dropLast())
        ))
        #expect(TaxSplit(
            taxable: refunded.map(\.taxable).reduce(0, +), taxFree: refunded.map(\.taxFree).reduce(0, +),
            vat: refunded.map(\.vat).reduce(0, +), serviceFee: refunded.map(\.serviceFee).reduce(0, +)
        ) == Self.split, "the refunds' splits add up to the payment's")
        #expect(PaymentOperations.remainingSplit(paid.payment, paid.steps) == TaxSplit(taxable: 0, taxFree: 0, vat: 0, serviceFee: 0))
    }

    @Test func theRemainingSplitIgnoresPayStepsAndRefundsWithoutASplit() throws {
        let paid = try Self.paidWithSplit()
        let bare = PaymentTransaction(
            transactionId: "t", payToken: "tok-1", stepType: .refund, transactionAmount: -1, paidAmount: -1, discountedAmount: 0,
            pointAmount: 0, registeredAt: 0
        )
        #expect(PaymentOperations.remainingSplit(paid.payment, paid.steps + [bare]) == Self.split)
    }

    // MARK: bank maintenance

    static let window = try! MaintenanceWindow(parsing: "23:30-00:30")

    @Test(arguments: [
        (Fixture.kst("2025-06-01", 23, 29, 59, millisecond: 999), false),
        (Fixture.kst("2025-06-01", 23, 30), true),
        (Fixture.kst("2025-06-02", 0, 29, 59, millisecond: 999), true),
        (Fixture.kst("2025-06-02", 0, 30), false),
    ])
    func aTossMoneyRefundIsRefusedInsideABankMaintenanceWindow(_ at: Int64, _ inside: Bool) throws {
        let money = try Fixture.paid(at: at - 300_000)
        let card = try Fixture.paid(choice: Fixture.card(1), at: at - 300_000)
        if inside {
            #expect(thrownError { try Self.refund(money, Fixture.refundRequest(), windows: [Self.window], now: at) }?.code == .commonBreakTimeOfBank)
        } else {
            #expect(try Self.refund(money, Fixture.refundRequest(), windows: [Self.window], now: at).outcome.payment.refundableAmount == 0)
        }
        #expect(try Self.refund(card, Fixture.refundRequest(), windows: [Self.window], now: at).outcome.payment.refundableAmount == 0,
                "a card refund ignores bank maintenance")
    }

    // MARK: discounts and the journal

    /// SPEC §3: 10,000 paid as 9,000 + 1,000 discount, refund 4,000 → refundedDiscountAmount
    /// 400, refundedPaidAmount 3,600, remaining discountedAmount 600.
    @Test func theSpecsExampleReturnsTheDiscountInProportion() throws {
        let paid = try Fixture.paid(promotions: [Fixture.promotion(discount: 1_000)])
        let refund = try Self.refund(paid, Fixture.refundRequest(amount: 4_000))
        #expect(refund.outcome.refund.discountedAmount == -400)
        #expect(refund.outcome.refund.paidAmount == -3_600)
        #expect(refund.outcome.refund.discountedAfter == 600)
        #expect(refund.outcome.payment.currentDiscountedAmount == 600)
        #expect(refund.outcome.payment.currentPaidAmount == 5_400)
    }

    @Test func promotionAndPointsReturnInProportionAndTheLastRefundTakesTheRest() throws {
        var paid = try Self.paidWithDiscounts()
        #expect(paid.payment.execution?.paidAmount == 8_000)
        let half = try paid.refund(Fixture.refundRequest(amount: 5_000), transactionId: "half")
        #expect(half.outcome.refund.paidAmount == -4_000)
        #expect(half.outcome.refund.discountedAmount == -1_000)
        #expect(half.outcome.refund.pointAmount == -500)
        #expect(half.outcome.payment.refunded == Payment.RefundTotals(paid: 4_000, promotion: 500, points: 500))
        #expect(half.effects.updatedBuyer?.tossMoneyBalance == 996_000)
        #expect(half.effects.updatedBuyer?.points == 500)
        let entry = try #require(half.effects.journal.first)
        #expect(half.effects.journal.count == 1)
        #expect(entry.kind == .refund)
        #expect(entry.isBalanced)
        let balances = ledgerBalances([entry])
        #expect(balances[JournalEntry.Account.money(Fixture.merchant, Fixture.userKey)] == 4_000)
        #expect(balances[JournalEntry.Account.points(Fixture.merchant, Fixture.userKey)] == 500)
        #expect(balances[JournalEntry.Account.promotion(Fixture.merchant)] == 500)
        #expect(balances[JournalEntry.Account.sales(Fixture.merchant)] == -5_000)

        try paid.refund(Fixture.refundRequest(amount: 3_333), transactionId: "odd")
        try paid.refund(Fixture.refundRequest(), transactionId: "rest")
        #expect(paid.payment.refunded == Payment.RefundTotals(paid: 8_000, promotion: 1_000, points: 1_000))
        #expect(paid.buyer.tossMoneyBalance == 1_000_000)
        #expect(paid.buyer.points == 1_000)
        #expect(paid.payment.currentDiscountedAmount == 0 && paid.payment.currentPaidAmount == 0)
    }

    @Test func theJournalBalancesAndMatchesTheBuyerAfterEveryRefund() throws {
        var paid = try Self.paidWithDiscounts(choice: Fixture.card(4, points: 1_000))
        for (index, amount) in [Int64(1), 999, 4_321, 2_000].enumerated() {
            let refund = try paid.refund(Fixture.refundRequest(amount: amount), transactionId: "tx-\(index)")
            #expect(refund.effects.journal.allSatisfy { $0.isBalanced })
            #expect(postingsTotal(refund.effects.journal) == 0)
            let journal = ledgerBalances(paid.journal)
            for (account, balance) in paid.buyer.accountBalances { #expect(journal[account, default: 0] == balance, "\(account)") }
            #expect(journal[JournalEntry.Account.sales(Fixture.merchant), default: 0] == paid.payment.amount - paid.payment.refunded.total)
        }
        #expect(paid.buyer.card(company: 4)?.used == 8_000 - paid.payment.refunded.paid)
    }

    @Test func theRefundStepRecordsTheRequest() throws {
        let paid = try Fixture.paid()
        let request = Fixture.refundRequest(amount: 1_000, refundNo: "R-9", reason: "부분 환불")
        let now = Fixture.noon + 777_000
        let refund = try Self.refund(paid, request, now: now)
        let step = refund.outcome.refund
        #expect(refund.effects.step == step)
        #expect(refund.effects.updatedPayments == [refund.outcome.payment])
        #expect(step.transactionId == "refund-tx")
        #expect(step.payToken == "tok-1")
        #expect(step.stepType == .refund)
        #expect(step.transactionAmount == -1_000)
        #expect(step.registeredAt == now)
        #expect(step.refundNo == "R-9")
        #expect(step.reason == "부분 환불")
        #expect(step.requestFingerprint == request.fingerprint)
        #expect(step.refundableAfter == 9_000)
    }
}

import Testing
import TossPayCore

/// SPEC §3 execute-payment and §5's sandbox world: who may execute, from which status, bank
/// maintenance for Toss Money, closed promotions (`DISCOUNT_CLOSED`), the buyer's method and
/// what a paid execute writes — `PaymentOperations.execute`.
@Suite("Operation: execute-payment")
struct ExecuteOperationTests {
    typealias Decision = PaymentOperations.ExecuteDecision

    static func execute(
        _ payment: Payment?, orderNo: String? = nil, mode: PaymentMode = .test, merchantId: String = Fixture.merchant,
        userKey: String = Fixture.userKey, buyer: SandboxUser? = Fixture.buyer(), promotions: [Promotion] = [],
        windows: [MaintenanceWindow] = [], now: Int64? = nil
    ) throws(TossPayError) -> Decision {
        try PaymentOperations.execute(
            ExecutePaymentRequest(payToken: payment?.payToken ?? "tok-unknown", orderNo: orderNo, mode: mode),
            merchantId: merchantId, userKey: userKey,
            rows: .init(payment: payment, buyer: buyer, promotions: promotions, maintenanceWindows: windows),
            transactionId: "3f2b9c1e-0000-4000-8000-000000000042", now: now ?? (payment?.createdAt ?? Fixture.noon) + 60_000
        )
    }

    /// The effects and payment of a paid decision, or an issue.
    static func paid(_ decision: Decision, sourceLocation: SourceLocation = #_sourceLocation) throws -> (LedgerEffects, Payment) {
        guard case .paid(let effects, let payment) = decision else {
            Issue.record("expected the payment to be paid, got \(decision)", sourceLocation: sourceLocation)
            throw TossPayError(.commonSystemError)
        }
        return (effects, payment)
    }

    // MARK: whose payment

    @Test func anotherMerchantsPaymentIsNotFound() throws {
        let payment = try Fixture.authorized()
        #expect(thrownError { try Self.execute(payment, merchantId: Fixture.otherMerchant) }?.code == .transactionNotFound)
    }

    @Test func aPaymentOfTheOtherModeIsNotFound() throws {
        let payment = try Fixture.authorized()
        #expect(thrownError { try Self.execute(payment, mode: .live) }?.code == .transactionNotFound)
        let live = try Fixture.authorized(Fixture.request(mode: .live))
        #expect(thrownError { try Self.execute(live, mode: .test) }?.code == .transactionNotFound)
        _ = try Self.paid(try Self.execute(live, mode: .live))
    }

    @Test func anUnknownPayTokenIsNotFound() {
        #expect(thrownError { try Self.execute(nil) }?.code == .transactionNotFound)
    }

    @Test func aDifferentOrderNoIsRefused() throws {
        let payment = try Fixture.authorized()
        expectInvalidParameter("orderNo") { _ = try Self.execute(payment, orderNo: "order-2") }
        _ = try Self.paid(try Self.execute(payment, orderNo: "order-1"))
    }

    @Test func anotherBuyerIsPayUnauthorized() throws {
        let payment = try Fixture.authorized()
        #expect(thrownError { try Self.execute(payment, userKey: Fixture.otherUserKey) }?.code == .payUnauthorized)
    }

    // MARK: from which status

    struct StatusRow: Sendable, CustomTestStringConvertible {
        let status: PaymentStatus
        let expected: ErrorCode?
        var testDescription: String { "\(status.rawValue) → \(codeText(expected))" }
    }

    /// The state machine's refusals, as execute answers them.
    @Test(arguments: [
        StatusRow(status: .standby, expected: .executePayNotApproved),
        StatusRow(status: .approved, expected: nil),
        StatusRow(status: .cancelled, expected: .commonItsNotAbleToChangeStatus),
        StatusRow(status: .inProgress, expected: .transactionPendingError),
        StatusRow(status: .complete, expected: .paymentExistingPayment),
        StatusRow(status: .refundInProgress, expected: .paymentExistingPayment),
        StatusRow(status: .refunded, expected: .paymentExistingPayment),
        StatusRow(status: .settled, expected: .paymentExistingPayment),
        StatusRow(status: .refundSettled, expected: .paymentExistingPayment),
    ])
    func onlyAnApprovedPaymentCanBeExecuted(_ row: StatusRow) throws {
        let payment = try Fixture.payment(in: row.status)
        let now = payment.createdAt + 120_000
        if let code = row.expected {
            let error = thrownError { try Self.execute(payment, now: now) }
            #expect(error?.code == code)
            #expect(error?.reason.contains("payStatus: \(row.status.rawValue)") == true, "reason: \(error?.reason ?? "-")")
        } else {
            #expect(try Self.paid(try Self.execute(payment, now: now)).1.status == .complete)
        }
    }

    @Test(arguments: [(Int64(-1), true), (0, false)])
    func anApprovedPaymentCanBeExecutedUntilItExpires(_ sinceExpiry: Int64, _ accepted: Bool) throws {
        let payment = try Fixture.authorized()
        let now = payment.expiresAt + sinceExpiry
        if accepted {
            #expect(try Self.paid(try Self.execute(payment, now: now)).1.execution?.paidAt == now)
        } else {
            let error = thrownError { try Self.execute(payment, now: now) }
            #expect(error?.code == .commonItsNotAbleToChangeStatus)
            #expect(error?.reason.contains("payStatus: PAY_CANCEL") == true)
        }
    }

    // MARK: bank maintenance

    /// A daily window 23:30–00:30 KST (crossing midnight) and one 04:00–05:00 KST. The start is
    /// inside, the end is outside.
    struct WindowRow: Sendable, CustomTestStringConvertible {
        let time: String
        let at: Int64
        let inside: Bool
        var testDescription: String { "\(time) KST → \(inside ? "inside" : "outside")" }
    }

    static let windows = [try! MaintenanceWindow(parsing: "23:30-00:30"), try! MaintenanceWindow(parsing: "04:00-05:00")]

    static let windowTable: [WindowRow] = [
        WindowRow(time: "23:29:59.999", at: Fixture.kst("2025-06-01", 23, 29, 59, millisecond: 999), inside: false),
        WindowRow(time: "23:30:00.000", at: Fixture.kst("2025-06-01", 23, 30), inside: true),
        WindowRow(time: "23:59:59.999", at: Fixture.kst("2025-06-01", 23, 59, 59, millisecond: 999), inside: true),
        WindowRow(time: "00:00:00.000", at: Fixture.kst("2025-06-02", 0, 0), inside: true),
        WindowRow(time: "00:29:59.999", at: Fixture.kst("2025-06-02", 0, 29, 59, millisecond: 999), inside: true),
        WindowRow(time: "00:30:00.000", at: Fixture.kst("2025-06-02", 0, 30), inside: false),
        WindowRow(time: "03:59:59.999", at: Fixture.kst("2025-06-02", 3, 59, 59, millisecond: 999), inside: false),
        WindowRow(time: "04:00:00.000", at: Fixture.kst("2025-06-02", 4, 0), inside: true),
        WindowRow(time: "04:59:59.999", at: Fixture.kst("2025-06-02", 4, 59, 59, millisecond: 999), inside: true),
        WindowRow(time: "05:00:00.000", at: Fixture.kst("2025-06-02", 5, 0), inside: false),
        WindowRow(time: "12:00:00.000", at: Fixture.noon, inside: false),
    ]

    @Test(arguments: windowTable)
    func tossMoneyCannotBeExecutedInsideABankMaintenanceWindow(_ row: WindowRow) throws {
        let payment = try Fixture.authorized(at: row.at - 60_000)
        if row.inside {
            let error = thrownError { try Self.execute(payment, windows: Self.windows, now: row.at) }
            #expect(error?.code == .commonBreakTimeOfBank)
        } else {
            #expect(try Self.paid(try Self.execute(payment, windows: Self.windows, now: row.at)).1.status == .complete)
        }
    }

    @Test(arguments: windowTable.filter(\.inside))
    func aCardIsExecutedInsideABankMaintenanceWindow(_ row: WindowRow) throws {
        let payment = try Fixture.authorized(choice: Fixture.card(1), at: row.at - 60_000)
        #expect(try Self.paid(try Self.execute(payment, windows: Self.windows, now: row.at)).1.status == .complete)
    }

    @Test func theBreakTimeReasonNamesTheWindow() throws {
        let at = Fixture.kst("2025-06-01", 23, 45)
        let payment = try Fixture.authorized(at: at - 60_000)
        let error = thrownError { try Self.execute(payment, windows: Self.windows, now: at) }
        #expect(error?.reason.contains("23:30-00:30") == true)
    }

    // MARK: promotions

    struct PromotionRow: Sendable, CustomTestStringConvertible {
        let name: String
        /// The promotion as execute finds it; nil is gone.
        let found: Promotion?
        let closed: Bool
        let budgetAfter: Int64?
        var testDescription: String { "\(name) → \(closed ? "DISCOUNT_CLOSED" : "paid")" }
    }

    /// Authorized with a 1,000-won discount of `promo-1`.
    @Test(arguments: [
        PromotionRow(name: "unlimited budget", found: Fixture.promotion(budget: nil), closed: false, budgetAfter: nil),
        PromotionRow(name: "budget exactly covering", found: Fixture.promotion(budget: 1_000), closed: false, budgetAfter: 0),
        PromotionRow(name: "budget one won more", found: Fixture.promotion(budget: 1_001), closed: false, budgetAfter: 1),
        PromotionRow(name: "budget one won short", found: Fixture.promotion(budget: 999), closed: true, budgetAfter: nil),
        PromotionRow(name: "inactive", found: Fixture.promotion(budget: 5_000, active: false), closed: true, budgetAfter: nil),
        PromotionRow(name: "gone", found: nil, closed: true, budgetAfter: nil),
    ])
    func aPromotionThatClosedSinceCheckoutSendsTheBuyerBackToAuthenticate(_ row: PromotionRow) throws {
        let payment = try Fixture.authorized(promotions: [Fixture.promotion(budget: 5_000)])
        #expect(payment.method?.promotionAmount == 1_000)
        let found = row.found.map { [$0] } ?? [Fixture.promotion("promo-other", discount: 3_000)]
        let decision = try Self.execute(payment, promotions: found)
        if row.closed {
            #expect(decision == .discountClosed(LedgerEffects(updatedPayments: [try Self.sentBack(payment)])))
        } else {
            let (effects, paid) = try Self.paid(decision)
            #expect(paid.execution?.promotionAmount == 1_000)
            #expect(paid.execution?.paidAmount == 9_000)
            #expect(effects.updatedPromotion?.remainingBudget == row.budgetAfter)
            if row.budgetAfter != nil { #expect(effects.updatedPromotion?.id == "promo-1") }
        }
    }

    /// What a closed discount writes: PAY_STANDBY, the method cleared, all else as it was.
    static func sentBack(_ payment: Payment) throws -> Payment {
        #expect(payment.status == .approved)
        var expected = try Fixture.made(payToken: payment.payToken, at: payment.createdAt)
        expected.method = nil
        // The authentication is remembered, so the orderNo stays used.
        expected.firstAuthenticatedAt = payment.firstAuthenticatedAt
        return expected
    }

    @Test func aClosedDiscountMovesNoMoneyAndTheBuyerCanAuthenticateAgain() throws {
        let payment = try Fixture.authorized(promotions: [Fixture.promotion(budget: 5_000)])
        let decision = try Self.execute(payment, buyer: nil, promotions: [Fixture.promotion(budget: 999)])
        guard case .discountClosed(let effects) = decision else { Issue.record("expected DISCOUNT_CLOSED"); return }
        #expect(effects.updatedBuyer == nil && effects.updatedPromotion == nil && effects.step == nil && effects.journal.isEmpty)
        #expect(effects.createdBuyer?.buyer == SandboxUser.standard(merchantId: Fixture.merchant, userKey: Fixture.userKey), "a buyer seen first here is still stored")
        let back = try #require(effects.updatedPayments.first)
        #expect(back.status == .standby)
        #expect(back.method == nil)
        #expect(back.execution == nil)
        let again = try PaymentOperations.authorize(
            back, userKey: Fixture.userKey, choice: Fixture.money, buyer: Fixture.buyer(), promotions: [Fixture.promotion(budget: 999)],
            now: back.createdAt + 90_000
        )
        #expect(again.payment.status == .approved)
        #expect(again.payment.method?.promotionAmount == 0)
        #expect(PaymentOperations.discountClosedError.code == .discountClosed)
    }

    // MARK: the buyer's method

    struct MoneyRow: Sendable, CustomTestStringConvertible {
        let tossMoney: Int64
        let bank: Int64?
        let expected: ErrorCode?
        /// Toss Money and bank balance afterwards.
        let after: (Int64, Int64?)
        var testDescription: String { "Toss Money \(tossMoney), bank \(bank.map(String.init) ?? "none"), pays 10,000 → \(codeText(expected))" }
    }

    @Test(arguments: [
        MoneyRow(tossMoney: 10_000, bank: 0, expected: nil, after: (0, 0)),
        MoneyRow(tossMoney: 10_000, bank: nil, expected: nil, after: (0, nil)),
        MoneyRow(tossMoney: 1_000, bank: 9_000, expected: nil, after: (0, 0)),
        MoneyRow(tossMoney: 1_000, bank: 8_999, expected: .commonNotEnoughCash, after: (1_000, 8_999)),
        MoneyRow(tossMoney: 9_999, bank: nil, expected: .autoChargeNotYetRegisterAccount, after: (9_999, nil)),
        MoneyRow(tossMoney: 0, bank: 10_000, expected: nil, after: (0, 0)),
    ])
    func shortTossMoneyIsChargedFromTheBankAccount(_ row: MoneyRow) throws {
        let buyer = Fixture.buyer(tossMoney: row.tossMoney, bank: row.bank)
        let payment = try Fixture.authorized(buyer: buyer)
        if let code = row.expected {
            #expect(thrownError { try Self.execute(payment, buyer: buyer) }?.code == code)
        } else {
            let (effects, _) = try Self.paid(try Self.execute(payment, buyer: buyer))
            let after = try #require(effects.updatedBuyer)
            #expect(after.tossMoneyBalance == row.after.0)
            #expect(after.bankAccount?.balance == row.after.1)
            let charged = row.tossMoney < 10_000
            #expect(effects.journal.map(\.kind) == (charged ? [.charge, .pay] : [.pay]))
            if charged {
                #expect(ledgerBalances([effects.journal[0]])[JournalEntry.Account.bank(Fixture.merchant, Fixture.userKey)] == -(10_000 - row.tossMoney))
            }
        }
    }

    @Test(arguments: [(Int64(10_000), ErrorCode?.none), (10_001, .cardExceedLimit)])
    func aCreditCardIsChargedUpToItsLimit(_ amount: Int64, _ expected: ErrorCode?) throws {
        let buyer = Fixture.buyer(cardLimit: 10_000)
        let payment = try Fixture.authorized(Fixture.request(amount: amount), choice: Fixture.card(2), buyer: buyer)
        if let expected {
            #expect(thrownError { try Self.execute(payment, buyer: buyer) }?.code == expected)
        } else {
            let (effects, paid) = try Self.paid(try Self.execute(payment, buyer: buyer))
            #expect(effects.updatedBuyer?.card(company: 2)?.available == 0)
            #expect(paid.execution?.card?.companyCode == 2)
        }
    }

    @Test(arguments: [(Int64(10_000), ErrorCode?.none), (10_001, .cardNotEnoughBalance)])
    func aCheckCardIsChargedUpToItsBalance(_ amount: Int64, _ expected: ErrorCode?) throws {
        var buyer = Fixture.buyer()
        buyer.cards = [.init(companyCode: 3, number: "5433330000001234", methodType: .check, userType: "PERSONAL", limit: 10_000)]
        let payment = try Fixture.authorized(Fixture.request(amount: amount), choice: Fixture.card(3), buyer: buyer)
        if let expected {
            #expect(thrownError { try Self.execute(payment, buyer: buyer) }?.code == expected)
        } else {
            #expect(try Self.paid(try Self.execute(payment, buyer: buyer)).0.updatedBuyer?.card(company: 3)?.available == 0)
        }
    }

    @Test(arguments: [(SandboxUser.Status.inactive, ErrorCode.inactiveUser), (.paused, .pauseUser)])
    func aBuyerWhoBecameInactiveAfterCheckoutCannotPay(_ status: SandboxUser.Status, _ code: ErrorCode) throws {
        let payment = try Fixture.authorized()
        #expect(thrownError { try Self.execute(payment, buyer: Fixture.buyer(status: status)) }?.code == code)
    }

    @Test func pointsSpentElsewhereSinceCheckoutAreCommonExceedLimit() throws {
        let payment = try Fixture.authorized(choice: .init(payMethod: .tossMoney, points: 2_000), buyer: Fixture.buyer(points: 2_000))
        #expect(thrownError { try Self.execute(payment, buyer: Fixture.buyer(points: 1_999)) }?.code == .commonExceedLimit)
        _ = try Self.paid(try Self.execute(payment, buyer: Fixture.buyer(points: 2_000)))
    }

    // MARK: what a paid execute writes

    @Test func aPaidExecuteWritesTheStepTheBalancedJournalTheBuyerAndThePayment() throws {
        let before = Fixture.buyer(points: 1_500)
        let payment = try Fixture.authorized(
            Fixture.request(amount: 10_000, cashReceipt: true), choice: .init(payMethod: .tossMoney, points: 1_000), buyer: before,
            promotions: [Fixture.promotion(discount: 2_000, budget: 10_000)]
        )
        let now = payment.createdAt + 60_000
        let (effects, paid) = try Self.paid(try Self.execute(payment, buyer: before, promotions: [Fixture.promotion(discount: 2_000, budget: 10_000)], now: now))
        let transactionId = "3f2b9c1e-0000-4000-8000-000000000042"

        #expect(paid.status == .complete)
        #expect(paid.execution == Payment.Execution(
            transactionId: transactionId, paidAt: now, promotionAmount: 2_000, pointAmount: 1_000, paidAmount: 7_000, card: nil,
            account: paid.execution?.account, cashReceiptMgtKey: "CR3F2B9C1E000040008000"
        ))
        #expect(paid.execution?.account?.bankCode == "092")
        #expect(paid.refundableAmount == 10_000)
        #expect(paid.currentDiscountedAmount == 3_000)
        #expect(paid.currentPaidAmount == 7_000)
        #expect(effects.updatedPayments == [paid])

        #expect(effects.step == PaymentTransaction(
            transactionId: transactionId, payToken: "tok-1", stepType: .pay, transactionAmount: 10_000, paidAmount: 7_000,
            discountedAmount: 3_000, pointAmount: 1_000, registeredAt: now
        ))

        let buyer = try #require(effects.updatedBuyer)
        #expect(buyer.tossMoneyBalance == 993_000)
        #expect(buyer.points == 500)
        #expect(effects.updatedPromotion?.remainingBudget == 8_000)
        #expect(effects.createdBuyer == nil)

        #expect(effects.journal.allSatisfy { $0.isBalanced })
        #expect(postingsTotal(effects.journal) == 0)
        let balances = ledgerBalances(effects.journal)
        #expect(balances[JournalEntry.Account.money(Fixture.merchant, Fixture.userKey)] == -7_000)
        #expect(balances[JournalEntry.Account.points(Fixture.merchant, Fixture.userKey)] == -1_000)
        #expect(balances[JournalEntry.Account.promotion(Fixture.merchant)] == -2_000)
        #expect(balances[JournalEntry.Account.sales(Fixture.merchant)] == 10_000)
        // The journal moves exactly what the buyer's balances moved.
        let journal = ledgerBalances([before.openingEntry] + effects.journal)
        for (account, balance) in buyer.accountBalances { #expect(journal[account, default: 0] == balance, "\(account)") }
    }

    @Test func aCardExecuteShowsTheCardAndNoCashReceipt() throws {
        let payment = try Fixture.authorized(Fixture.request(amount: 60_000, cashReceipt: true), choice: Fixture.card(1, spreadOut: 3))
        let (effects, paid) = try Self.paid(try Self.execute(payment))
        let card = try #require(paid.execution?.card)
        #expect(card.companyCode == 1)
        #expect(card.spreadOut == 3)
        #expect(card.authorizationNo == "32910000")
        #expect(paid.execution?.account == nil)
        #expect(paid.execution?.cashReceiptMgtKey == nil, "a cash receipt is for Toss Money only")
        #expect(effects.updatedBuyer?.card(company: 1)?.used == 60_000)
        #expect(effects.journal.map(\.kind) == [.pay])
        #expect(postingsTotal(effects.journal) == 0)
    }

    @Test func aBuyerSeenFirstAtExecuteIsCreatedAndDebited() throws {
        let payment = try Fixture.authorized()
        let (effects, _) = try Self.paid(try Self.execute(payment, buyer: nil))
        let creation = try #require(effects.createdBuyer)
        #expect(creation.buyer == SandboxUser.standard(merchantId: Fixture.merchant, userKey: Fixture.userKey))
        #expect(effects.updatedBuyer?.tossMoneyBalance == 990_000)
        #expect(postingsTotal([creation.openingEntry] + effects.journal) == 0)
    }

    @Test(arguments: [
        ("3f2b9c1e-0000-4000-8000-000000000042", "32910000"),
        ("12345678-9abc", "12345678"),
        ("abc-1", "10000000"),
        ("no-digits", "00000000"),
    ])
    func theAuthorizationNumberIsTheTransactionIdsFirstEightDigits(_ transactionId: String, _ expected: String) {
        #expect(PaymentOperations.authorizationNumber(transactionId) == expected)
    }

    @Test func theCashReceiptKeyIsTheTransactionIdWithoutDashesUpTo20Characters() {
        #expect(PaymentOperations.cashReceiptKey("3f2b9c1e-0000-4000-8000-000000000042") == "CR3F2B9C1E000040008000")
        #expect(PaymentOperations.cashReceiptKey("ab-c") == "CRABC")
    }
}

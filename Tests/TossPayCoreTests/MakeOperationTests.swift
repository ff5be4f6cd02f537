import Testing
import TossPayCore

/// SPEC §3 make-payment: the orderNo reuse rules (api.md "orderNo reuse", design.md #14), the
/// expiry of the new payment and the buyer made on first use — `PaymentOperations.make`.
@Suite("Operation: make-payment")
struct MakeOperationTests {
    static func make(
        previous: [Payment] = [], firstUse: Int64? = nil, buyer: SandboxUser? = Fixture.buyer(),
        policy: PaymentPolicy = Fixture.policy, now: Int64
    ) throws(TossPayError) -> (effects: LedgerEffects, payment: Payment) {
        try PaymentOperations.make(
            Fixture.request(), merchantId: Fixture.merchant, userKey: Fixture.userKey,
            rows: .init(previous: previous, orderNoFirstUse: firstUse, buyer: buyer), payToken: "tok-new", policy: policy, now: now
        )
    }

    /// The earlier payment with the orderNo, made at noon (expires at noon + 15 min), and the
    /// instant of the new make-payment.
    struct Row: Sendable, CustomTestStringConvertible {
        let earlier: PaymentStatus
        /// Milliseconds after the earlier payment's expiry (negative: before).
        let sinceExpiry: Int64
        let expected: ErrorCode?
        let note: String

        var testDescription: String { "earlier \(earlier.rawValue) at expiry\(sinceExpiry >= 0 ? "+" : "")\(sinceExpiry) ms → \(codeText(expected)) (\(note))" }
    }

    static let table: [Row] = [
        Row(earlier: .standby, sinceExpiry: -1, expected: .paymentExistingPayment, note: "still waiting 1 ms before its expiry"),
        Row(earlier: .standby, sinceExpiry: -Fixture.expiry, expected: .paymentExistingPayment, note: "just made"),
        Row(earlier: .standby, sinceExpiry: 0, expected: nil, note: "expired exactly at expiresAt"),
        Row(earlier: .standby, sinceExpiry: 86_400_000, expected: nil, note: "expired a day ago"),
        Row(earlier: .cancelled, sinceExpiry: -1, expected: nil, note: "closed by the buyer before authentication"),
        Row(earlier: .approved, sinceExpiry: -1, expected: .paymentDuplicationOrderNo, note: "authenticated, waiting for execute"),
        Row(earlier: .approved, sinceExpiry: 0, expected: .paymentDuplicationOrderNo, note: "authenticated, then expired"),
        Row(earlier: .inProgress, sinceExpiry: 0, expected: .paymentDuplicationOrderNo, note: "execute in flight"),
        Row(earlier: .complete, sinceExpiry: 0, expected: .paymentDuplicationOrderNo, note: "paid"),
        Row(earlier: .refundInProgress, sinceExpiry: 0, expected: .paymentDuplicationOrderNo, note: "refund in flight"),
        Row(earlier: .refunded, sinceExpiry: 0, expected: .paymentDuplicationOrderNo, note: "refunded"),
        Row(earlier: .settled, sinceExpiry: 0, expected: .paymentDuplicationOrderNo, note: "settled"),
        Row(earlier: .refundSettled, sinceExpiry: 0, expected: .paymentDuplicationOrderNo, note: "settled after refund"),
    ]

    @Test(arguments: table)
    func anOrderNoIsReusableOnlyWhenEveryEarlierPaymentEndedBeforeAuthentication(_ row: Row) throws {
        let earlier = try Fixture.payment(in: row.earlier)
        let now = earlier.expiresAt + row.sinceExpiry
        if let code = row.expected {
            #expect(thrownError { try Self.make(previous: [earlier], firstUse: earlier.createdAt, now: now) }?.code == code)
        } else {
            let made = try Self.make(previous: [earlier], firstUse: earlier.createdAt, now: now)
            #expect(made.payment.status == .standby)
            #expect(made.effects.createdPayment == made.payment)
        }
    }

    @Test func aCancelledPaymentThatWasAuthenticatedBlocksReuseForever() throws {
        let approved = try Fixture.authorized()
        let cancelled = try PaymentOperations.cancel(approved, userKey: Fixture.userKey, now: approved.createdAt + 1_000).payment
        #expect(cancelled.status == .cancelled)
        let error = thrownError { try Self.make(previous: [cancelled], firstUse: approved.createdAt, now: approved.expiresAt + 86_400_000) }
        #expect(error?.code == .paymentDuplicationOrderNo)
    }

    @Test func aWaitingPaymentIsReportedBeforeAnAuthenticatedOne() throws {
        let waiting = try Fixture.made(payToken: "tok-a")
        let paid = try Fixture.paid(payToken: "tok-b").payment
        let error = thrownError { try Self.make(previous: [paid, waiting], firstUse: waiting.createdAt, now: waiting.createdAt + 1) }
        #expect(error?.code == .paymentExistingPayment)
        #expect(error?.reason.contains("order-1") == true, "the reason names the orderNo")
    }

    /// "Otherwise" rule 3: first use + `orderNoReuseMillis` is the last instant the orderNo is
    /// reusable, even when every earlier payment was cancelled before authentication.
    struct ReuseRow: Sendable, CustomTestStringConvertible {
        let afterFirstUse: Int64
        let expected: ErrorCode?
        var testDescription: String { "first use + \(afterFirstUse) ms → \(codeText(expected))" }
    }

    static let twoYears: Int64 = 730 * 86_400_000

    @Test(arguments: [
        ReuseRow(afterFirstUse: twoYears - 1, expected: nil),
        ReuseRow(afterFirstUse: twoYears, expected: nil),
        ReuseRow(afterFirstUse: twoYears + 1, expected: .paymentDuplicationOrderNo),
    ])
    func anOrderNoIsReusableUntilTwoYearsAfterItsFirstUse(_ row: ReuseRow) throws {
        let cancelled = try Fixture.payment(in: .cancelled)
        let now = cancelled.createdAt + row.afterFirstUse
        if let code = row.expected {
            #expect(thrownError { try Self.make(previous: [cancelled], firstUse: cancelled.createdAt, now: now) }?.code == code)
        } else {
            #expect(try Self.make(previous: [cancelled], firstUse: cancelled.createdAt, now: now).payment.createdAt == now)
        }
    }

    @Test func theDefaultReusePeriodIsTwoYears() {
        #expect(PaymentPolicy().orderNoReuseMillis == Self.twoYears)
        #expect(PaymentPolicy().expiryMillis == 900_000)
        #expect(PaymentPolicy().settlementPeriodMillis == 365 * 86_400_000)
    }

    @Test func theReusePeriodComesFromThePolicy() throws {
        let policy = PaymentPolicy(orderNoReuseMillis: 60_000)
        let first = Fixture.noon
        #expect(try Self.make(firstUse: first, policy: policy, now: first + 60_000).payment.createdAt == first + 60_000)
        #expect(thrownError { try Self.make(firstUse: first, policy: policy, now: first + 60_001) }?.code == .paymentDuplicationOrderNo)
    }

    @Test func anExpiredWaitingPaymentIsWrittenDownAsCancelledAtItsExpiry() throws {
        let stale = try Fixture.made(payToken: "tok-old")
        let now = stale.expiresAt + 5 * 60_000
        let made = try Self.make(previous: [stale], firstUse: stale.createdAt, now: now)
        #expect(made.effects.updatedPayments.count == 1)
        let written = try #require(made.effects.updatedPayments.first)
        #expect(written.payToken == "tok-old")
        #expect(written.status == .cancelled)
        #expect(written.cancelledAt == stale.expiresAt, "expired as of its expiry, not as of now")
        #expect(written.method == nil && written.execution == nil)
        #expect(made.effects.journal.isEmpty, "an expiry moves no money")
    }

    @Test func anExpiryAlreadyWrittenIsNotWrittenAgain() throws {
        let stale = try Fixture.made(payToken: "tok-old")
        let swept = try #require(PaymentOperations.expire([stale], now: stale.expiresAt).updatedPayments.first)
        let made = try Self.make(previous: [swept], firstUse: stale.createdAt, now: stale.expiresAt + 1)
        #expect(made.effects.updatedPayments.isEmpty)
    }

    @Test func theNewPaymentWaitsForTheExpiryPeriodFromNow() throws {
        let made = try Self.make(policy: PaymentPolicy(expiryMillis: 60_000), now: Fixture.noon)
        #expect(made.payment.expiresAt == Fixture.noon + 60_000)
        #expect(try Self.make(now: Fixture.noon).payment.expiresAt == Fixture.noon + 900_000)
    }

    @Test func theNewPaymentCarriesTheRequestAndWaitsForTheBuyer() throws {
        let request = Fixture.request(
            orderNo: "order-9", amount: 12_000, taxSplit: TaxSplit(taxable: 10_000, taxFree: 900, vat: 1_000, serviceFee: 100),
            methods: .card, cashReceipt: true, installment: .notUse, mode: .live
        )
        let made = try PaymentOperations.make(
            request, merchantId: Fixture.merchant, userKey: Fixture.userKey,
            rows: .init(previous: [], orderNoFirstUse: nil, buyer: Fixture.buyer()), payToken: "tok-9", policy: Fixture.policy,
            now: Fixture.noon
        )
        let payment = made.payment
        #expect(payment.payToken == "tok-9")
        #expect(payment.merchantId == Fixture.merchant)
        #expect(payment.userKey == Fixture.userKey)
        #expect(payment.orderNo == "order-9")
        #expect(payment.mode == .live)
        #expect(payment.amount == 12_000)
        #expect(payment.taxSplit == TaxSplit(taxable: 10_000, taxFree: 900, vat: 1_000, serviceFee: 100))
        #expect(payment.enablePayMethods == .card)
        #expect(payment.cashReceipt)
        #expect(payment.installment == .notUse)
        #expect(payment.status == .standby)
        #expect(payment.createdAt == Fixture.noon)
        #expect(payment.method == nil && payment.execution == nil && payment.cancelledAt == nil)
        #expect(payment.refunded == Payment.RefundTotals())
        #expect(made.effects.createdPayment == payment)
        #expect(made.effects.updatedBuyer == nil && made.effects.step == nil && made.effects.journal.isEmpty)
    }

    @Test func anUnknownBuyerIsCreatedOnFirstUseWithItsOpeningEntry() throws {
        let made = try Self.make(buyer: nil, now: Fixture.noon)
        let creation = try #require(made.effects.createdBuyer)
        #expect(creation.buyer == SandboxUser.standard(merchantId: Fixture.merchant, userKey: Fixture.userKey))
        #expect(creation.openingEntry.kind == .open)
        #expect(creation.openingEntry.isBalanced)
        let balances = ledgerBalances([creation.openingEntry])
        #expect(balances[JournalEntry.Account.money(Fixture.merchant, Fixture.userKey)] == 1_000_000)
        #expect(balances[JournalEntry.Account.bank(Fixture.merchant, Fixture.userKey)] == 10_000_000)
        #expect(balances[JournalEntry.Account.funding] == -11_000_000)
    }

    @Test func aKnownBuyerIsNotCreatedAgain() throws {
        #expect(try Self.make(buyer: Fixture.buyer(points: 5), now: Fixture.noon).effects.createdBuyer == nil)
    }

    @Test func aRefusedMakeWritesNothingAndNamesTheOrderNo() throws {
        let paid = try Fixture.paid().payment
        let error = thrownError { try Self.make(previous: [paid], firstUse: paid.createdAt, now: paid.createdAt + 1) }
        #expect(error?.code == .paymentDuplicationOrderNo)
        #expect(error?.reason.contains("order-1") == true)
    }

    /// api.md: "ever reached buyer authentication, meaning the buyer chose a method at checkout,
    /// even if the payment was later cancelled or expired". A payment whose promotion closed at
    /// execute went back to PAY_STANDBY with its method cleared, and so no longer shows that the
    /// buyer authenticated: once it expires, make accepts its orderNo again.
    @Test func aPaymentSentBackByAClosedDiscountStillBlocksReuseAfterItExpires() throws {
        let promotion = Fixture.promotion(budget: 1_000)
        let approved = try Fixture.authorized(promotions: [promotion])
        var closed = promotion
        closed.active = false
        let decision = try PaymentOperations.execute(
            ExecutePaymentRequest(payToken: approved.payToken, mode: .test), merchantId: Fixture.merchant, userKey: Fixture.userKey,
            rows: .init(payment: approved, buyer: Fixture.buyer(), promotions: [closed], maintenanceWindows: []),
            transactionId: "tx", now: approved.createdAt + 60_000
        )
        guard case .discountClosed(let effects) = decision else { Issue.record("expected DISCOUNT_CLOSED"); return }
        let sentBack = try #require(effects.updatedPayments.first)
        let expired = try #require(PaymentOperations.expire([sentBack], now: sentBack.expiresAt).updatedPayments.first)
        #expect(expired.firstAuthenticatedAt == approved.firstAuthenticatedAt)
        let error = thrownError { try Self.make(previous: [expired], firstUse: approved.createdAt, now: expired.expiresAt + 1) }
        #expect(error?.code == .paymentDuplicationOrderNo)
    }
}

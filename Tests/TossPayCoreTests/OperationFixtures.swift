#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import TossPayCore

/// Inputs for the `PaymentOperations` tests: the rows a store would load, built by running the
/// operations themselves from a fresh payment, so that every fixture is a state the ledger can
/// really reach. Expected values in the tests are written out by hand, never computed here.
enum Fixture {
    static let merchant = "merchant-1"
    static let otherMerchant = "merchant-2"
    static let userKey = "buyer-1"
    static let otherUserKey = "buyer-2"
    static let policy = PaymentPolicy()
    /// Fifteen minutes: the default expiry.
    static let expiry: Int64 = 15 * 60 * 1000

    /// An instant in KST, epoch milliseconds.
    static func kst(_ day: String, _ hour: Int64, _ minute: Int64, _ second: Int64 = 0, millisecond: Int64 = 0) -> Int64 {
        guard let start = KoreaTime.startOfDay(day) else { preconditionFailure("not a day: \(day)") }
        return start + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
    }

    /// 2025-06-02 12:00:00 KST, the default "now": far from any maintenance window used here.
    static let noon = kst("2025-06-02", 12, 0)

    // MARK: Requests

    /// A make-payment request; the tax split is all taxable, no VAT, unless given.
    static func request(
        orderNo: String = "order-1", amount: Int64 = 10_000, taxSplit: TaxSplit? = nil,
        methods: EnabledPayMethods = .all, cashReceipt: Bool = false, installment: InstallmentOption = .use,
        mode: PaymentMode = .test
    ) -> MakePaymentRequest {
        MakePaymentRequest(
            orderNo: orderNo, productDesc: "상품", amount: amount,
            taxSplit: taxSplit ?? TaxSplit(taxable: amount, taxFree: 0, vat: 0, serviceFee: 0),
            enablePayMethods: methods, cashReceipt: cashReceipt, installment: installment, mode: mode
        )
    }

    static let money = PaymentOperations.CheckoutChoice(payMethod: .tossMoney)
    static func card(_ company: Int, spreadOut: Int64 = 0, points: Int64 = 0) -> PaymentOperations.CheckoutChoice {
        PaymentOperations.CheckoutChoice(payMethod: .card, cardCompanyCode: company, spreadOut: spreadOut, points: points)
    }

    // MARK: Buyers and promotions

    /// The standard buyer with some balances changed.
    static func buyer(
        _ key: String = userKey, tossMoney: Int64 = 1_000_000, bank: Int64? = 10_000_000, points: Int64 = 0,
        status: SandboxUser.Status = .active, cardLimit: Int64? = nil
    ) -> SandboxUser {
        var user = SandboxUser.standard(merchantId: merchant, userKey: key)
        user.tossMoneyBalance = tossMoney
        user.points = points
        user.status = status
        if let bank { user.bankAccount?.balance = bank } else { user.bankAccount = nil }
        if let cardLimit { user.cards = user.cards.map { var card = $0; card.limit = cardLimit; return card } }
        return user
    }

    /// A fixed-amount promotion of the merchant.
    static func promotion(
        _ id: String = "promo-1", discount: Int64 = 1_000, budget: Int64? = nil, active: Bool = true
    ) -> Promotion {
        Promotion(id: id, merchantId: merchant, name: "할인 \(id)", discountAmount: discount, remainingBudget: budget, active: active)
    }

    // MARK: Payments, through the operations

    /// A new payment (PAY_STANDBY) made at `now` with the default policy.
    static func made(
        _ request: MakePaymentRequest = request(), payToken: String = "tok-1", userKey: String = userKey,
        merchantId: String = merchant, at now: Int64 = noon
    ) throws -> Payment {
        try PaymentOperations.make(
            request, merchantId: merchantId, userKey: userKey,
            rows: .init(previous: [], orderNoFirstUse: nil, buyer: buyer(userKey)), payToken: payToken, policy: policy, now: now
        ).payment
    }

    /// A payment the buyer authorized (PAY_APPROVED) at `now`.
    static func authorized(
        _ request: MakePaymentRequest = request(), payToken: String = "tok-1", choice: PaymentOperations.CheckoutChoice = money,
        buyer user: SandboxUser? = nil, promotions: [Promotion] = [], at now: Int64 = noon
    ) throws -> Payment {
        let payment = try made(request, payToken: payToken, userKey: user?.userKey ?? userKey, at: now)
        return try PaymentOperations.authorize(
            payment, userKey: payment.userKey, choice: choice, buyer: user ?? buyer(), promotions: promotions, now: now
        ).payment
    }

    /// What a paid payment leaves behind: the payment, its buyer after paying, its PAY step and
    /// the journal so far (the buyer's opening entry, then what execute wrote).
    struct Paid {
        var payment: Payment
        var buyer: SandboxUser
        var steps: [PaymentTransaction]
        var journal: [JournalEntry]
        var promotions: [Promotion]

        /// The rows of a refund of this payment.
        func refundRows(earlier: PaymentTransaction? = nil, windows: [MaintenanceWindow] = []) -> PaymentOperations.RefundRows {
            PaymentOperations.RefundRows(payment: payment, earlierRefund: earlier, steps: steps, buyer: buyer, maintenanceWindows: windows)
        }

        /// Refunds through the operation and keeps what it wrote, as the store would.
        @discardableResult
        mutating func refund(
            _ request: RefundPaymentRequest, transactionId: String = "refund-tx", at now: Int64 = Fixture.noon + 120_000
        ) throws -> (effects: LedgerEffects, outcome: PaymentOperations.RefundOutcome) {
            let result = try PaymentOperations.refund(
                request, merchantId: payment.merchantId, userKey: payment.userKey, rows: refundRows(),
                transactionId: transactionId, refundNo: transactionId + "-no", now: now
            )
            if let updated = result.effects.updatedPayments.first { payment = updated }
            if let updated = result.effects.updatedBuyer { buyer = updated }
            if let step = result.effects.step { steps.append(step) }
            journal += result.effects.journal
            return result
        }
    }

    /// A payment authorized at `now` and executed a minute later.
    static func paid(
        _ request: MakePaymentRequest = request(), payToken: String = "tok-1", choice: PaymentOperations.CheckoutChoice = money,
        buyer user: SandboxUser = buyer(), promotions: [Promotion] = [], at now: Int64 = noon
    ) throws -> Paid {
        let payment = try authorized(request, payToken: payToken, choice: choice, buyer: user, promotions: promotions, at: now)
        let decision = try PaymentOperations.execute(
            ExecutePaymentRequest(payToken: payToken, mode: request.mode), merchantId: payment.merchantId, userKey: payment.userKey,
            rows: .init(payment: payment, buyer: user, promotions: promotions, maintenanceWindows: []),
            transactionId: "pay-tx", now: now + 60_000
        )
        guard case .paid(let effects, let paid) = decision else {
            Issue.record("the fixture's execute did not pay")
            throw TossPayError(.commonSystemError)
        }
        var spent = promotions
        if let promotion = effects.updatedPromotion, let index = spent.firstIndex(where: { $0.id == promotion.id }) {
            spent[index] = promotion
        }
        return Paid(
            payment: paid, buyer: try #require(effects.updatedBuyer), steps: [try #require(effects.step)],
            journal: [user.openingEntry] + effects.journal, promotions: spent
        )
    }

    /// `payment` as the store would load it with `status` written: the stored form decoded
    /// with another status. For states no single operation call leaves (PAY_PROGRESS,
    /// REFUND_PROGRESS) and for the state machine's other refusals.
    static func stored(_ payment: Payment, status: PaymentStatus) throws -> Payment {
        let text = String(decoding: try JSONEncoder().encode(payment), as: UTF8.self)
        let old = "\"status\":\"\(payment.status.rawValue)\""
        let parts = text.components(separatedBy: old)
        try #require(parts.count == 2, "the stored form holds the status once")
        let changed = parts.joined(separator: "\"status\":\"\(status.rawValue)\"")
        return try JSONDecoder().decode(Payment.self, from: Data(changed.utf8))
    }

    /// A payment in `status` as it would really look: made, authorized, paid, refunded or
    /// settled through the operations where one leads there.
    static func payment(in status: PaymentStatus, at now: Int64 = noon) throws -> Payment {
        switch status {
        case .standby: return try made(at: now)
        case .approved: return try authorized(at: now)
        case .cancelled: return try PaymentOperations.cancel(try made(at: now), userKey: nil, now: now + 1_000).payment
        case .inProgress: return try stored(try authorized(at: now), status: .inProgress)
        case .complete: return try paid(at: now).payment
        case .refundInProgress: return try stored(try paid(at: now).payment, status: .refundInProgress)
        case .refunded:
            var paid = try paid(at: now)
            try paid.refund(refundRequest(amount: 1_000))
            return paid.payment
        case .settled, .refundSettled:
            let before = try payment(in: status == .settled ? .complete : .refunded, at: now)
            let settled = PaymentOperations.settle([before], policy: policy, now: now + policy.settlementPeriodMillis + 60_000)
            return try #require(settled.updatedPayments.first)
        }
    }

    static func refundRequest(
        _ payToken: String = "tok-1", amount: Int64? = nil, taxFree: Int64? = nil, taxable: Int64? = nil, vat: Int64? = nil,
        serviceFee: Int64? = nil, refundNo: String? = nil, reason: String = "고객 변심", mode: PaymentMode = .test
    ) -> RefundPaymentRequest {
        RefundPaymentRequest(
            payToken: payToken, reason: reason, mode: mode, amount: amount, amountTaxFree: taxFree, amountTaxable: taxable,
            amountVat: vat, amountServiceFee: serviceFee, refundNo: refundNo
        )
    }
}

/// The `TossPayError` `body` throws, or nil (recorded as an issue) when it returns.
func thrownError<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) -> TossPayError? {
    do {
        _ = try body()
        Issue.record("expected a TossPayError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as TossPayError {
        return error
    } catch {
        Issue.record("expected a TossPayError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The sum of every posting of `entries`.
func postingsTotal(_ entries: [JournalEntry]) -> Int64 {
    entries.flatMap(\.postings).reduce(0) { $0 + $1.amount }
}

/// A readable name for an optional error code in a table row.
func codeText(_ code: ErrorCode?) -> String { code?.rawValue ?? "accepted" }

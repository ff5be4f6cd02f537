import Foundation
public import TossPayCore

/// The payment operations of SPEC §3, each one transaction of the store.
///
/// This is where the core's rules meet storage: it loads the rows, asks the state machine and
/// the buyer's funding rules, and writes the outcome — payment, step, buyer and journal —
/// together. A refused operation throws a ``TossPayError`` and writes nothing.
public struct PaymentLedger: Sendable {
    /// The store.
    public let store: any PaymentStore
    /// The sandbox clock.
    public let clock: SandboxClock
    /// Operation settings.
    public let settings: Settings

    /// Settings of the payment lifecycle.
    public struct Settings: Sendable {
        /// How long a payment waits in PAY_STANDBY / PAY_APPROVED before it expires.
        public var expiryMillis: Int64
        /// How long after payment a payment is settled.
        public var settlementPeriodMillis: Int64
        /// How long an orderNo stays reusable after its first use.
        public var orderNoReuseMillis: Int64

        /// Creates settings; the defaults are the spec's (15 minutes, 1 year, 2 years).
        public init(
            expiryMillis: Int64 = 15 * 60 * 1000, settlementPeriodMillis: Int64 = 365 * 86_400_000,
            orderNoReuseMillis: Int64 = 2 * 365 * 86_400_000
        ) {
            self.expiryMillis = expiryMillis
            self.settlementPeriodMillis = settlementPeriodMillis
            self.orderNoReuseMillis = orderNoReuseMillis
        }
    }

    /// Creates a ledger.
    public init(store: any PaymentStore, clock: SandboxClock, settings: Settings = Settings()) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    // MARK: Merchants

    /// Finds the merchant owning an API key by the key's hash.
    public func merchant(keyHash: String) async throws -> Merchant? {
        try await store.read { try await $0.merchant(keyHash: keyHash) }
    }

    /// Creates a merchant with the hashes of its keys.
    public func createMerchant(_ merchant: Merchant, keys: [(hash: String, kind: String)]) async throws {
        try await store.write { try await $0.insert(merchant, keys: keys) }
    }

    /// Creates the merchant if it does not exist yet, and any of its keys that are missing.
    public func ensureMerchant(_ merchant: Merchant, keys: [(hash: String, kind: String)]) async throws {
        try await store.write { transaction in
            guard try await transaction.merchant(id: merchant.id) == nil else { return }
            try await transaction.insert(merchant, keys: keys)
        }
    }

    // MARK: Buyers

    /// The buyer with `userKey`, created the standard way on first use (with its opening entry).
    /// When another server instance creates the same buyer at the same moment, only the one
    /// whose insert lands writes the opening entry; the other reads the stored buyer.
    static func user(_ userKey: String, in transaction: any StoreTransaction) async throws -> SandboxUser {
        if let user = try await transaction.user(key: userKey) { return user }
        let user = SandboxUser.standard(userKey: userKey)
        if try await transaction.insertIfAbsent(user) {
            try await transaction.append([user.openingEntry])
            return user
        }
        guard let stored = try await transaction.user(key: userKey) else { throw StoreError.unexpectedRow("buyer") }
        return stored
    }

    /// The buyer with `userKey`, created on first use.
    public func user(_ userKey: String) async throws -> SandboxUser {
        if let user = try await store.read({ try await $0.user(key: userKey) }) { return user }
        return try await store.write { try await Self.user(userKey, in: $0) }
    }

    // MARK: make-payment

    /// Creates a payment, applying the orderNo reuse rules.
    public func makePayment(merchant: Merchant, userKey: String, request: MakePaymentRequest) async throws -> Payment {
        let settings = self.settings
        let clock = self.clock
        return try await store.write { transaction in
            let now = try await clock.now(in: transaction)
            let previous = try await transaction.payments(merchantId: merchant.id, orderNo: request.orderNo)
            if previous.contains(where: { $0.effectiveStatus(at: now) == .standby }) {
                throw TossPayError(.paymentExistingPayment, reason: "orderNo \(request.orderNo) 로 대기 중인 결제가 있습니다.")
            }
            if previous.contains(where: { $0.method != nil || $0.effectiveStatus(at: now).reachedAuthentication }) {
                throw TossPayError(.paymentDuplicationOrderNo, reason: "구매자 인증까지 진행된 주문번호는 다시 사용할 수 없습니다. (\(request.orderNo))")
            }
            if let firstUse = try await transaction.orderNoFirstUse(merchantId: merchant.id, orderNo: request.orderNo),
               now - firstUse > settings.orderNoReuseMillis {
                throw TossPayError(.paymentDuplicationOrderNo, reason: "최초 생성 후 2년이 지난 주문번호는 다시 사용할 수 없습니다. (\(request.orderNo))")
            }
            for var stale in previous where stale.status.canExpire {
                // Write down expiries the sweep has not reached yet.
                stale.status = .cancelled
                stale.cancelledAt = stale.expiresAt
                try await transaction.update(stale)
            }
            _ = try await Self.user(userKey, in: transaction)
            let payment = Payment(
                payToken: PayToken.generate(), merchantId: merchant.id, userKey: userKey, request: request,
                createdAt: now, expiresAt: now + settings.expiryMillis
            )
            try await transaction.insert(payment)
            return payment
        }
    }

    // MARK: Checkout

    /// A buyer's choice in the checkout window.
    public struct CheckoutChoice: Sendable {
        /// Toss Money or card.
        public var payMethod: PayMethod
        /// The card company, for cards.
        public var cardCompanyCode: Int?
        /// Installment months, for cards (0 = single payment).
        public var spreadOut: Int64
        /// Toss points to use, in won.
        public var points: Int64

        /// Creates a choice.
        public init(payMethod: PayMethod, cardCompanyCode: Int? = nil, spreadOut: Int64 = 0, points: Int64 = 0) {
            self.payMethod = payMethod
            self.cardCompanyCode = cardCompanyCode
            self.spreadOut = spreadOut
            self.points = points
        }
    }

    /// The buyer authenticates and picks a method: PAY_STANDBY → PAY_APPROVED.
    public func authorize(payToken: String, userKey: String, choice: CheckoutChoice) async throws -> Payment {
        let clock = self.clock
        return try await store.write { transaction in
            let now = try await clock.now(in: transaction)
            var payment = try await Self.payment(payToken, in: transaction)
            guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
            var machine = payment.stateMachine(at: now)
            if case .refuse(let code) = machine.handle(.authorize) {
                throw TossPayError(code, reason: Self.statusReason(code, payment.effectiveStatus(at: now)))
            }
            guard payment.enablePayMethods.allows(choice.payMethod) else {
                throw TossPayError.invalidParameter("payMethod", "이 결제에서 사용할 수 없는 결제수단입니다. (\(choice.payMethod.rawValue))")
            }
            let user = try await Self.user(userKey, in: transaction)
            try user.checkActive()
            // The merchant's best promotion applies first, then the points the buyer chose.
            let offer = Promotion.best(of: try await transaction.promotions(merchantId: payment.merchantId), for: payment.amount)
            let promotion = offer?.1 ?? 0
            guard choice.points <= user.points else {
                throw TossPayError.invalidParameter("points", "보유한 토스 포인트(\(user.points))보다 많이 쓸 수 없습니다. (\(choice.points))")
            }
            guard choice.points <= payment.amount - promotion else {
                throw TossPayError.invalidParameter("points", "결제 금액보다 많이 쓸 수 없습니다. (\(choice.points))")
            }
            let paid = payment.amount - promotion - choice.points
            var spreadOut: Int64 = 0
            if choice.payMethod == .card {
                guard let company = choice.cardCompanyCode else {
                    throw TossPayError.invalidParameter("cardCompanyCode", "카드 결제에는 카드사 코드가 필요합니다.")
                }
                _ = try user.checkCard(company: company, spreadOut: choice.spreadOut, amount: paid, installment: payment.installment)
                spreadOut = choice.spreadOut
            }
            payment.method = Payment.MethodChoice(
                payMethod: choice.payMethod, cardCompanyCode: choice.payMethod == .card ? choice.cardCompanyCode : nil,
                spreadOut: spreadOut, authorizedAt: now, promotionId: offer?.0.id, promotionAmount: promotion,
                pointAmount: choice.points
            )
            payment.status = machine.status
            try await transaction.update(payment)
            return payment
        }
    }

    /// The buyer closes the checkout window: PAY_STANDBY / PAY_APPROVED → PAY_CANCEL.
    /// With a `userKey`, it must be the payment's buyer.
    public func cancel(payToken: String, userKey: String?) async throws -> Payment {
        let clock = self.clock
        return try await store.write { transaction in
            let now = try await clock.now(in: transaction)
            var payment = try await Self.payment(payToken, in: transaction)
            if let userKey, payment.userKey != userKey { throw TossPayError(.payUnauthorized) }
            var machine = payment.stateMachine(at: now)
            if case .refuse(let code) = machine.handle(.cancel) {
                throw TossPayError(code, reason: Self.statusReason(code, payment.effectiveStatus(at: now)))
            }
            payment.status = machine.status
            payment.cancelledAt = now
            try await transaction.update(payment)
            return payment
        }
    }

    // MARK: execute-payment

    /// What one execute transaction did: paid, or sent the buyer back to authenticate.
    enum ExecuteStep: Sendable {
        case paid(Payment)
        case discountClosed
    }

    /// Executes an authenticated payment: PAY_APPROVED → PAY_PROGRESS → PAY_COMPLETE, debiting
    /// the buyer's method exactly once. A refused method leaves PAY_APPROVED and moves nothing.
    /// When the promotion chosen at authorize has closed, nothing moves either, the payment
    /// goes back to PAY_STANDBY (committed) and the call fails with `DISCOUNT_CLOSED`, so the
    /// buyer authenticates again in the checkout window with the same payToken.
    public func execute(merchant: Merchant, userKey: String, request: ExecutePaymentRequest) async throws -> Payment {
        let clock = self.clock
        let step = try await store.write { transaction -> ExecuteStep in
            let now = try await clock.now(in: transaction)
            var payment = try await Self.payment(request.payToken, merchant: merchant, mode: request.mode, in: transaction)
            if let orderNo = request.orderNo, orderNo != payment.orderNo {
                throw TossPayError.invalidParameter("orderNo", "결제의 주문번호와 일치하지 않습니다.")
            }
            guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
            var machine = payment.stateMachine(at: now)
            if case .refuse(let code) = machine.handle(.execute) {
                throw TossPayError(code, reason: Self.statusReason(code, payment.effectiveStatus(at: now)))
            }
            guard let choice = payment.method else { throw TossPayError(.executePayNotApproved) }
            if choice.payMethod == .tossMoney { try await Self.checkBankOpen(at: now, in: transaction) }
            var user = try await Self.user(userKey, in: transaction)
            let promotion = choice.promotionAmount
            let points = choice.pointAmount
            if let promotionId = choice.promotionId, promotion > 0 {
                let promotions = try await transaction.promotions(merchantId: payment.merchantId)
                guard var offer = promotions.first(where: { $0.id == promotionId }), offer.active, offer.canCover(promotion) else {
                    machine.handle(.discountClosed)
                    payment.status = machine.status
                    payment.method = nil
                    try await transaction.update(payment)
                    return .discountClosed
                }
                if let budget = offer.remainingBudget {
                    offer.remainingBudget = budget - promotion
                    try await transaction.save(offer)
                }
            }
            let paidAmount = payment.amount - promotion - points
            let transactionId = UUID().uuidString.lowercased()
            let charge = try user.pay(
                payment, choice: choice, paidAmount: paidAmount, promotion: promotion, points: points,
                authorizationNo: Self.authorizationNumber(transactionId)
            )
            machine.handle(.executeSucceeded)
            payment.status = machine.status
            payment.execution = Payment.Execution(
                transactionId: transactionId, paidAt: now, promotionAmount: promotion, pointAmount: points,
                paidAmount: paidAmount, card: charge.card, account: charge.account,
                cashReceiptMgtKey: payment.cashReceipt && choice.payMethod == .tossMoney ? Self.cashReceiptKey(transactionId) : nil
            )
            try await transaction.update(payment)
            try await transaction.save(user)
            try await transaction.append(charge.entries)
            try await transaction.insert(PaymentTransaction(
                transactionId: transactionId, payToken: payment.payToken, stepType: .pay, transactionAmount: payment.amount,
                paidAmount: paidAmount, discountedAmount: promotion + points, pointAmount: points, registeredAt: now
            ))
            return .paid(payment)
        }
        switch step {
        case .paid(let payment):
            return payment
        case .discountClosed:
            throw TossPayError(.discountClosed, reason: "할인 혜택이 마감되었습니다. 결제창에서 다시 인증해주세요.")
        }
    }

    // MARK: refund-payment

    /// What a refund answers: the payment after it and the REFUND step.
    public struct RefundOutcome: Sendable {
        /// The payment after the refund.
        public var payment: Payment
        /// The REFUND step (the first one, for a repeated refundNo).
        public var refund: PaymentTransaction
    }

    /// Refunds everything still refundable, or `request.amount`: → REFUND_PROGRESS → REFUND_SUCCESS.
    /// Discounts and points return in proportion. A repeated `refundNo` with the same body
    /// returns the first result.
    public func refund(merchant: Merchant, userKey: String, request: RefundPaymentRequest) async throws -> RefundOutcome {
        let clock = self.clock
        return try await store.write { transaction in
            let now = try await clock.now(in: transaction)
            var payment = try await Self.payment(request.payToken, merchant: merchant, mode: request.mode, in: transaction)
            guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
            if let refundNo = request.refundNo, let earlier = try await transaction.refund(payToken: payment.payToken, refundNo: refundNo) {
                guard earlier.requestFingerprint == request.fingerprint else {
                    throw TossPayError(.refundRefundNoDuplicate, reason: "refundNo \(refundNo) 는 다른 내용의 환불에 이미 사용되었습니다.")
                }
                return RefundOutcome(payment: payment, refund: earlier)
            }
            var machine = payment.stateMachine(at: now)
            if case .refuse(let code) = machine.handle(.refund) {
                throw TossPayError(code, reason: Self.statusReason(code, payment.effectiveStatus(at: now)))
            }
            if payment.method?.payMethod == .tossMoney { try await Self.checkBankOpen(at: now, in: transaction) }
            let refundable = payment.refundableAmount
            let amount = request.amount ?? refundable
            guard amount <= refundable else {
                throw TossPayError.invalidParameter("amount", "환불 가능 금액(\(refundable))을 초과합니다. (\(amount))")
            }
            let steps = try await transaction.transactions(payToken: payment.payToken)
            let split: TaxSplit
            let remaining = Self.remainingSplit(payment, steps)
            if request.amountTaxFree != nil || request.amountTaxable != nil || request.amountVat != nil || request.amountServiceFee != nil {
                split = try request.partialTaxSplit(amount: amount)
                for (name, part, left) in [
                    ("amountTaxFree", split.taxFree, remaining.taxFree), ("amountTaxable", split.taxable, remaining.taxable),
                    ("amountVat", split.vat, remaining.vat), ("amountServiceFee", split.serviceFee, remaining.serviceFee),
                ] where part > left {
                    throw TossPayError.invalidParameter(name, "환불 가능한 \(name) (\(left)) 를 넘습니다. (\(part))")
                }
            } else {
                split = amount == refundable ? remaining : remaining.share(amount, of: refundable)
            }
            guard let execution = payment.execution else { throw TossPayError(.commonRefundError) }
            let allocation = RefundAllocation.allocate(
                amount: amount,
                remainingPaid: execution.paidAmount - payment.refunded.paid,
                remainingPromotion: execution.promotionAmount - payment.refunded.promotion,
                remainingPoints: execution.pointAmount - payment.refunded.points
            )
            var user = try await Self.user(payment.userKey, in: transaction)
            let entry = user.refund(payment, allocation: allocation, amount: amount)
            payment.refunded.paid += allocation.paid
            payment.refunded.promotion += allocation.discount - allocation.points
            payment.refunded.points += allocation.points
            machine.recordRefund(amount)
            machine.handle(.refundSucceeded)
            payment.status = machine.status
            let transactionId = UUID().uuidString.lowercased()
            let step = PaymentTransaction(
                transactionId: transactionId, payToken: payment.payToken, stepType: .refund, transactionAmount: -amount,
                paidAmount: -allocation.paid, discountedAmount: -allocation.discount, pointAmount: -allocation.points,
                registeredAt: now, refundNo: request.refundNo ?? UUID().uuidString.lowercased(), requestFingerprint: request.fingerprint,
                taxSplit: split, reason: request.reason, refundableAfter: payment.refundableAmount,
                discountedAfter: payment.currentDiscountedAmount, paidAfter: payment.currentPaidAmount
            )
            try await transaction.update(payment)
            try await transaction.save(user)
            try await transaction.append([entry])
            try await transaction.insert(step)
            return RefundOutcome(payment: payment, refund: step)
        }
    }

    // MARK: get-payment-status

    /// What status answers: the payment (its status as of now) and its steps.
    public struct StatusOutcome: Sendable {
        /// The payment, with an expired wait already shown as PAY_CANCEL.
        public var payment: Payment
        /// PAY and REFUND steps in order.
        public var transactions: [PaymentTransaction]
    }

    /// Looks a payment up by payToken and/or orderNo (alone: the newest with it).
    public func status(merchant: Merchant, request: PaymentStatusRequest) async throws -> StatusOutcome {
        let clock = self.clock
        return try await store.read { transaction in
            let now = try await clock.now(in: transaction)
            var payment: Payment
            if let token = request.payToken {
                payment = try await Self.payment(token, merchant: merchant, mode: request.mode, in: transaction)
                if let orderNo = request.orderNo, orderNo != payment.orderNo { throw TossPayError(.transactionNotFound) }
            } else if let orderNo = request.orderNo {
                let candidates = try await transaction.payments(merchantId: merchant.id, orderNo: orderNo)
                guard let newest = candidates.first(where: { $0.mode == request.mode }) else { throw TossPayError(.transactionNotFound) }
                payment = newest
            } else {
                throw TossPayError.invalidParameter("payToken", "payToken 또는 orderNo 중 하나는 필요합니다.")
            }
            payment.status = payment.effectiveStatus(at: now)
            return StatusOutcome(payment: payment, transactions: try await transaction.transactions(payToken: payment.payToken))
        }
    }

    /// A payment by token for the checkout window (any merchant), its status as of now.
    public func checkoutView(payToken: String) async throws -> Payment {
        let clock = self.clock
        return try await store.read { transaction in
            var payment = try await Self.payment(payToken, in: transaction)
            payment.status = payment.effectiveStatus(at: try await clock.now(in: transaction))
            return payment
        }
    }

    // MARK: Background work

    /// Writes PAY_CANCEL on waiting payments past their expiry; returns how many.
    @discardableResult
    public func expireDue(batchSize: Int = 200) async throws -> Int {
        let clock = self.clock
        return try await store.write { transaction in
            let due = try await transaction.expiredPayments(now: try await clock.now(in: transaction), limit: batchSize)
            for var payment in due {
                var machine = PaymentStateMachine(status: payment.status)
                guard case .transition(let next) = machine.handle(.expire) else { continue }
                payment.status = next
                payment.cancelledAt = payment.expiresAt
                try await transaction.update(payment)
            }
            return due.count
        }
    }

    /// Settles paid payments whose settlement period has passed: PAY_COMPLETE →
    /// SETTLEMENT_COMPLETE, REFUND_SUCCESS → SETTLEMENT_REFUND_COMPLETE, moving what the
    /// merchant is owed from `sales` to `settled`. Returns how many.
    @discardableResult
    public func settleDue(batchSize: Int = 200) async throws -> Int {
        let clock = self.clock
        let period = settings.settlementPeriodMillis
        return try await store.write { transaction in
            let now = try await clock.now(in: transaction)
            let due = try await transaction.settleablePayments(paidBefore: now - period, limit: batchSize)
            for var payment in due {
                var machine = payment.stateMachine(at: now)
                guard case .transition(let next) = machine.handle(.settle) else { continue }
                payment.status = next
                payment.settledAt = now
                let owed = payment.amount - payment.refunded.total - (payment.execution?.promotionAmount ?? 0) + payment.refunded.promotion
                try await transaction.update(payment)
                try await transaction.append([JournalEntry(kind: .settle, payToken: payment.payToken, postings: [
                    .init(JournalEntry.Account.sales(payment.merchantId), -(payment.amount - payment.refunded.total)),
                    .init(JournalEntry.Account.promotion(payment.merchantId), (payment.execution?.promotionAmount ?? 0) - payment.refunded.promotion),
                    .init(JournalEntry.Account.settled(payment.merchantId), owed),
                ])])
            }
            return due.count
        }
    }

    // MARK: Sandbox set-up

    /// Creates or replaces a buyer; the journal records the change of balances.
    public func saveUser(_ user: SandboxUser) async throws {
        try await store.write { transaction in
            var previous = try await transaction.user(key: user.userKey)
            if previous == nil, try await !transaction.insertIfAbsent(user) {
                // Created meanwhile by another instance: adjust from what it stored.
                previous = try await transaction.user(key: user.userKey)
            }
            try await transaction.save(user)
            try await transaction.append([user.adjustmentEntry(from: previous)])
        }
    }

    /// Creates or replaces a promotion.
    public func savePromotion(_ promotion: Promotion) async throws {
        try await store.write { try await $0.save(promotion) }
    }

    /// A merchant's promotions.
    public func promotions(merchantId: String) async throws -> [Promotion] {
        try await store.read { try await $0.promotions(merchantId: merchantId) }
    }

    static let maintenanceKey = "bank.maintenance"

    /// The bank maintenance windows in force.
    public func maintenanceWindows() async throws -> [MaintenanceWindow] {
        try await store.read { try await Self.maintenanceWindows(in: $0) }
    }

    /// Replaces the bank maintenance windows.
    public func setMaintenanceWindows(_ windows: [MaintenanceWindow]) async throws {
        try await store.write { try await $0.setSetting(Self.maintenanceKey, windows.map(\.description).joined(separator: ",")) }
    }

    static func maintenanceWindows(in transaction: any StoreTransaction) async throws -> [MaintenanceWindow] {
        guard let text = try await transaction.setting(maintenanceKey) else { return [] }
        return (try? MaintenanceWindow.parseList(text)) ?? []
    }

    /// `COMMON_BREAK_TIME_OF_BANK` inside a maintenance window.
    static func checkBankOpen(at now: Int64, in transaction: any StoreTransaction) async throws {
        let windows = try await maintenanceWindows(in: transaction)
        if let window = windows.first(where: { $0.contains(milliseconds: now) }) {
            throw TossPayError(.commonBreakTimeOfBank, reason: "지금은 은행 점검 시간입니다. (\(window) KST) 점검이 끝난 후 사용해주세요.")
        }
    }

    // MARK: Helpers

    static func payment(_ token: String, in transaction: any StoreTransaction) async throws -> Payment {
        guard let payment = try await transaction.payment(token: token) else { throw TossPayError(.transactionNotFound) }
        return payment
    }

    /// The payment if it belongs to `merchant` and has `mode`; otherwise not found, so that a
    /// merchant cannot learn whether another merchant's token exists.
    static func payment(_ token: String, merchant: Merchant, mode: PaymentMode, in transaction: any StoreTransaction) async throws -> Payment {
        guard let payment = try await transaction.payment(token: token), payment.merchantId == merchant.id, payment.mode == mode else {
            throw TossPayError(.transactionNotFound)
        }
        return payment
    }

    static func statusReason(_ code: ErrorCode, _ status: PaymentStatus) -> String {
        let message = TossPayError(code).reason
        return "\(message) (payStatus: \(status.rawValue))"
    }

    /// The tax split not yet refunded.
    static func remainingSplit(_ payment: Payment, _ steps: [PaymentTransaction]) -> TaxSplit {
        var split = payment.taxSplit
        for step in steps where step.stepType == .refund {
            guard let part = step.taxSplit else { continue }
            split.taxable -= part.taxable
            split.taxFree -= part.taxFree
            split.vat -= part.vat
            split.serviceFee -= part.serviceFee
        }
        return split
    }

    /// An eight-digit sandbox card authorization number derived from the transaction id.
    static func authorizationNumber(_ transactionId: String) -> String {
        let digits = transactionId.filter(\.isWholeNumber)
        return String((digits + "00000000").prefix(8))
    }

    /// A cash receipt management key derived from the transaction id.
    static func cashReceiptKey(_ transactionId: String) -> String {
        "CR" + transactionId.replacingOccurrences(of: "-", with: "").prefix(20).uppercased()
    }
}

extension PaymentLedger {
    /// The merchant with `id`.
    public func merchant(id: String) async throws -> Merchant? {
        try await store.read { try await $0.merchant(id: id) }
    }
}

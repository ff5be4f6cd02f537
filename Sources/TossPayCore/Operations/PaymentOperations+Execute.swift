extension PaymentOperations {
    /// What execute-payment loaded.
    public struct ExecuteRows: Sendable {
        /// The payment (any merchant's; ownership is checked here).
        public var payment: Payment?
        /// Its buyer.
        public var buyer: SandboxUser?
        /// The merchant's promotions.
        public var promotions: [Promotion]
        /// The bank maintenance windows in force.
        public var maintenanceWindows: [MaintenanceWindow]

        /// Rows.
        public init(payment: Payment?, buyer: SandboxUser?, promotions: [Promotion], maintenanceWindows: [MaintenanceWindow]) {
            self.payment = payment
            self.buyer = buyer
            self.promotions = promotions
            self.maintenanceWindows = maintenanceWindows
        }
    }

    /// What execute decided.
    public enum ExecuteDecision: Sendable, Equatable {
        /// The buyer's method was debited exactly once: PAY_COMPLETE.
        case paid(LedgerEffects, Payment)
        /// The promotion chosen at authorize closed: nothing moved, the payment goes back to
        /// PAY_STANDBY (these effects are committed) and the call fails with `DISCOUNT_CLOSED`,
        /// so the buyer authenticates again with the same payToken.
        case discountClosed(LedgerEffects)

        /// What to write.
        public var effects: LedgerEffects {
            switch self {
            case .paid(let effects, _), .discountClosed(let effects): effects
            }
        }
    }

    /// The error execute answers after ``ExecuteDecision/discountClosed(_:)`` is committed.
    public static let discountClosedError = TossPayError(.discountClosed, reason: "할인 혜택이 마감되었습니다. 결제창에서 다시 인증해주세요.")

    /// Executes an authenticated payment: PAY_APPROVED → PAY_PROGRESS → PAY_COMPLETE, debiting
    /// the buyer's method. A refused method throws and moves nothing; Toss Money is refused in a
    /// bank maintenance window; a promotion that closed or whose budget no longer covers the
    /// discount sends the buyer back to authenticate.
    public static func execute(
        _ request: ExecutePaymentRequest, merchantId: String, userKey: String, rows: ExecuteRows, transactionId: String,
        now: Int64
    ) throws(TossPayError) -> ExecuteDecision {
        var payment = try owned(rows.payment, merchantId: merchantId, mode: request.mode)
        if let orderNo = request.orderNo, orderNo != payment.orderNo {
            throw TossPayError.invalidParameter("orderNo", "결제의 주문번호와 일치하지 않습니다.")
        }
        guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
        var machine = payment.stateMachine(at: now)
        try handle(.execute, &machine, shown: payment.effectiveStatus(at: now))
        guard let choice = payment.method else { throw TossPayError(.executePayNotApproved) }
        if choice.payMethod == .tossMoney { try checkBankOpen(rows.maintenanceWindows, at: now) }
        var (user, creation) = buyer(rows.buyer, merchantId: payment.merchantId, userKey: userKey)
        var effects = LedgerEffects(createdBuyer: creation)
        let promotion = choice.promotionAmount
        let points = choice.pointAmount
        if let promotionId = choice.promotionId, promotion > 0 {
            guard var offer = rows.promotions.first(where: { $0.id == promotionId }), offer.active, offer.canCover(promotion) else {
                machine.handle(.discountClosed)
                payment.apply(machine)
                payment.method = nil
                effects.updatedPayments = [payment]
                return .discountClosed(effects)
            }
            if let budget = offer.remainingBudget {
                offer.remainingBudget = budget - promotion
                effects.updatedPromotion = offer
            }
        }
        let paidAmount = payment.amount - promotion - points
        let charge = try user.pay(
            payment, choice: choice, paidAmount: paidAmount, promotion: promotion, points: points,
            authorizationNo: authorizationNumber(transactionId)
        )
        machine.handle(.executeSucceeded)
        payment.apply(machine)
        payment.execution = Payment.Execution(
            transactionId: transactionId, paidAt: now, promotionAmount: promotion, pointAmount: points,
            paidAmount: paidAmount, card: charge.card, account: charge.account,
            cashReceiptMgtKey: payment.cashReceipt && choice.payMethod == .tossMoney ? cashReceiptKey(transactionId) : nil
        )
        effects.updatedPayments = [payment]
        effects.updatedBuyer = user
        effects.journal = charge.entries
        effects.step = PaymentTransaction(
            transactionId: transactionId, payToken: payment.payToken, stepType: .pay, transactionAmount: payment.amount,
            paidAmount: paidAmount, discountedAmount: promotion + points, pointAmount: points, registeredAt: now
        )
        return .paid(effects, payment)
    }

    /// An eight-digit sandbox card authorization number derived from the transaction id.
    public static func authorizationNumber(_ transactionId: String) -> String {
        let digits = transactionId.filter(\.isWholeNumber)
        return String((digits + "00000000").prefix(8))
    }

    /// A cash receipt management key derived from the transaction id.
    public static func cashReceiptKey(_ transactionId: String) -> String {
        "CR" + String(transactionId.filter { $0 != "-" }.prefix(20)).uppercased()
    }
}

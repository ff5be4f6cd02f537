extension PaymentOperations {
    /// What refund-payment loaded.
    public struct RefundRows: Sendable {
        /// The payment (any merchant's; ownership is checked here).
        public var payment: Payment?
        /// The earlier refund with the request's refundNo, if any.
        public var earlierRefund: PaymentTransaction?
        /// The payment's PAY and REFUND steps in order.
        public var steps: [PaymentTransaction]
        /// Its buyer.
        public var buyer: SandboxUser?
        /// The bank maintenance windows in force.
        public var maintenanceWindows: [MaintenanceWindow]

        /// Rows.
        public init(
            payment: Payment?, earlierRefund: PaymentTransaction?, steps: [PaymentTransaction], buyer: SandboxUser?,
            maintenanceWindows: [MaintenanceWindow]
        ) {
            self.payment = payment
            self.earlierRefund = earlierRefund
            self.steps = steps
            self.buyer = buyer
            self.maintenanceWindows = maintenanceWindows
        }
    }

    /// What a refund answers: the payment after it and the REFUND step.
    public struct RefundOutcome: Sendable, Equatable {
        /// The payment after the refund.
        public var payment: Payment
        /// The REFUND step (the first one, for a repeated refundNo).
        public var refund: PaymentTransaction

        /// An outcome.
        public init(payment: Payment, refund: PaymentTransaction) {
            self.payment = payment
            self.refund = refund
        }
    }

    /// Refunds everything still refundable, or `request.amount`: → REFUND_PROGRESS →
    /// REFUND_SUCCESS. Discounts and points return in proportion; an explicit tax split may not
    /// exceed what remains of each part. A repeated `refundNo` with the same body returns the
    /// first result and writes nothing; with another body it is `REFUND_REFUND_NO_DUPLICATE`.
    /// `refundNo` names the step when the request has none.
    public static func refund(
        _ request: RefundPaymentRequest, merchantId: String, userKey: String, rows: RefundRows, transactionId: String,
        refundNo: String, now: Int64
    ) throws(TossPayError) -> (effects: LedgerEffects, outcome: RefundOutcome) {
        var payment = try owned(rows.payment, merchantId: merchantId, mode: request.mode)
        guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
        if let earlier = rows.earlierRefund {
            guard earlier.requestFingerprint == request.fingerprint else {
                throw TossPayError(.refundRefundNoDuplicate, reason: "refundNo \(request.refundNo ?? "") 는 다른 내용의 환불에 이미 사용되었습니다.")
            }
            return (LedgerEffects(), RefundOutcome(payment: payment, refund: earlier))
        }
        var machine = payment.stateMachine(at: now)
        try handle(.refund, &machine, shown: payment.effectiveStatus(at: now))
        if payment.method?.payMethod == .tossMoney { try checkBankOpen(rows.maintenanceWindows, at: now) }
        let refundable = payment.refundableAmount
        let amount = request.amount ?? refundable
        guard amount <= refundable else {
            throw TossPayError.invalidParameter("amount", "환불 가능 금액(\(refundable))을 초과합니다. (\(amount))")
        }
        let remaining = remainingSplit(payment, rows.steps)
        let split: TaxSplit
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
        var (user, creation) = buyer(rows.buyer, merchantId: payment.merchantId, userKey: payment.userKey)
        let entry = user.refund(payment, allocation: allocation, amount: amount)
        payment.refunded.paid += allocation.paid
        payment.refunded.promotion += allocation.discount - allocation.points
        payment.refunded.points += allocation.points
        machine.recordRefund(amount)
        machine.handle(.refundSucceeded)
        payment.apply(machine)
        let step = PaymentTransaction(
            transactionId: transactionId, payToken: payment.payToken, stepType: .refund, transactionAmount: -amount,
            paidAmount: -allocation.paid, discountedAmount: -allocation.discount, pointAmount: -allocation.points,
            registeredAt: now, refundNo: request.refundNo ?? refundNo, requestFingerprint: request.fingerprint,
            taxSplit: split, reason: request.reason, refundableAfter: payment.refundableAmount,
            discountedAfter: payment.currentDiscountedAmount, paidAfter: payment.currentPaidAmount
        )
        let effects = LedgerEffects(
            createdBuyer: creation, updatedPayments: [payment], updatedBuyer: user, step: step, journal: [entry]
        )
        return (effects, RefundOutcome(payment: payment, refund: step))
    }

    /// The tax split not yet refunded.
    public static func remainingSplit(_ payment: Payment, _ steps: [PaymentTransaction]) -> TaxSplit {
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
}

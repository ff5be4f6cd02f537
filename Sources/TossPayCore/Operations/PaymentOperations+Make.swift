extension PaymentOperations {
    /// What make-payment loaded: the merchant's earlier payments with the orderNo (newest
    /// first), when the orderNo was first used, and the buyer.
    public struct MakeRows: Sendable {
        /// Earlier payments with the orderNo, newest first.
        public var previous: [Payment]
        /// The orderNo's first use, epoch milliseconds.
        public var orderNoFirstUse: Int64?
        /// The buyer, nil before its first payment.
        public var buyer: SandboxUser?

        /// Rows.
        public init(previous: [Payment], orderNoFirstUse: Int64?, buyer: SandboxUser?) {
            self.previous = previous
            self.orderNoFirstUse = orderNoFirstUse
            self.buyer = buyer
        }
    }

    /// Creates a payment (PAY_STANDBY), applying the orderNo reuse rules: no other payment of the
    /// orderNo waiting (`PAYMENT_EXISTING_PAYMENT`), none that reached buyer authentication, and
    /// not more than `policy.orderNoReuseMillis` after its first use (`PAYMENT_DUPLICATION_ORDER_NO`).
    /// Earlier payments past their expiry are written down as PAY_CANCEL.
    public static func make(
        _ request: MakePaymentRequest, merchantId: String, userKey: String, rows: MakeRows, payToken: String,
        policy: PaymentPolicy, now: Int64
    ) throws(TossPayError) -> (effects: LedgerEffects, payment: Payment) {
        if rows.previous.contains(where: { $0.effectiveStatus(at: now) == .standby }) {
            throw TossPayError(.paymentExistingPayment, reason: "orderNo \(request.orderNo) 로 대기 중인 결제가 있습니다.")
        }
        if rows.previous.contains(where: {
            $0.method != nil || $0.firstAuthenticatedAt != nil || $0.effectiveStatus(at: now).reachedAuthentication
        }) {
            throw TossPayError(.paymentDuplicationOrderNo, reason: "구매자 인증까지 진행된 주문번호는 다시 사용할 수 없습니다. (\(request.orderNo))")
        }
        if let firstUse = rows.orderNoFirstUse, now - firstUse > policy.orderNoReuseMillis {
            throw TossPayError(.paymentDuplicationOrderNo, reason: "최초 생성 후 2년이 지난 주문번호는 다시 사용할 수 없습니다. (\(request.orderNo))")
        }
        var effects = LedgerEffects()
        // Write down expiries the sweep has not reached yet.
        for stale in rows.previous where stale.status.canExpire {
            effects.updatedPayments += expire([stale], now: max(now, stale.expiresAt)).updatedPayments
        }
        effects.createdBuyer = buyer(rows.buyer, merchantId: merchantId, userKey: userKey).1
        let payment = Payment(
            payToken: payToken, merchantId: merchantId, userKey: userKey, request: request,
            createdAt: now, expiresAt: now + policy.expiryMillis
        )
        effects.createdPayment = payment
        return (effects, payment)
    }
}

extension PaymentOperations {
    /// Starts an execute held in PAY_PROGRESS until `deadline` (SPEC §11): the same checks as
    /// execute up to the status (ownership, orderNo, buyer, PAY_APPROVED), then the payment is
    /// committed in PAY_PROGRESS with the hold; nothing moves. Meanwhile another execute is
    /// `TRANSACTION_PENDING_ERROR` and status shows PAY_PROGRESS.
    public static func beginExecuteHold(
        _ request: ExecutePaymentRequest, merchantId: String, userKey: String, payment loaded: Payment?, holdId: String,
        deadline: Int64, now: Int64
    ) throws(TossPayError) -> (effects: LedgerEffects, payment: Payment) {
        var payment = try owned(loaded, merchantId: merchantId, mode: request.mode)
        if let orderNo = request.orderNo, orderNo != payment.orderNo {
            throw TossPayError.invalidParameter("orderNo", "결제의 주문번호와 일치하지 않습니다.")
        }
        guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
        var machine = payment.stateMachine(at: now)
        let before = machine.status
        try handle(.execute, &machine, shown: payment.effectiveStatus(at: now))
        guard payment.method != nil else { throw TossPayError(.executePayNotApproved) }
        payment.apply(machine)
        payment.hold = ProgressHold(kind: .execute, statusBefore: before, deadline: deadline, id: holdId)
        return (LedgerEffects(updatedPayments: [payment]), payment)
    }

    /// Starts a refund held in REFUND_PROGRESS until `deadline`: ownership, buyer and a status
    /// with something refundable are checked now, the rest at completion; nothing moves.
    public static func beginRefundHold(
        _ request: RefundPaymentRequest, merchantId: String, userKey: String, payment loaded: Payment?, holdId: String,
        deadline: Int64, now: Int64
    ) throws(TossPayError) -> (effects: LedgerEffects, payment: Payment) {
        var payment = try owned(loaded, merchantId: merchantId, mode: request.mode)
        guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
        var machine = payment.stateMachine(at: now)
        let before = machine.status
        try handle(.refund, &machine, shown: payment.effectiveStatus(at: now))
        payment.apply(machine)
        payment.hold = ProgressHold(kind: .refund, statusBefore: before, deadline: deadline, id: holdId)
        return (LedgerEffects(updatedPayments: [payment]), payment)
    }

    /// The payment as it was before its hold `holdId` (the completion then runs the operation on
    /// it). A hold that is gone — returned by a sweep after its deadline — cannot complete.
    public static func releaseHold(_ loaded: Payment?, holdId: String) throws(TossPayError) -> Payment {
        guard var payment = loaded, let hold = payment.hold, hold.id == holdId else {
            throw TossPayError(.commonSystemError, reason: "진행 중이던 요청이 기한을 넘겨 취소되었습니다. 결제 상태를 조회해주세요.")
        }
        payment.status = hold.statusBefore
        payment.hold = nil
        return payment
    }

    /// Returns abandoned holds (past deadline + 5 s at wall-clock `now`) to where they were.
    public static func returnAbandonedHolds(_ payments: [Payment], now: Int64) -> LedgerEffects {
        var returned: [Payment] = []
        for var payment in payments {
            guard let hold = payment.hold, hold.isAbandoned(at: now),
                  payment.status == .inProgress || payment.status == .refundInProgress else { continue }
            payment.status = hold.statusBefore
            payment.hold = nil
            returned.append(payment)
        }
        return LedgerEffects(updatedPayments: returned)
    }
}

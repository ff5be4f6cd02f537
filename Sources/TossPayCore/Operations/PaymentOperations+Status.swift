extension PaymentOperations {
    /// The payment get-payment-status answers with, its status as of `now`: by payToken (and
    /// then the orderNo must match), or the newest of `byOrderNo` in the request's mode.
    /// `byToken` is what the store found for the request's payToken.
    public static func statusPayment(
        _ request: PaymentStatusRequest, merchantId: String, byToken: Payment?, byOrderNo: [Payment], now: Int64
    ) throws(TossPayError) -> Payment {
        let payment: Payment
        if request.payToken != nil {
            payment = try owned(byToken, merchantId: merchantId, mode: request.mode)
            if let orderNo = request.orderNo, orderNo != payment.orderNo { throw TossPayError(.transactionNotFound) }
        } else if request.orderNo != nil {
            guard let newest = byOrderNo.first(where: { $0.merchantId == merchantId && $0.mode == request.mode }) else {
                throw TossPayError(.transactionNotFound)
            }
            payment = newest
        } else {
            throw TossPayError.invalidParameter("payToken", "payToken 또는 orderNo 중 하나는 필요합니다.")
        }
        return payment.shown(at: now)
    }
}

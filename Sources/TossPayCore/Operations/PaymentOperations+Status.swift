extension PaymentOperations {
    /// The payment get-payment-status answers with, its status as of `now`. `byToken` is what
    /// the store found for the request's payToken; it must be the merchant's, in the request's
    /// mode, and made with the request's orderNo — a payToken and an orderNo that name two
    /// different payments find neither.
    public static func statusPayment(
        _ request: PaymentStatusRequest, merchantId: String, byToken: Payment?, now: Int64
    ) throws(TossPayError) -> Payment {
        let payment = try owned(byToken, merchantId: merchantId, mode: request.mode)
        guard payment.orderNo == request.orderNo else { throw TossPayError(.transactionNotFound) }
        return payment.shown(at: now)
    }
}

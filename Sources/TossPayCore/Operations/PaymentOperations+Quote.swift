extension PaymentOperations {
    /// What the checkout window shows when the buyer uses `points`, deciding nothing and
    /// changing nothing: the promotion, points and amount to pay that authorize would apply
    /// now (``CheckoutQuote``), for a payment that can still be authorized. A payment past
    /// PAY_STANDBY (or expired) is refused as authorize refuses it
    /// (`COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS`); points outside `0...maxPoints` are
    /// `COMMON_INVALID_PARAMETER` naming `points`.
    public static func quote(
        _ payment: Payment, points: Int64, buyer: SandboxUser, promotions: [Promotion], now: Int64
    ) throws(TossPayError) -> CheckoutFigures {
        // A copy of the machine: asking whether authorize could happen moves nothing.
        var machine = payment.stateMachine(at: now)
        try handle(.authorize, &machine, shown: payment.effectiveStatus(at: now))
        let quote = CheckoutQuote.quote(amount: payment.amount, promotions: promotions, buyerPoints: buyer.points)
        return try quote.figures(points: points, buyerPoints: buyer.points, installment: payment.installment)
    }
}

extension CheckoutQuote {
    /// Checks the points a buyer holding `buyerPoints` asks to use, with authorize's rules and
    /// reasons: not negative, at most what they hold, at most what is left after the promotion.
    /// Each refusal is `COMMON_INVALID_PARAMETER` naming `points`.
    public func checkPoints(_ points: Int64, buyerPoints: Int64) throws(TossPayError) {
        guard points >= 0 else {
            throw TossPayError.invalidParameter("points", "0 이상이어야 합니다. (\(points))")
        }
        guard points <= buyerPoints else {
            throw TossPayError.invalidParameter("points", "보유한 토스 포인트(\(buyerPoints))보다 많이 쓸 수 없습니다. (\(points))")
        }
        guard points <= amountAfterPromotion else {
            throw TossPayError.invalidParameter("points", "결제 금액보다 많이 쓸 수 없습니다. (\(points))")
        }
    }

    /// The figures the checkout window shows when the buyer uses `points` (checked by
    /// ``checkPoints(_:buyerPoints:)``) on a payment whose installment option is `installment`.
    public func figures(points: Int64, buyerPoints: Int64, installment: InstallmentOption) throws(TossPayError) -> CheckoutFigures {
        try checkPoints(points, buyerPoints: buyerPoints)
        let paid = paidAmount(points: points)
        return CheckoutFigures(
            amount: amount, promotionAmount: promotionAmount, pointAmount: points, paidAmount: paid, maxPoints: maxPoints,
            installmentAvailable: installment == .use && paid >= PaymentRules.installmentMinimumAmount
        )
    }
}

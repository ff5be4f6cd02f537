/// What the checkout window offers a buyer for a payment: the merchant's best promotion and
/// the most points the buyer can use after it. Authorize applies the same figures.
public struct CheckoutQuote: Sendable, Equatable {
    /// The promotion that applies, if any.
    public var promotion: Promotion?
    /// Its discount, in won.
    public var promotionAmount: Int64
    /// The most points usable: what the buyer holds, at most what is left after the promotion.
    public var maxPoints: Int64

    /// The quote for a payment of `amount` given the merchant's promotions and the buyer's points.
    public static func quote(amount: Int64, promotions: [Promotion], buyerPoints: Int64) -> CheckoutQuote {
        let offer = Promotion.best(of: promotions, for: amount)
        let promotionAmount = offer?.1 ?? 0
        return CheckoutQuote(
            promotion: offer?.0, promotionAmount: promotionAmount,
            maxPoints: max(0, min(buyerPoints, amount - promotionAmount))
        )
    }
}

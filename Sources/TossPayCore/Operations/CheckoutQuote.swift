/// What checkout takes off a payment before the buyer pays: the merchant's best instant
/// discount (즉시할인) first, then up to as many Toss points as the buyer has and the discounted
/// amount leaves. A pure function of the amount, the merchant's promotions and the buyer's
/// points, so the checkout page shows exactly what authorize will apply.
public struct CheckoutQuote: Sendable, Equatable {
    /// The payment's amount.
    public var amount: Int64
    /// The promotion that applies (the largest discount whose budget covers it), if any.
    public var promotion: Promotion?
    /// Its discount in won; 0 without a promotion.
    public var promotionAmount: Int64
    /// The most points the buyer may use: no more than they hold, nor than the discounted amount.
    public var maxPoints: Int64

    /// Creates a quote from its parts.
    public init(amount: Int64, promotion: Promotion?, promotionAmount: Int64, maxPoints: Int64) {
        self.amount = amount
        self.promotion = promotion
        self.promotionAmount = promotionAmount
        self.maxPoints = maxPoints
    }

    /// What is left to pay after the promotion, before points.
    public var amountAfterPromotion: Int64 { amount - promotionAmount }

    /// What the buyer pays when using `points` (which ``allows(points:)`` should accept).
    public func paidAmount(points: Int64) -> Int64 { amountAfterPromotion - points }

    /// Whether a buyer may use `points`: not negative and at most ``maxPoints``.
    public func allows(points: Int64) -> Bool { (0...maxPoints).contains(points) }

    /// The quote for a payment of `amount` among a merchant's `promotions`, for a buyer holding
    /// `buyerPoints`.
    public static func quote(amount: Int64, promotions: [Promotion], buyerPoints: Int64) -> CheckoutQuote {
        let offer = Promotion.best(of: promotions, for: amount)
        let promotionAmount = offer?.1 ?? 0
        return CheckoutQuote(
            amount: amount, promotion: offer?.0, promotionAmount: promotionAmount,
            maxPoints: max(0, min(buyerPoints, amount - promotionAmount))
        )
    }
}

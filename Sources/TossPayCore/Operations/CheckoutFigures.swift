/// What the checkout window shows for one choice of Toss points, decided by Core
/// (``PaymentOperations/quote(_:points:buyer:promotions:now:)``) so that the page shows the
/// figures authorize will apply and never does money arithmetic itself. All amounts in won.
public struct CheckoutFigures: Sendable, Equatable {
    /// The payment's amount.
    public var amount: Int64
    /// The instant discount (즉시할인) that applies; 0 without a promotion.
    public var promotionAmount: Int64
    /// The Toss points the buyer chose to use.
    public var pointAmount: Int64
    /// What the chosen method (Toss Money or card) is charged: amount − promotion − points,
    /// execute's `paidAmount`.
    public var paidAmount: Int64
    /// The most points the buyer may use: no more than they hold, nor than the discounted amount.
    public var maxPoints: Int64
    /// Whether installment months may be chosen for a credit card: the payment allows them
    /// and ``paidAmount`` is at least ``PaymentRules/installmentMinimumAmount``.
    public var installmentAvailable: Bool

    /// Creates figures from their parts.
    public init(
        amount: Int64, promotionAmount: Int64, pointAmount: Int64, paidAmount: Int64, maxPoints: Int64,
        installmentAvailable: Bool
    ) {
        self.amount = amount
        self.promotionAmount = promotionAmount
        self.pointAmount = pointAmount
        self.paidAmount = paidAmount
        self.maxPoints = maxPoints
        self.installmentAvailable = installmentAvailable
    }

    /// Execute's `discountedAmount`: the promotion plus the points.
    public var discountedAmount: Int64 { promotionAmount + pointAmount }
}

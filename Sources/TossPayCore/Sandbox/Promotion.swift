/// A merchant's instant discount (즉시할인), applied at checkout and charged to the merchant.
public struct Promotion: Sendable, Equatable, Codable {
    /// The promotion's id.
    public var id: String
    /// The merchant that funds it.
    public var merchantId: String
    /// Shown to the buyer.
    public var name: String
    /// A fixed discount in won; or
    public var discountAmount: Int64?
    /// a percentage of the amount (1–100), rounded down.
    public var discountRate: Int64?
    /// Only payments of at least this amount qualify.
    public var minimumAmount: Int64
    /// The most one payment is discounted (with a rate).
    public var maximumDiscount: Int64?
    /// What remains to be given away; nil is unlimited. When it cannot cover a discount, the
    /// promotion is closed (`DISCOUNT_CLOSED`).
    public var remainingBudget: Int64?
    /// Whether it applies at all.
    public var active: Bool

    /// Creates a promotion.
    public init(
        id: String, merchantId: String, name: String, discountAmount: Int64? = nil, discountRate: Int64? = nil,
        minimumAmount: Int64 = 0, maximumDiscount: Int64? = nil, remainingBudget: Int64? = nil, active: Bool = true
    ) {
        self.id = id
        self.merchantId = merchantId
        self.name = name
        self.discountAmount = discountAmount
        self.discountRate = discountRate
        self.minimumAmount = minimumAmount
        self.maximumDiscount = maximumDiscount
        self.remainingBudget = remainingBudget
        self.active = active
    }

    /// The discount for a payment of `amount`, or 0 when it does not qualify. Never more than
    /// the amount.
    public func discount(for amount: Int64) -> Int64 {
        guard active, amount >= minimumAmount else { return 0 }
        var discount: Int64 = 0
        if let discountAmount { discount = discountAmount }
        if let discountRate { discount = RefundAllocation.proportion(amount, discountRate, 100) }
        if let maximumDiscount { discount = min(discount, maximumDiscount) }
        return max(0, min(discount, amount))
    }

    /// Whether the budget still covers `discount`.
    public func canCover(_ discount: Int64) -> Bool {
        remainingBudget.map { $0 >= discount } ?? true
    }

    /// The promotion giving the largest discount on `amount` among `promotions` whose budget
    /// covers it, with that discount.
    public static func best(of promotions: [Promotion], for amount: Int64) -> (Promotion, Int64)? {
        promotions
            .map { ($0, $0.discount(for: amount)) }
            .filter { $0.1 > 0 && $0.0.canCover($0.1) }
            .max { $0.1 < $1.1 }
    }
}

/// One PAY or REFUND step of a payment (`transactions[]` in status).
public struct PaymentTransaction: Sendable, Equatable, Codable {
    /// PAY or REFUND.
    public enum StepType: String, Sendable, Codable {
        case pay = "PAY"
        case refund = "REFUND"
    }

    /// A UUID.
    public var transactionId: String
    /// The payment.
    public var payToken: String
    /// PAY or REFUND.
    public var stepType: StepType
    /// Amount for the merchant; negative for refunds.
    public var transactionAmount: Int64
    /// Part moved on the buyer's method (negative for refunds).
    public var paidAmount: Int64
    /// Discount part (promotion + points; negative for refunds).
    public var discountedAmount: Int64
    /// Points part (negative for refunds).
    public var pointAmount: Int64
    /// When, epoch milliseconds.
    public var registeredAt: Int64
    /// For refunds: the refund number.
    public var refundNo: String?
    /// For refunds: the request's fingerprint, to answer a repeated refundNo.
    public var requestFingerprint: String?
    /// For refunds: the tax split refunded.
    public var taxSplit: TaxSplit?
    /// For refunds: the reason given.
    public var reason: String?
    /// For refunds: what stayed refundable after this one.
    public var refundableAfter: Int64?
    /// For refunds: discountedAmount standing after this one.
    public var discountedAfter: Int64?
    /// For refunds: paidAmount standing after this one.
    public var paidAfter: Int64?

    /// Creates a transaction.
    public init(
        transactionId: String, payToken: String, stepType: StepType, transactionAmount: Int64, paidAmount: Int64,
        discountedAmount: Int64, pointAmount: Int64, registeredAt: Int64, refundNo: String? = nil,
        requestFingerprint: String? = nil, taxSplit: TaxSplit? = nil, reason: String? = nil,
        refundableAfter: Int64? = nil, discountedAfter: Int64? = nil, paidAfter: Int64? = nil
    ) {
        self.transactionId = transactionId
        self.payToken = payToken
        self.stepType = stepType
        self.transactionAmount = transactionAmount
        self.paidAmount = paidAmount
        self.discountedAmount = discountedAmount
        self.pointAmount = pointAmount
        self.registeredAt = registeredAt
        self.refundNo = refundNo
        self.requestFingerprint = requestFingerprint
        self.taxSplit = taxSplit
        self.reason = reason
        self.refundableAfter = refundableAfter
        self.discountedAfter = discountedAfter
        self.paidAfter = paidAfter
    }
}

/// One order of the shop, as stored and as returned by the API.
public struct Order: Sendable, Equatable, Codable {
    /// Where an order is.
    public enum Status: String, Sendable, Codable {
        /// Stored; make-payment not answered yet.
        case created = "CREATED"
        /// Toss Pay issued a payToken; waiting for the buyer and execute.
        case pending = "PENDING"
        /// Executed and confirmed by the server: the buyer was charged the order's amount.
        case paid = "PAID"
        /// make-payment failed; the order cannot be paid.
        case failed = "FAILED"
        /// Toss Pay charged an amount other than the order's; needs a person (and a refund).
        case amountMismatch = "AMOUNT_MISMATCH"
        /// Paid, then refunded in full (`/my-api/payment/refund`).
        case refunded = "REFUNDED"
    }

    /// The order number sent to Toss Pay as `orderNo`.
    public var orderNo: String
    /// The product's id.
    public var productId: String
    /// The product's name.
    public var productName: String
    /// The amount the server decided, in won.
    public var amount: Int64
    /// The payment's token, once issued.
    public var payToken: String?
    /// Where the order is.
    public var status: Status
    /// The PAY transaction's id, once paid.
    public var transactionId: String?
    /// TOSS_MONEY or CARD, once paid.
    public var payMethod: String?
    /// What the buyer's method was charged (amount minus discounts), once paid.
    public var paidAmount: Int64?
    /// When Toss Pay approved it (KST), once paid.
    public var approvalTime: String?
    /// When the order was created, epoch milliseconds.
    public var createdAt: Int64
    /// When the order was marked paid, epoch milliseconds.
    public var paidAt: Int64?

    /// The buyer's userKey; kept on the server, never returned to the browser.
    var userKey: String

    enum CodingKeys: String, CodingKey {
        case orderNo, productId, productName, amount, payToken, status, transactionId, payMethod, paidAmount, approvalTime,
             createdAt, paidAt
    }

    /// Decodes an order as the API returns it (without the buyer's userKey).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        orderNo = try container.decode(String.self, forKey: .orderNo)
        productId = try container.decode(String.self, forKey: .productId)
        productName = try container.decode(String.self, forKey: .productName)
        amount = try container.decode(Int64.self, forKey: .amount)
        payToken = try container.decodeIfPresent(String.self, forKey: .payToken)
        status = try container.decode(Status.self, forKey: .status)
        transactionId = try container.decodeIfPresent(String.self, forKey: .transactionId)
        payMethod = try container.decodeIfPresent(String.self, forKey: .payMethod)
        paidAmount = try container.decodeIfPresent(Int64.self, forKey: .paidAmount)
        approvalTime = try container.decodeIfPresent(String.self, forKey: .approvalTime)
        createdAt = try container.decode(Int64.self, forKey: .createdAt)
        paidAt = try container.decodeIfPresent(Int64.self, forKey: .paidAt)
        userKey = ""
    }

    init(
        orderNo: String, productId: String, productName: String, amount: Int64, payToken: String?, status: Status,
        transactionId: String?, payMethod: String?, paidAmount: Int64?, approvalTime: String?, createdAt: Int64,
        paidAt: Int64?, userKey: String
    ) {
        self.orderNo = orderNo
        self.productId = productId
        self.productName = productName
        self.amount = amount
        self.payToken = payToken
        self.status = status
        self.transactionId = transactionId
        self.payMethod = payMethod
        self.paidAmount = paidAmount
        self.approvalTime = approvalTime
        self.createdAt = createdAt
        self.paidAt = paidAt
        self.userKey = userKey
    }
}

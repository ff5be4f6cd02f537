/// Which of a merchant's inspector entries to read: filters, and a window of ids.
///
/// Without ``after`` the answer is the newest ``limit`` entries (older than ``before`` when it
/// is set); with ``after`` it is the ``limit`` entries that follow it (the oldest ones newer
/// than `after`), so a follower that asks again with the newest id it has misses nothing.
/// Either way the entries come newest first.
public struct RequestLogQuery: Sendable, Equatable {
    /// The merchant whose entries are read.
    public var merchantId: String
    /// The most entries returned.
    public var limit: Int
    /// Only entries with a larger id.
    public var after: Int64?
    /// Only entries with a smaller id.
    public var before: Int64?
    /// Only entries about this order number.
    public var orderNo: String?
    /// Only entries about this payToken.
    public var payToken: String?
    /// Only entries about this buyer.
    public var userKey: String?
    /// Only entries answered with this HTTP status.
    public var status: Int?

    /// Creates a query.
    public init(
        merchantId: String, limit: Int, after: Int64? = nil, before: Int64? = nil, orderNo: String? = nil, payToken: String? = nil,
        userKey: String? = nil, status: Int? = nil
    ) {
        self.merchantId = merchantId
        self.limit = limit
        self.after = after
        self.before = before
        self.orderNo = orderNo
        self.payToken = payToken
        self.userKey = userKey
        self.status = status
    }
}

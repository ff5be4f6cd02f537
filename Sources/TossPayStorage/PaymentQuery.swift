public import TossPayCore

/// Which of one merchant's payments to list, newest first: the console's filters.
///
/// `status` matches the stored status. A payment whose window passed but which the sweep has
/// not expired yet is still stored as waiting; the console shows its effective status.
public struct PaymentQuery: Sendable, Equatable {
    /// The merchant whose payments these are.
    public var merchantId: String
    /// Only payments in this status.
    public var status: PaymentStatus?
    /// Only TEST or only LIVE payments.
    public var mode: PaymentMode?
    /// Only payments of this order number.
    public var orderNo: String?
    /// Only payments of this buyer.
    public var userKey: String?
    /// Only payments created at or after this instant (epoch milliseconds).
    public var createdFrom: Int64?
    /// Only payments created before this instant (epoch milliseconds).
    public var createdBefore: Int64?
    /// At most this many (1…500).
    public var limit: Int
    /// Skips this many first (for pages).
    public var offset: Int

    /// A query; `limit` is clamped to 1…500 and `offset` to zero or more.
    public init(
        merchantId: String, status: PaymentStatus? = nil, mode: PaymentMode? = nil, orderNo: String? = nil, userKey: String? = nil,
        createdFrom: Int64? = nil, createdBefore: Int64? = nil, limit: Int = 50, offset: Int = 0
    ) {
        self.merchantId = merchantId
        self.status = status
        self.mode = mode
        self.orderNo = orderNo
        self.userKey = userKey
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.limit = min(max(limit, 1), 500)
        self.offset = max(offset, 0)
    }
}

/// One API key of a merchant as the console lists it: never the key, only its kind, when it
/// was made, and the start of its hash to tell keys apart.
public struct ApiKeyRecord: Sendable, Equatable {
    /// `TEST` (테스트용 API 키) or `LIVE` (API 키).
    public var kind: String
    /// When it was made (epoch milliseconds).
    public var createdAt: Int64
    /// The first 8 hex digits of the key's SHA-256.
    public var fingerprint: String
    /// When it was revoked (epoch milliseconds); nil while it is active.
    public var revokedAt: Int64?

    /// A record.
    public init(kind: String, createdAt: Int64, fingerprint: String, revokedAt: Int64? = nil) {
        self.kind = kind
        self.createdAt = createdAt
        self.fingerprint = fingerprint
        self.revokedAt = revokedAt
    }
}

/// One request the inspector kept: who sent it, what it was, how it ended, and its masked
/// headers and bodies (``RequestLogDetails``). Entries are a merchant's own; the store keeps the
/// newest few of each merchant (`inspector.keep`).
public struct RequestLogEntry: Sendable, Equatable {
    /// The entry's id, increasing in the order entries were stored (0 before it is stored).
    public var id: Int64
    /// The authenticated merchant the request acted for.
    public var merchantId: String
    /// When the request arrived, wall-clock epoch milliseconds.
    public var at: Int64
    /// The HTTP method.
    public var method: String
    /// The matched route's template, e.g. `/api-partner/v1/apps-in-toss/pay/make-payment`.
    public var route: String
    /// The request's path (no query).
    public var path: String
    /// The answer's HTTP status; 0 when the connection was dropped on purpose
    /// (`x-tosspay-test-drop-response`).
    public var status: Int
    /// The answer's error code, when it failed.
    public var errorCode: String?
    /// How long the server took to answer, microseconds.
    public var durationMicros: Int64
    /// The request id (`x-request-id`).
    public var requestId: String
    /// The order number the request concerns.
    public var orderNo: String?
    /// The payToken the request concerns.
    public var payToken: String?
    /// The buyer or login user the request concerns.
    public var userKey: String?
    /// Masked headers and bodies.
    public var details: RequestLogDetails

    /// Creates an entry.
    public init(
        id: Int64 = 0, merchantId: String, at: Int64, method: String, route: String, path: String, status: Int,
        errorCode: String?, durationMicros: Int64, requestId: String, orderNo: String?, payToken: String?, userKey: String?,
        details: RequestLogDetails
    ) {
        self.id = id
        self.merchantId = merchantId
        self.at = at
        self.method = method
        self.route = route
        self.path = path
        self.status = status
        self.errorCode = errorCode
        self.durationMicros = durationMicros
        self.requestId = requestId
        self.orderNo = orderNo
        self.payToken = payToken
        self.userKey = userKey
        self.details = details
    }
}

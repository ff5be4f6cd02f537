/// What the request inspector finds an entry by, read from the request and its answer:
/// the orderNo, payToken and userKey it concerns and the error code it failed with.
///
/// Each comes from the request first (`orderNo`, `payToken` and `userKey` members, the
/// `x-toss-user-key` header) and else from the answer's `success` object; the error code
/// from the FAIL envelope (`error.errorCode`) or the login API's bare `{"error": "…"}`.
/// Values longer than ``maximumLength`` characters, or not text, are not kept.
public struct RequestLogKeys: Sendable, Equatable {
    /// The longest value kept.
    public static let maximumLength = 100

    /// The order number the request concerns.
    public var orderNo: String?
    /// The payToken the request concerns.
    public var payToken: String?
    /// The buyer (or login user) the request concerns.
    public var userKey: String?
    /// The answer's error code, if it failed.
    public var errorCode: String?

    /// Creates keys from given values.
    public init(orderNo: String? = nil, payToken: String? = nil, userKey: String? = nil, errorCode: String? = nil) {
        self.orderNo = orderNo
        self.payToken = payToken
        self.userKey = userKey
        self.errorCode = errorCode
    }

    /// Reads the keys of a request (`request`, its JSON body; `userKeyHeader`, its
    /// `x-toss-user-key`) and its answer (`response`, the JSON body).
    public init(request: JSONValue?, response: JSONValue?, userKeyHeader: String?) {
        let success = Self.object(response, "success")
        orderNo = Self.text(Self.member(request, "orderNo")) ?? Self.text(Self.member(success, "orderNo"))
        payToken = Self.text(Self.member(request, "payToken")) ?? Self.text(Self.member(success, "payToken"))
        userKey = Self.text(userKeyHeader.map(JSONValue.string))
            ?? Self.text(Self.member(request, "userKey"), numbers: true)
            ?? Self.text(Self.member(success, "userKey"), numbers: true)
        let error = Self.member(response, "error")
        errorCode = Self.text(Self.member(error, "errorCode")) ?? Self.text(error)
    }

    static func member(_ value: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object(let object)? = value else { return nil }
        return object[key]
    }

    static func object(_ value: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object? = member(value, key) else { return nil }
        return member(value, key)
    }

    /// Non-empty text of at most ``maximumLength`` characters, without NUL; with `numbers`, an
    /// integer's digits too (login's numeric userKey).
    static func text(_ value: JSONValue?, numbers: Bool = false) -> String? {
        let text: String
        switch value {
        case .string(let string)?: text = string
        case .number(let digits)? where numbers && value?.integerValue != nil: text = digits
        default: return nil
        }
        guard !text.isEmpty, text.count <= maximumLength, !text.utf8.contains(0) else { return nil }
        return text
    }
}

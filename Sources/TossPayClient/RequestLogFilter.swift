/// Which recorded requests ``TossPayClient/requests(_:)`` asks for; every field is optional.
public struct RequestLogFilter: Sendable, Equatable {
    /// The most entries (1…1,000; the server's default is 100).
    public var limit: Int?
    /// Only entries after this id: the ones that follow it, oldest of them first in line.
    public var after: Int64?
    /// Only entries about this order number.
    public var orderNo: String?
    /// Only entries about this payToken.
    public var payToken: String?
    /// Only entries about this buyer.
    public var userKey: String?
    /// Only entries answered with this HTTP status.
    public var status: Int?

    /// Creates a filter.
    public init(
        limit: Int? = nil, after: Int64? = nil, orderNo: String? = nil, payToken: String? = nil, userKey: String? = nil, status: Int? = nil
    ) {
        self.limit = limit
        self.after = after
        self.orderNo = orderNo
        self.payToken = payToken
        self.userKey = userKey
        self.status = status
    }

    /// The query string (`?limit=…&…`), empty when nothing is set.
    var queryString: String {
        let pairs: [(String, String?)] = [
            ("limit", limit.map(String.init)), ("after", after.map(String.init)), ("orderNo", orderNo), ("payToken", payToken),
            ("userKey", userKey), ("status", status.map(String.init)),
        ]
        let set = pairs.compactMap { name, value in value.map { "\(name)=\(Self.encode($0))" } }
        return set.isEmpty ? "" : "?" + set.joined(separator: "&")
    }

    /// `text` with everything but unreserved ASCII percent-encoded.
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: encoded.append(Character(UnicodeScalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}

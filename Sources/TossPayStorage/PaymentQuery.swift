public import TossPayCore

/// Which of one merchant's payments to list, newest first: the console's filters and page.
///
/// `status` matches the stored status. A payment whose window passed but which the sweep has
/// not expired yet is still stored as waiting; the console shows its effective status.
///
/// The list's order is `(createdAt, payToken)` descending — unique, because payToken is — and a
/// page starts at a ``PaymentCursor`` (keyset pages), never at a row count: every page is read
/// from an index that ends in that order, so page 500 costs what page 1 does.
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
    /// Where the page is in the list.
    public var page: PaymentPage
    /// At most this many (1…500).
    public var limit: Int
    /// Skips this many first (after `page`'s cursor). The console does not use it: an offset
    /// is read row by row, so it costs as much as the rows it skips.
    public var offset: Int

    /// A query; `limit` is clamped to 1…500 and `offset` to zero or more.
    public init(
        merchantId: String, status: PaymentStatus? = nil, mode: PaymentMode? = nil, orderNo: String? = nil, userKey: String? = nil,
        createdFrom: Int64? = nil, createdBefore: Int64? = nil, page: PaymentPage = .newest, limit: Int = 50, offset: Int = 0
    ) {
        self.merchantId = merchantId
        self.status = status
        self.mode = mode
        self.orderNo = orderNo
        self.userKey = userKey
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.page = page
        self.limit = min(max(limit, 1), 500)
        self.offset = max(offset, 0)
    }
}

/// Where a page of ``PaymentQuery`` lies in the newest-first list. Whichever it is, the rows come
/// back newest first.
public enum PaymentPage: Sendable, Equatable {
    /// The newest payments: the first page.
    case newest
    /// The payments listed after the cursor (older; the cursor's own payment excluded): the next page.
    case after(PaymentCursor)
    /// The `limit` payments listed just before the cursor (newer; the cursor's own payment
    /// excluded): the previous page. Rows further from the cursor come first, so when more than
    /// a page is asked for to learn whether another exists, the extra rows are at the start.
    case before(PaymentCursor)
}

/// A position in the console's list: a payment's `(createdAt, payToken)`, the list's order key.
/// Its text, `<createdAt>.<payToken>` (e.g. `1735657200000.PrO4MzDUku50iZxxBuh23W`), is what a
/// page link carries.
public struct PaymentCursor: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The payment's creation instant (epoch milliseconds).
    public var createdAt: Int64
    /// The payment's token; it breaks ties between payments made in the same millisecond.
    public var payToken: String

    /// A cursor at these values.
    public init(createdAt: Int64, payToken: String) {
        self.createdAt = createdAt
        self.payToken = payToken
    }

    /// The cursor at `payment`.
    public init(_ payment: Payment) {
        self.init(createdAt: payment.createdAt, payToken: payment.payToken)
    }

    /// Parses `<createdAt>.<payToken>`: decimal digits (an instant from 0 to `Int64.max`), a dot,
    /// and a token of pay-token form (1–64 printable ASCII characters, no space; it may itself
    /// hold dots — the first dot separates). `nil` for anything else.
    public init?(text: String) {
        let bytes = Array(text.utf8)
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot > 0, dot <= 19,
              bytes[..<dot].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let createdAt = Int64(String(decoding: bytes[..<dot], as: UTF8.self)) else { return nil }
        let token = String(decoding: bytes[(dot + 1)...], as: UTF8.self)
        guard (try? PayToken.validateFormat(token)) != nil else { return nil }
        self.init(createdAt: createdAt, payToken: token)
    }

    /// `<createdAt>.<payToken>`.
    public var description: String { "\(createdAt).\(payToken)" }
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

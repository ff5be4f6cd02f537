import Hummingbird
import TossPayCore
import TossPayStorage

/// `GET /sandbox/v1/requests?limit=&after=&orderNo=&payToken=&userKey=&status=` — the caller's
/// merchant's recorded requests (the request inspector), newest first, as
/// `{"requests": [...]}` in the SUCCESS envelope. Authenticated like every sandbox control
/// (its key or certificate; open mode without credentials: the sandbox merchant); no merchant
/// ever sees another's entries. Every parameter is checked; a bad one is
/// `COMMON_INVALID_PARAMETER` naming it.
struct RequestLogController: Sendable {
    /// The most entries one call returns.
    static let maximumLimit = 1_000
    /// Entries one call returns unless `limit` says otherwise.
    static let defaultLimit = 100

    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.group("sandbox/v1").get("requests", use: list)
    }

    @Sendable func list(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.authenticate(request, context: context, fields: FieldReader(object: [:]))
        let query = try Self.query(request.uri.queryParameters, merchantId: merchant.id)
        let entries = try await ledger.requestLog(matching: query)
        return Envelope.success(["requests": .array(entries.map { JSONValue.object(Self.json($0)) })])
    }

    /// The query of a call's parameters; an absent parameter does not filter, a present one
    /// must be valid (an empty value is not).
    static func query(_ parameters: Parameters, merchantId: String) throws(TossPayError) -> RequestLogQuery {
        var query = RequestLogQuery(merchantId: merchantId, limit: defaultLimit)
        if let text = parameters.get("limit") {
            guard let limit = integer(text, digits: 4), (1...Int64(maximumLimit)).contains(limit) else {
                throw .invalidParameter("limit", "1 이상 \(maximumLimit) 이하의 정수여야 합니다. (\(text.prefix(20)))")
            }
            query.limit = Int(limit)
        }
        if let text = parameters.get("after") {
            guard let after = integer(text, digits: 18) else {
                throw .invalidParameter("after", "0 이상의 정수(요청 기록의 id)여야 합니다. (\(text.prefix(20)))")
            }
            query.after = after
        }
        if let orderNo = parameters.get("orderNo") {
            try PaymentRules.validateOrderNo(orderNo)
            query.orderNo = orderNo
        }
        if let payToken = parameters.get("payToken") {
            try PayToken.validateFormat(payToken)
            query.payToken = payToken
        }
        if let userKey = parameters.get("userKey") {
            query.userKey = try PaymentRules.validateUserKey(userKey, field: "userKey")
        }
        if let text = parameters.get("status") {
            guard let status = integer(text, digits: 3), (100...599).contains(status) else {
                throw .invalidParameter("status", "100 이상 599 이하의 HTTP 상태 코드여야 합니다. (\(text.prefix(20)))")
            }
            query.status = Int(status)
        }
        return query
    }

    /// `text` as a non-negative integer of at most `digits` ASCII digits (no sign, no spaces).
    static func integer(_ text: String, digits: Int) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= digits, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }

    /// One entry on the wire (docs/api.md, "Request inspector").
    static func json(_ entry: RequestLogEntry) -> JSONObject {
        var headers = JSONObject()
        for header in entry.details.requestHeaders {
            if case .string(let earlier)? = headers[header.name] {
                headers[header.name] = .string(earlier + ", " + header.value)
            } else {
                headers[header.name] = .string(header.value)
            }
        }
        return [
            "id": .int(entry.id),
            "time": .string(KoreaTime.format(milliseconds: entry.at)),
            "epochMillis": .int(entry.at),
            "method": .string(entry.method),
            "route": .string(entry.route),
            "path": .string(entry.path),
            "status": .int(entry.status),
            "errorCode": .optional(entry.errorCode),
            "durationMicros": .int(entry.durationMicros),
            "requestId": .string(entry.requestId),
            "orderNo": .optional(entry.orderNo),
            "payToken": .optional(entry.payToken),
            "userKey": .optional(entry.userKey),
            "request": .object([
                "headers": .object(headers),
                "body": .string(entry.details.requestBody),
                "bodyTruncated": .bool(entry.details.requestBodyTruncated),
            ]),
            "response": .object([
                "body": .string(entry.details.responseBody),
                "bodyTruncated": .bool(entry.details.responseBodyTruncated),
            ]),
        ]
    }
}

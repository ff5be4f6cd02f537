import TossPayCore

/// One request a tosspay server recorded for the caller's merchant (the request inspector,
/// `GET /sandbox/v1/requests`): what was asked, how it was answered, and the masked headers and
/// bodies.
public struct InspectedRequest: Sendable, Equatable {
    /// The entry's id; a later entry has a larger one (pass it as `after` to follow).
    public var id: Int64
    /// When the request arrived, Korea time `yyyy-MM-dd HH:mm:ss`.
    public var time: String
    /// The same instant, epoch milliseconds.
    public var epochMillis: Int64
    /// The HTTP method.
    public var method: String
    /// The route's template, e.g. `/api-partner/v1/apps-in-toss/pay/make-payment`.
    public var route: String
    /// The request's path.
    public var path: String
    /// The answer's HTTP status; 0 when the response was dropped on purpose.
    public var status: Int
    /// The answer's error code, when it failed.
    public var errorCode: String?
    /// How long the server took, microseconds.
    public var durationMicros: Int64
    /// The request id (`x-request-id`).
    public var requestId: String
    /// The order number the request concerns.
    public var orderNo: String?
    /// The payToken the request concerns.
    public var payToken: String?
    /// The buyer the request concerns.
    public var userKey: String?
    /// The request headers, secrets masked.
    public var requestHeaders: [String: String]
    /// The request body, secrets masked (at most 16 KiB).
    public var requestBody: String
    /// The answer's body, secrets masked (at most 16 KiB).
    public var responseBody: String
    /// The entry as the server sent it.
    public var json: JSONObject

    static func from(_ object: JSONObject) throws(TossPayClientError) -> InspectedRequest {
        guard let id = object.integer("id"), let status = object.integer("status"), let method = object.text("method") else {
            throw .invalidResponse("requests 항목에 id, status, method 가 없습니다.", status: 200)
        }
        var headers: [String: String] = [:]
        for (name, value) in object.object("request")?.object("headers")?.members ?? [] {
            if case .string(let text) = value { headers[name] = text }
        }
        return InspectedRequest(
            id: id, time: object.text("time") ?? "", epochMillis: object.integer("epochMillis") ?? 0, method: method,
            route: object.text("route") ?? "", path: object.text("path") ?? "", status: Int(status), errorCode: object.text("errorCode"),
            durationMicros: object.integer("durationMicros") ?? 0, requestId: object.text("requestId") ?? "",
            orderNo: object.text("orderNo"), payToken: object.text("payToken"), userKey: object.text("userKey"),
            requestHeaders: headers, requestBody: object.object("request")?.text("body") ?? "",
            responseBody: object.object("response")?.text("body") ?? "", json: object
        )
    }
}

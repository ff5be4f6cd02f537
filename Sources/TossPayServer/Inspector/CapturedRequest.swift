import HTTPTypes
import NIOCore
import TossPayCore
import TossPayStorage

/// One finished request as the middleware captured it, before masking: the bodies stay
/// `ByteBuffer`s and the headers `HTTPFields` (no copy on the request path);
/// ``RequestLogService`` masks and stores them with ``entry()``.
struct CapturedRequest: Sendable {
    /// The longest path kept.
    static let maximumPathLength = 512

    let merchantId: String
    /// Wall-clock epoch milliseconds when the request arrived.
    let at: Int64
    let method: String
    let route: String
    let path: String
    /// The answer's status; 0 for a response dropped on purpose.
    let status: Int
    let durationMicros: Int64
    let requestId: String
    /// Request headers as sent (masked when stored).
    let headers: HTTPFields
    let requestBody: ByteBuffer
    /// The answer's body; nil when it was not captured (a streamed or very large body).
    let responseBody: ByteBuffer?

    /// Bytes this capture holds in memory (roughly: bodies, plus a fixed allowance).
    var size: Int { requestBody.readableBytes + (responseBody?.readableBytes ?? 0) + 1_024 }

    /// The entry as stored: headers and bodies masked (``RequestLogMasking``), bodies cut to
    /// 16 KiB, and the keys it is found by read from them (``RequestLogKeys``).
    func entry() -> RequestLogEntry {
        let request = RequestLogMasking.body(Array(requestBody.readableBytesView))
        let response = responseBody.map { RequestLogMasking.body(Array($0.readableBytesView)) }
            ?? RequestLogMasking.Body(text: "", truncated: false, json: nil)
        let userKeyHeader = HTTPField.Name("x-toss-user-key").flatMap { headers[$0] }
        let keys = RequestLogKeys(request: request.json, response: response.json, userKeyHeader: userKeyHeader)
        let details = RequestLogDetails(
            requestHeaders: headers.map { field in
                RequestLogDetails.Header(
                    name: field.name.canonicalName, value: RequestLogMasking.header(name: field.name.canonicalName, value: field.value)
                )
            },
            requestBody: request.text, requestBodyTruncated: request.truncated,
            responseBody: response.text, responseBodyTruncated: response.truncated || (responseBody == nil && status != 0)
        )
        return RequestLogEntry(
            merchantId: merchantId, at: at, method: RequestLogMasking.storable(method), route: RequestLogMasking.storable(route),
            path: RequestLogMasking.storable(String(path.prefix(Self.maximumPathLength))), status: status, errorCode: keys.errorCode,
            durationMicros: durationMicros, requestId: RequestLogMasking.storable(requestId), orderNo: keys.orderNo,
            payToken: keys.payToken, userKey: keys.userKey, details: details
        )
    }
}

import TossPayCore
import TossPayStorage

/// What `console-requests.mustache` shows: the merchant's recorded requests (요청 로그), newest
/// first, with their filters and a link to older ones. Headers and bodies are already masked
/// (``RequestLogMasking``); the template escapes every value.
struct ConsoleRequestsView: Sendable {
    /// One request header.
    struct HeaderRow: Sendable {
        let name: String
        let value: String
    }

    /// One recorded request.
    struct Row: Sendable {
        let id: Int64
        let time: String
        let method: String
        let route: String
        let path: String
        let status: String
        /// Whether the answer was a failure (4xx, 5xx, or dropped).
        let failed: Bool
        let errorCode: String?
        let duration: String
        let requestId: String
        let orderNo: String?
        let payToken: String?
        let userKey: String?
        let headers: [HeaderRow]
        let requestBody: String?
        let requestBodyTruncated: Bool
        let responseBody: String?
        let responseBodyTruncated: Bool
    }

    /// The filters as the form shows them.
    struct Filters: Sendable {
        var orderNo = ""
        var payToken = ""
        var userKey = ""
        var status = ""

        /// A link to the list with these filters, older than `before` when given.
        func link(before: Int64? = nil) -> String {
            let pairs = [("orderNo", orderNo), ("payToken", payToken), ("userKey", userKey), ("status", status)].filter { !$0.1.isEmpty }
                + (before.map { [("before", String($0))] } ?? [])
            return pairs.isEmpty
                ? "/console/requests" : "/console/requests?" + pairs.map { "\($0.0)=\(ConsolePage.percentEncode($0.1))" }.joined(separator: "&")
        }
    }

    let merchant: ConsoleHeader
    let message: String?
    let error: String?
    let filters: Filters
    let hasRows: Bool
    let rows: [Row]
    /// The newest page, when this is an older one.
    let newestLink: String?
    /// The next older page, when there is one.
    let olderLink: String?

    init(
        merchant: ConsoleHeader, error: String?, filters: Filters, entries: [RequestLogEntry], newestLink: String?,
        olderLink: String?
    ) {
        self.merchant = merchant
        self.message = nil
        self.error = error
        self.filters = filters
        self.hasRows = !entries.isEmpty
        self.rows = entries.map(Self.row)
        self.newestLink = newestLink
        self.olderLink = olderLink
    }

    static func row(_ entry: RequestLogEntry) -> Row {
        let micros = entry.durationMicros
        return Row(
            id: entry.id, time: KoreaTime.format(milliseconds: entry.at), method: entry.method, route: entry.route, path: entry.path,
            status: entry.status == 0 ? "응답 없음" : String(entry.status), failed: entry.status == 0 || entry.status >= 400,
            errorCode: entry.errorCode, duration: "\(micros / 1000).\(micros % 1000 / 100) ms", requestId: entry.requestId,
            orderNo: entry.orderNo, payToken: entry.payToken, userKey: entry.userKey,
            headers: entry.details.requestHeaders.map { HeaderRow(name: $0.name, value: $0.value) },
            requestBody: entry.details.requestBody.isEmpty ? nil : entry.details.requestBody,
            requestBodyTruncated: entry.details.requestBodyTruncated,
            responseBody: entry.details.responseBody.isEmpty ? nil : entry.details.responseBody,
            responseBodyTruncated: entry.details.responseBodyTruncated
        )
    }
}

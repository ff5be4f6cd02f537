import TossPayCore

extension TossPayClient {
    /// `GET /sandbox/v1/requests` (tosspay servers with the sandbox on): the requests the server
    /// recorded for this client's merchant, newest first — the request inspector. With
    /// `filter.after`, the entries that follow that id (newest first); pass the largest id seen
    /// to follow new requests. A bad filter value is `COMMON_INVALID_PARAMETER`.
    public func requests(_ filter: RequestLogFilter = RequestLogFilter()) async throws(TossPayClientError) -> [InspectedRequest] {
        let answer = try await send(method: "GET", path: "/sandbox/v1/requests" + filter.queryString, body: nil, headers: authorizationHeaders)
        guard case .array(let items)? = answer["requests"] else {
            throw .invalidResponse("requests 응답에 requests 배열이 없습니다.", status: 200)
        }
        var requests: [InspectedRequest] = []
        for item in items {
            guard case .object(let object) = item else { throw .invalidResponse("requests 항목이 객체가 아닙니다.", status: 200) }
            requests.append(try InspectedRequest.from(object))
        }
        return requests
    }
}

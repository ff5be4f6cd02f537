import HTTPTypes
import Synchronization
import Testing

/// The partner API's four calls, with the defaults most tests want: a TEST payment of 1,000
/// won by ``TestServer/buyer`` on the sandbox merchant (open mode, no API key).
extension TestServer {
    /// A make-payment body with sensible defaults, overridden by `extra`.
    public static func makeBody(orderNo: String, amount: Int = 1000, test: Bool = true, extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "orderNo": orderNo, "productDesc": "테스트 상품", "amount": amount, "amountTaxFree": 0, "isTestPayment": test,
        ]
        for (key, value) in extra { body[key] = value }
        return body
    }

    /// make-payment. A payment it makes is remembered with its orderNo, as a merchant's own
    /// records would keep it, for ``status(payToken:orderNo:test:userKey:apiKey:)``.
    public func makePayment(
        orderNo: String, amount: Int = 1000, test: Bool = true, extra: [String: Any] = [:],
        userKey: String = TestServer.buyer, apiKey: String? = nil
    ) async throws -> Reply {
        let reply = try await post(
            "\(partnerPath)/make-payment", Self.makeBody(orderNo: orderNo, amount: amount, test: test, extra: extra),
            userKey: userKey, headers: Self.auth(apiKey)
        )
        if let token = reply.success?["payToken"].string { Self.remember(payToken: token, orderNo: orderNo) }
        return reply
    }

    /// The orderNo of each payToken made through ``makePayment(orderNo:amount:test:extra:userKey:apiKey:)``
    /// (payTokens are unique across servers, so one table serves every test).
    static let orderNos = Mutex<[String: String]>([:])

    /// Records that `payToken` was made with `orderNo` (for payments made some other way).
    public static func remember(payToken: String, orderNo: String) {
        orderNos.withLock { $0[payToken] = orderNo }
    }

    /// The orderNo `payToken` was made with, if it was made through these helpers.
    public static func orderNo(of payToken: String) -> String? {
        orderNos.withLock { $0[payToken] }
    }

    /// Makes a payment and returns its payToken (the test fails when it cannot).
    public func madePayToken(
        orderNo: String = newOrderNo(), amount: Int = 1000, test: Bool = true, extra: [String: Any] = [:],
        userKey: String = TestServer.buyer, apiKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let reply = try await makePayment(orderNo: orderNo, amount: amount, test: test, extra: extra, userKey: userKey, apiKey: apiKey)
        let success = try reply.requireSuccess(sourceLocation: sourceLocation)
        return try #require(success["payToken"].string, sourceLocation: sourceLocation)
    }

    public func execute(
        payToken: String, orderNo: String? = nil, test: Bool = true, userKey: String = TestServer.buyer,
        apiKey: String? = nil, extra: [String: Any] = [:], headers: HTTPFields = [:]
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "isTestPayment": test]
        if let orderNo { body["orderNo"] = orderNo }
        for (key, value) in extra { body[key] = value }
        var all = Self.auth(apiKey)
        for field in headers { all.append(field) }
        return try await post("\(partnerPath)/execute-payment", body, userKey: userKey, headers: all)
    }

    public func refund(
        payToken: String, amount: Int? = nil, refundNo: String? = nil, reason: String = "고객 요청",
        test: Bool = true, userKey: String = TestServer.buyer, apiKey: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "reason": reason, "isTestPayment": test]
        if let amount { body["amount"] = amount }
        if let refundNo { body["refundNo"] = refundNo }
        return try await post("\(partnerPath)/refund-payment", body, userKey: userKey, headers: Self.auth(apiKey))
    }

    /// get-payment-status, which requires both identifiers. `orderNo` defaults to the one
    /// `payToken` was made with (see ``makePayment(orderNo:amount:test:extra:userKey:apiKey:)``);
    /// for a payToken these helpers did not make, pass it. A test of the request's own rules
    /// (a missing identifier) posts its body itself.
    public func status(
        payToken: String, orderNo: String? = nil, test: Bool = true, userKey: String = TestServer.buyer,
        apiKey: String? = nil
    ) async throws -> Reply {
        guard let orderNo = orderNo ?? Self.orderNo(of: payToken) else {
            throw TestFailure("get-payment-status needs the orderNo of \(payToken), which these helpers did not make: pass orderNo:")
        }
        let body: [String: Any] = ["payToken": payToken, "orderNo": orderNo, "isTestPayment": test]
        return try await post("\(partnerPath)/get-payment-status", body, userKey: userKey, headers: Self.auth(apiKey))
    }

    /// The payment's status as get-payment-status reports it.
    public func payStatus(
        payToken: String, test: Bool = true, userKey: String = TestServer.buyer, apiKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let success = try await status(payToken: payToken, test: test, userKey: userKey, apiKey: apiKey)
            .requireSuccess(sourceLocation: sourceLocation)
        return try #require(success["payStatus"].string, sourceLocation: sourceLocation)
    }
}

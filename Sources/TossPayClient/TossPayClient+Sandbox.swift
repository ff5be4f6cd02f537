import TossPayCore

extension TossPayClient {
    /// A merchant created in a tosspay sandbox.
    public struct SandboxMerchant: Sendable, Equatable {
        /// The merchant's id.
        public var merchantId: String
        /// Its display name.
        public var name: String
        /// The TEST key (shown once).
        public var testApiKey: String
        /// The LIVE key (shown once).
        public var liveApiKey: String
    }

    /// `POST /sandbox/v1/merchants` (tosspay servers only).
    public func createSandboxMerchant(name: String) async throws(TossPayClientError) -> SandboxMerchant {
        let answer = try await send(method: "POST", path: "/sandbox/v1/merchants", body: ["name": .string(name)], headers: [])
        guard let id = answer.text("merchantId"), let test = answer.text("testApiKey"), let live = answer.text("liveApiKey") else {
            throw .invalidResponse("merchants 응답에 merchantId, testApiKey, liveApiKey 가 없습니다.", status: 200)
        }
        return SandboxMerchant(merchantId: id, name: answer.text("name") ?? name, testApiKey: test, liveApiKey: live)
    }

    /// `POST /sandbox/v1/checkout/authorize`: the buyer confirms in the checkout window.
    /// Returns the payment's status afterwards (`PAY_APPROVED`). Sent with this client's
    /// credentials: a sandbox control acts on its own merchant's payments only (another
    /// merchant's payToken is `TRANSACTION_NOT_FOUND`).
    public func sandboxAuthorize(
        payToken: String, userKey: String, payMethod: PayMethod, cardCompanyCode: Int? = nil, spreadOut: Int = 0
    ) async throws(TossPayClientError) -> String {
        var body: JSONObject = ["payToken": .string(payToken), "payMethod": .string(payMethod.rawValue)]
        if let cardCompanyCode { body["cardCompanyCode"] = .int(cardCompanyCode) }
        if spreadOut != 0 { body["spreadOut"] = .int(spreadOut) }
        let answer = try await send(method: "POST", path: "/sandbox/v1/checkout/authorize", body: body, headers: [("x-toss-user-key", userKey)] + authorizationHeaders)
        return answer.text("payStatus") ?? ""
    }

    /// `POST /sandbox/v1/checkout/cancel`: the buyer closes the checkout window (with this
    /// client's credentials, like ``sandboxAuthorize(payToken:userKey:payMethod:cardCompanyCode:spreadOut:)``).
    public func sandboxCancel(payToken: String, userKey: String?) async throws(TossPayClientError) -> String {
        let headers = (userKey.map { [("x-toss-user-key", $0)] } ?? []) + authorizationHeaders
        let answer = try await send(method: "POST", path: "/sandbox/v1/checkout/cancel", body: ["payToken": .string(payToken)], headers: headers)
        return answer.text("payStatus") ?? ""
    }
}

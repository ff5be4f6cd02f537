import Foundation
import Testing
import TossPayServer
import TossPayTestSupport

/// SPEC §8 "Data kept small": log lines carry route templates, never payTokens.
@Suite("Route templates in logs")
struct RouteTemplateLogTests {
    @Test func noLogLineCarriesAPayToken() async throws {
        let capture = LogCapture()
        let token = try await withTestServer(logger: capture.logger) { server in
            let token = try await server.madePayToken()
            let page = try await server.get("/checkout/\(token)")
            #expect(page.status == .ok)
            _ = try await server.status(payToken: token).requireSuccess()
            let unmatched = try await server.get("/nowhere/\(token)")
            #expect(unmatched.status == .notFound)
            return token
        }
        let logs = capture.text
        #expect(!logs.contains(token), "the payToken never reaches a log line")
        #expect(logs.contains("/checkout/{payToken}"), "the checkout page logs its route template")
        #expect(logs.contains("/api-partner/v1/apps-in-toss/pay/get-payment-status"), "fixed routes log their path")
        #expect(logs.contains("http.route: -") || logs.contains("\"http.route\": -"), "an unmatched path logs '-': \(logs.suffix(600))")
    }

    @Test func aConsoleRefundLogsNoPayToken() async throws {
        let capture = LogCapture()
        let token = try await withTestServer(logger: capture.logger) { server in
            let created = try await server.post("/sandbox/v1/merchants", ["name": "로그"], userKey: nil).requireSuccess()
            let key = try #require(created["testApiKey"].string)
            let formType = "application/x-www-form-urlencoded"
            let signIn = try await server.send(.post, "/console/login", body: "apiKey=\(key)", contentType: formType, userKey: nil)
            let cookie = try #require(signIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let token = try await server.paidPayToken(orderNo: "log-console", amount: 60_000, payMethod: "CARD", cardCompanyCode: 4, apiKey: key)
            let refund = try await server.send(
                .post, "/console/payments/\(token)/refund", body: "amount=1000&reason=log", contentType: formType, userKey: nil,
                headers: [.cookie: cookie]
            )
            #expect(refund.status == .seeOther)
            return token
        }
        let logs = capture.text
        #expect(logs.contains("console refund"))
        #expect(!logs.contains(token), "neither the request line nor the console's own line carries the payToken")
    }
}

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
}

import Testing
import TossPayClient
import TossPayTestSupport

/// A client with its own HTTP client (custom trust roots or a certificate) that its caller never
/// shut down — say the caller threw first — is shut down when released, instead of stopping the
/// whole process (AsyncHTTPClient's precondition). Without that, this test crashes the runner.
@Suite("Client lifetime")
struct ClientLifetimeTests {
    @Test func aClientReleasedWithoutShutdownDoesNotStopTheProcess() async throws {
        try await withTossPay { server in
            for _ in 0..<3 {
                let client = try server.client(trustRootsPEM: [])
                _ = try? await client.getPaymentStatus(PaymentStatusRequest(payToken: "x", orderNo: "y", mode: .test), userKey: "1234")
            }
            // Released above without shutdown(); the process is still here and serving.
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await LiveHTTP.shared.get(server.baseURL + "/health").status == .ok)
        }
    }
}

import Foundation
import Testing
import TossPayClient
import TossPayCore
import TossPayTestSupport

/// `POST /sandbox/v1/reset` through the client library (`resetSandbox()`) and the CLI
/// (`tosspay sandbox reset`) against a live server.
@Suite("Sandbox reset from the client and the CLI")
struct ResetClientTests {
    /// A merchant with one paid payment of `orderNo`; returns its key, id and the payToken.
    static func merchantWithAPayment(_ server: LiveTossPay, orderNo: String) async throws -> (key: String, id: String, payToken: String) {
        let merchant = try await server.client().createSandboxMerchant(name: "리셋 가맹점")
        let client = try server.client(credentials: .apiKey(merchant.testApiKey))
        let request = try MakePaymentRequest(orderNo: orderNo, productDesc: "커피", amount: 4_500, amountTaxFree: 0, isTestPayment: true)
        let payToken = try await client.makePayment(request, userKey: "buyer-1")
        _ = try await client.sandboxAuthorize(payToken: payToken, userKey: "buyer-1", payMethod: .tossMoney)
        _ = try await client.executePayment(ExecutePaymentRequest(payToken: payToken, mode: .test), orderNo: orderNo, userKey: "buyer-1")
        try await client.shutdown()
        return (merchant.testApiKey, merchant.merchantId, payToken)
    }

    @Test func resetSandboxEmptiesTheClientsWorldAndTheKeyStillWorks() async throws {
        try await withTossPay(openMode: false) { server in
            let orderNo = newOrderNo("reset")
            let merchant = try await Self.merchantWithAPayment(server, orderNo: orderNo)
            let client = try server.client(credentials: .apiKey(merchant.key))
            let reset = try await client.resetSandbox()
            #expect(reset.merchantId == merchant.id)
            #expect(reset.removed["payments"] == 1)
            #expect(reset.removed["buyers"] == 1)
            #expect(reset.removed["orderNumbers"] == 1)
            #expect(reset.offsetSeconds == 0)
            #expect(reset.now.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) != nil)

            let gone = await clientError {
                try await client.getPaymentStatus(
                    PaymentStatusRequest(payToken: merchant.payToken, orderNo: orderNo, mode: .test), userKey: "buyer-1"
                )
            }
            #expect(gone?.code == .transactionNotFound)
            let request = try MakePaymentRequest(orderNo: orderNo, productDesc: "커피", amount: 4_500, amountTaxFree: 0, isTestPayment: true)
            #expect(try await client.makePayment(request, userKey: "buyer-1").isEmpty == false, "same key, same orderNo, after the reset")

            let anonymous = try server.client()
            let refused = await clientError { try await anonymous.resetSandbox() }
            #expect(refused?.code == .commonUnauthorized)
            #expect(refused?.httpStatus == 401)
            try await anonymous.shutdown()
            try await client.shutdown()
        }
    }

    @Test func tosspaySandboxResetPrintsWhatWasRemoved() async throws {
        try await withTossPay(openMode: false) { server in
            let merchant = try await Self.merchantWithAPayment(server, orderNo: newOrderNo("cli-reset"))
            let base = ["--base-url", server.baseURL]
            let json = try await CLITests.tosspay(["sandbox", "reset", "--json", "--api-key", merchant.key] + base)
            try #require(json.status == 0, "\(json.summary)")
            #expect(json.json["resultType"].string == "SUCCESS")
            #expect(json.success["merchantId"].string == merchant.id)
            #expect(json.success["removed"]["payments"].int64 == 1)
            #expect(json.success["clock"]["offsetSeconds"].int64 == 0)

            let human = try await CLITests.tosspay(["sandbox", "reset", "--api-key", merchant.key] + base)
            #expect(human.status == 0, "\(human.summary)")
            #expect(human.stdout.contains("reset \(merchant.id): removed payments 0"), "\(human.summary)")

            let refused = try await CLITests.tosspay(["sandbox", "reset", "--json"] + base)
            #expect(refused.status == 1, "\(refused.summary)")
            #expect(refused.errorCode == "COMMON_UNAUTHORIZED")
        }
    }
}

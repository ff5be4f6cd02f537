import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TossPayTestSupport

/// SPEC §2 merchant authentication: open mode, API keys in both places, wrong or missing
/// credentials, and that no merchant ever sees another's payments.
@Suite("Merchant authentication and isolation")
struct AuthAndIsolationTests {
    static let endpoints = ["make-payment", "execute-payment", "refund-payment", "get-payment-status"]

    /// A body that would pass validation for each endpoint.
    static func body(_ endpoint: String) -> [String: Any] {
        switch endpoint {
        case "make-payment": TestServer.makeBody(orderNo: "auth-1")
        case "refund-payment": ["payToken": "abcdefghijk", "reason": "고객 요청", "isTestPayment": true]
        case "get-payment-status": ["payToken": "abcdefghijk", "orderNo": "auth-1", "isTestPayment": true]
        default: ["payToken": "abcdefghijk", "isTestPayment": true]
        }
    }

    // MARK: Open mode and the public key

    @Test func openModeWithoutCredentialsActsAsTheSandboxMerchant() async throws {
        try await withTestServer(openMode: true) { server in
            let token = try await server.madePayToken(orderNo: "open-1")
            // The same payment is the public key's, i.e. the sandbox merchant's.
            let status = try await server.status(payToken: token, apiKey: publicTestKey).requireSuccess()
            #expect(status["payToken"].string == token)
            _ = try await server.authorize(payToken: token).requireSuccess()
            _ = try await server.execute(payToken: token).requireSuccess()
            _ = try await server.refund(payToken: token).requireSuccess()
        }
    }

    @Test(arguments: [publicTestKey, publicTestKeyAltSpelling])
    func bothSpellingsOfThePublicKeyWorkInTheAuthorizationHeader(key: String) async throws {
        try await withTestServer(openMode: false) { server in
            let token = try await server.madePayToken(orderNo: "public-key-1", apiKey: key)
            // Both spellings are the one sandbox merchant.
            let other = key == publicTestKey ? publicTestKeyAltSpelling : publicTestKey
            let status = try await server.status(payToken: token, apiKey: other).requireSuccess()
            #expect(status["payStatus"].string == "PAY_STANDBY")
        }
    }

    @Test func legacyBodyFieldApiKeyWorks() async throws {
        try await withTestServer(openMode: false) { server in
            let reply = try await server.makePayment(orderNo: "legacy-key-1", extra: ["apiKey": publicTestKey])
            let token = try #require(try reply.requireSuccess()["payToken"].string)
            let status = try await server.post(
                "\(partnerPath)/get-payment-status", ["payToken": token, "orderNo": "legacy-key-1", "isTestPayment": true, "apiKey": publicTestKeyAltSpelling]
            )
            #expect(try status.requireSuccess()["payToken"].string == token)
        }
    }

    @Test(arguments: [true, false])
    func wrongKeyInTheHeaderIsInvalidApiKey(openMode: Bool) async throws {
        try await withTestServer(openMode: openMode) { server in
            let reply = try await server.makePayment(orderNo: "wrong-key-1", apiKey: "sk_test_not_a_real_key_000")
            expectFailure(reply, status: .unauthorized, code: "COMMON_INVALID_API_KEY")
            // Nothing was created under any merchant: the order number is still free.
            _ = try await server.makePayment(orderNo: "wrong-key-1", apiKey: publicTestKey).requireSuccess()
        }
    }

    @Test func wrongKeyInTheBodyIsInvalidApiKey() async throws {
        try await withTestServer(openMode: true) { server in
            let reply = try await server.makePayment(orderNo: "wrong-key-2", extra: ["apiKey": "sk_test_wrong"])
            expectFailure(reply, status: .unauthorized, code: "COMMON_INVALID_API_KEY")
        }
    }

    @Test(arguments: endpoints)
    func noCredentialsOutsideOpenModeIsUnauthorized(endpoint: String) async throws {
        try await withTestServer(openMode: false) { server in
            let reply = try await server.post("\(partnerPath)/\(endpoint)", Self.body(endpoint))
            expectFailure(reply, status: .unauthorized, code: "COMMON_UNAUTHORIZED")
        }
    }

    @Test func unauthorizedRequestCreatesNothing() async throws {
        try await withTestServer(openMode: false) { server in
            expectFailure(try await server.makePayment(orderNo: "unauth-1"), status: .unauthorized, code: "COMMON_UNAUTHORIZED")
            // The order number is still free for the sandbox merchant.
            _ = try await server.makePayment(orderNo: "unauth-1", apiKey: publicTestKey).requireSuccess()
        }
    }

    // MARK: Merchants

    @Test func createMerchantReturnsItsIdAndBothKeys() async throws {
        try await withTestServer { server in
            let reply = try await server.post("/sandbox/v1/merchants", ["name": "A"], userKey: nil)
            let success = try reply.requireSuccess()
            let id = try #require(success["merchantId"].string)
            let testKey = try #require(success["testApiKey"].string)
            let liveKey = try #require(success["liveApiKey"].string)
            #expect(!id.isEmpty && !testKey.isEmpty && !liveKey.isEmpty)
            #expect(testKey != liveKey)
            #expect(![publicTestKey, publicTestKeyAltSpelling].contains(testKey))
            let another = try await server.createMerchant(name: "A")
            #expect(another.id != id && another.testKey != testKey && another.liveKey != liveKey)
        }
    }

    @Test func createMerchantWithoutANameIsRejected() async throws {
        try await withTestServer { server in
            let reply = try await server.post("/sandbox/v1/merchants", ["name": "   "], userKey: nil)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "name")
        }
    }

    @Test func anotherMerchantCannotSeeExecuteOrRefundAPayment() async throws {
        try await withTestServer(openMode: false) { server in
            let merchantA = try await server.createMerchant(name: "A")
            let merchantB = try await server.createMerchant(name: "B")
            let orderNo = "isolated-1"

            let approved = try await server.authorizedPayToken(orderNo: orderNo, apiKey: merchantA.testKey)
            expectFailure(try await server.status(payToken: approved, apiKey: merchantB.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            expectFailure(try await server.status(payToken: approved, orderNo: orderNo, apiKey: merchantB.liveKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            expectFailure(try await server.execute(payToken: approved, apiKey: merchantB.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            expectFailure(try await server.status(payToken: approved, apiKey: publicTestKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            #expect(try await server.payStatus(payToken: approved, apiKey: merchantA.testKey) == "PAY_APPROVED")

            _ = try await server.execute(payToken: approved, apiKey: merchantA.testKey).requireSuccess()
            expectFailure(try await server.refund(payToken: approved, apiKey: merchantB.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            expectFailure(try await server.refund(payToken: approved, apiKey: merchantB.liveKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            let status = try await server.status(payToken: approved, apiKey: merchantA.testKey).requireSuccess()
            #expect(status["payStatus"].string == "PAY_COMPLETE")
            #expect(status["refundableAmount"].int64 == 1000)
        }
    }

    @Test func foreignAndUnknownPayTokensLookTheSame() async throws {
        try await withTestServer(openMode: false) { server in
            let merchantA = try await server.createMerchant(name: "A")
            let merchantB = try await server.createMerchant(name: "B")
            let token = try await server.madePayToken(orderNo: "same-look-1", apiKey: merchantA.testKey)
            let foreign = try await server.status(payToken: token, apiKey: merchantB.testKey)
            let unknown = try await server.status(payToken: "Unknown0000000000000000", orderNo: "same-look-1", apiKey: merchantB.testKey)
            #expect(foreign.status == unknown.status)
            #expect(foreign.errorCode == unknown.errorCode)
            #expect(foreign.reason == unknown.reason)
        }
    }

    @Test func twoMerchantsCanUseTheSameOrderNoIndependently() async throws {
        try await withTestServer(openMode: false) { server in
            let merchantA = try await server.createMerchant(name: "A")
            let merchantB = try await server.createMerchant(name: "B")
            let tokenA = try await server.authorizedPayToken(orderNo: "shared-order", apiKey: merchantA.testKey)
            let tokenB = try await server.madePayToken(orderNo: "shared-order", apiKey: merchantB.testKey)
            #expect(tokenA != tokenB)
            let statusA = try await server.status(payToken: tokenA, orderNo: "shared-order", apiKey: merchantA.testKey).requireSuccess()
            let statusB = try await server.status(payToken: tokenB, orderNo: "shared-order", apiKey: merchantB.testKey).requireSuccess()
            // The orderNo is right, but each payToken is the other merchant's.
            expectFailure(try await server.status(payToken: tokenA, orderNo: "shared-order", apiKey: merchantB.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            expectFailure(try await server.status(payToken: tokenB, orderNo: "shared-order", apiKey: merchantA.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            #expect(statusA["payToken"].string == tokenA)
            #expect(statusA["payStatus"].string == "PAY_APPROVED")
            #expect(statusB["payToken"].string == tokenB)
            #expect(statusB["payStatus"].string == "PAY_STANDBY")
        }
    }

    @Test func eitherKeyOfAMerchantCreatesBothTestAndLivePayments() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "A")
            for (index, key) in [merchant.testKey, merchant.liveKey].enumerated() {
                let testToken = try await server.madePayToken(orderNo: "modes-test-\(index)", test: true, apiKey: key)
                let liveToken = try await server.madePayToken(orderNo: "modes-live-\(index)", test: false, apiKey: key)
                #expect(try await server.status(payToken: testToken, test: true, apiKey: key).requireSuccess()["mode"].string == "TEST")
                #expect(try await server.status(payToken: liveToken, test: false, apiKey: key).requireSuccess()["mode"].string == "LIVE")
                // Both keys belong to the same merchant.
                let otherKey = index == 0 ? merchant.liveKey : merchant.testKey
                _ = try await server.status(payToken: testToken, test: true, apiKey: otherKey).requireSuccess()
            }
        }
    }

    @Test func testPayTokenIsNotFoundAsLiveAndLiveNotFoundAsTest() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "A")
            let testToken = try await server.madePayToken(orderNo: "mode-split-1", test: true, apiKey: merchant.testKey)
            expectFailure(try await server.status(payToken: testToken, test: false, apiKey: merchant.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            let liveToken = try await server.madePayToken(orderNo: "mode-split-2", test: false, apiKey: merchant.liveKey)
            expectFailure(try await server.status(payToken: liveToken, test: true, apiKey: merchant.liveKey), status: .notFound, code: "TRANSACTION_NOT_FOUND")
        }
    }

    @Test func liveModeRunsTheWholeFlow() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "A")
            let token = try await server.paidPayToken(orderNo: "live-flow-1", amount: 2_000, test: false, apiKey: merchant.liveKey)
            let status = try await server.status(payToken: token, test: false, apiKey: merchant.liveKey).requireSuccess()
            #expect(status["mode"].string == "LIVE")
            #expect(status["payStatus"].string == "PAY_COMPLETE")
            let refunded = try await server.refund(payToken: token, test: false, apiKey: merchant.liveKey).requireSuccess()
            #expect(refunded["refundedAmount"].int64 == 2_000)
        }
    }

    @Test func statusWithPayTokenAndAnotherPaymentsOrderNoIsNotFound() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "agree-1")
            _ = try await server.madePayToken(orderNo: "agree-2")
            expectFailure(try await server.status(payToken: token, orderNo: "agree-2"), status: .notFound, code: "TRANSACTION_NOT_FOUND")
        }
    }
}

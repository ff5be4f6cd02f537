import Foundation
import HTTPTypes
import Testing
import TossPayCore
import TossPayServer
import TossPayTestSupport

/// SPEC §9 with §8: the login API works with the sandbox off (a production merchant's window
/// login, tokens and login-me; the published keys refused), bad access tokens count as failed
/// authentications of the client address, and login calls count against the merchant's rate limit.
@Suite("Toss login: production mode, throttle, rate limit")
struct LoginModesTests {
    @Test func theLoginAPIWorksWithTheSandboxOff() async throws {
        try await withTestServer(openMode: false, configure: { $0.sandboxEnabled = false }) { server in
            let created = try await MerchantProvisioning.create(name: "운영 앱", in: try #require(server.ledger).store)
            // The window's route names the app; the sandbox control does not exist.
            let code = try #require(
                try await server.post("/login/authorize", ["merchantId": created.merchant.id, "person": "김토스"], userKey: nil)
                    .requireSuccess()["authorizationCode"].string
            )
            expectFailure(
                try await server.post("/sandbox/v1/login/authorize", ["person": "김토스"], userKey: nil, headers: TestServer.auth(created.testKey)),
                status: .notFound, code: "COMMON_INVALID_PARAMETER"
            )
            // Without a merchantId there is no open-mode sandbox merchant to fall back on.
            expectFailure(try await server.post("/login/authorize", ["person": "김토스"], userKey: nil), code: "COMMON_INVALID_PARAMETER", field: "merchantId")
            expectFailure(
                try await server.post("/login/authorize", ["merchantId": "sandbox", "person": "김토스"], userKey: nil),
                status: .notFound, code: "COMMON_INVALID_PARAMETER"
            )
            // The published test key cannot exchange it.
            let published = try await LoginAPITests.generate(server, code: code, key: "sk_test_w5INQyINqa5INQe013Nq")
            expectFailure(published, status: .unauthorized, code: "COMMON_INVALID_API_KEY")
            let tokens = try await LoginAPITests.tokens(server, code: code, key: created.testKey)
            let me = try await LoginAPITests.me(server, access: tokens.access).requireSuccess()
            #expect(me["userKey"].int64 == LoginUserKey.of(person: "김토스", merchantId: created.merchant.id))
            // The console is where such a merchant finds its key.
            let cookie = try await ConsoleTests.signIn(server, apiKey: created.testKey)
            #expect(try await ConsoleTests.get(server, "/console/login-settings", cookie: cookie).status == .ok)
        }
    }

    @Test func badAccessTokensCountAsFailedAuthentications() async throws {
        try await withTestServer(openMode: false, setup: .live, configure: { $0.authFailureLimit = 5 }) { server in
            var statuses: [Int] = []
            for index in 1...6 {
                statuses.append(try await LoginAPITests.me(server, access: "tpa_wrong\(index)").status.code)
            }
            #expect(statuses == [401, 401, 401, 401, 401, 429])
            // A valid token from the same address still works.
            let merchant = try await server.createMerchant(name: "쓰로틀 앱")
            let code = try await LoginAPITests.authorize(server, person: "김토스", key: merchant.testKey)
            let tokens = try await LoginAPITests.tokens(server, code: code, key: merchant.testKey)
            try await LoginAPITests.me(server, access: tokens.access).requireSuccess()
        }
    }

    @Test func loginCallsCountAgainstTheMerchantsRateLimit() async throws {
        try await withTestServer(configure: { $0.rateLimitPerMinute = 4 }) { server in
            let merchant = try await server.createMerchant(name: "한도 앱")
            let code = try await LoginAPITests.authorize(server, person: "김토스", key: merchant.testKey)
            let tokens = try await LoginAPITests.tokens(server, code: code, key: merchant.testKey)  // 1
            try await LoginAPITests.me(server, access: tokens.access).requireSuccess()  // 2
            try await server.makePayment(orderNo: newOrderNo("rl"), apiKey: merchant.testKey).requireSuccess()  // 3
            try await LoginAPITests.me(server, access: tokens.access).requireSuccess()  // 4
            expectFailure(try await LoginAPITests.me(server, access: tokens.access), status: .tooManyRequests, code: "COMMON_THROTTLED")
            expectFailure(try await server.makePayment(orderNo: newOrderNo("rl2"), apiKey: merchant.testKey), status: .tooManyRequests, code: "COMMON_THROTTLED")
        }
    }
}

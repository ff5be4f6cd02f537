import Foundation
import Testing
import TossPayCore
import TossPayServer
import TossPayTestSupport

/// SPEC §9 in the console (every mode): a merchant sees its app's decryption key and AAD, sets
/// the unlink callback (the secret shown masked, kept when not retyped), unlinks a user and sees
/// the delivery log; another merchant's deliveries are not shown or resent.
@Suite("Console: Toss login")
struct ConsoleLoginTests {
    @Test func theLoginPageShowsTheKeySetsTheCallbackAndLogsDeliveries() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "콘솔 로그인 앱")
            let cookie = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
            let settings = try await server.get("/sandbox/v1/merchants/\(merchant.id)/login", headers: TestServer.auth(merchant.testKey))
                .requireSuccess()
            let page = try await ConsoleTests.get(server, "/console/login-settings", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains(try #require(settings["decryptionKey"].string)))
            #expect(page.text.contains(try #require(settings["aad"].string)))
            #expect(page.text.contains("console-login-no-deliveries"))

            let saved = try await ConsoleTests.post(
                server, "/console/login-settings/callback", form: "url=http%3A%2F%2F127.0.0.1%3A9%2Funlink&method=GET&basicAuth=shop%3As3cret",
                cookie: cookie
            )
            #expect(saved.status == .ok)
            #expect(saved.text.contains("shop:****"))
            #expect(!saved.text.contains("s3cret"), "the secret is never shown")
            // Saving again without retyping the secret keeps it.
            _ = try await ConsoleTests.post(
                server, "/console/login-settings/callback", form: "url=http%3A%2F%2F127.0.0.1%3A9%2Fother&method=POST&basicAuth=", cookie: cookie
            )
            let after = try await server.get("/sandbox/v1/merchants/\(merchant.id)/login", headers: TestServer.auth(merchant.testKey))
                .requireSuccess()
            #expect(after["callback"]["url"].string == "http://127.0.0.1:9/other")
            #expect(after["callback"]["basicAuth"].string == "shop:****")
            let refused = try await ConsoleTests.post(server, "/console/login-settings/callback", form: "url=ftp%3A%2F%2Fx&method=POST", cookie: cookie)
            #expect(refused.status == .badRequest)

            // Unlink a user who logged in: the delivery appears in the log.
            try await server.post("/sandbox/v1/login/authorize", ["person": "김토스"], userKey: nil, headers: TestServer.auth(merchant.testKey))
                .requireSuccess()
            let userKey = LoginUserKey.of(person: "김토스", merchantId: merchant.id)
            let unlinked = try await ConsoleTests.post(
                server, "/console/login-settings/unlink", form: "userKey=\(userKey)&referrer=WITHDRAWAL_TERMS", cookie: cookie
            )
            #expect(unlinked.status == .ok)
            #expect(unlinked.text.contains("data-testid=\"console-login-delivery\""))
            #expect(unlinked.text.contains("WITHDRAWAL_TERMS"))
            let again = try await ConsoleTests.post(server, "/console/login-settings/unlink", form: "userKey=\(userKey)", cookie: cookie)
            #expect(again.status == .notFound, "already unlinked: USER_KEY_NOT_FOUND")

            // Another merchant sees none of it and cannot resend it.
            let other = try await server.createMerchant(name: "다른 앱")
            let otherCookie = try await ConsoleTests.signIn(server, apiKey: other.testKey)
            let otherPage = try await ConsoleTests.get(server, "/console/login-settings", cookie: otherCookie)
            #expect(otherPage.text.contains("console-login-no-deliveries"))
            let log = try await server.get("/sandbox/v1/merchants/\(merchant.id)/login/callbacks", headers: TestServer.auth(merchant.testKey))
                .requireSuccess()
            let id = try #require(log["callbacks"].array?.first?["callbackId"].int64)
            let foreign = try await ConsoleTests.post(server, "/console/login-settings/callbacks/\(id)/resend", form: "", cookie: otherCookie)
            #expect(foreign.status == .notFound)
            let own = try await ConsoleTests.post(server, "/console/login-settings/callbacks/\(id)/resend", form: "", cookie: cookie)
            #expect(own.status == .ok)
            // Without a session the page sends the visitor to sign in.
            #expect(try await ConsoleTests.get(server, "/console/login-settings", cookie: nil).status == .seeOther)
        }
    }
}

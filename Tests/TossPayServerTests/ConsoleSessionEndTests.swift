import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TossPayServer
import TossPayTestSupport

/// SPEC §8 console sessions: logout ends that session on every instance; "sign out
/// everywhere" ends all of the merchant's.
@Suite("Console sessions end")
struct ConsoleSessionEndTests {
    static func isSignedIn(_ server: TestServer, _ cookie: String) async throws -> Bool {
        try await ConsoleTests.get(server, "/console", cookie: cookie).text.contains("data-testid=\"merchant-id\"")
    }

    @Test func afterLogoutTheOldCookieIsRefused() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "세션")
            let first = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
            let second = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
            #expect(try await Self.isSignedIn(server, first))
            let out = try await ConsoleTests.post(server, "/console/logout", form: "", cookie: first)
            #expect(out.status == .seeOther)
            #expect(try await Self.isSignedIn(server, first) == false, "the cookie kept after logout")
            #expect(try await ConsoleTests.post(server, "/console/keys", form: "", cookie: first).headers[.location] == "/console")
            #expect(try await Self.isSignedIn(server, second), "another session goes on")
        }
    }

    @Test func signOutEverywhereEndsEverySessionOfTheMerchantOnly() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "모두")
            let other = try await server.createMerchant(name: "남")
            let phone = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
            let laptop = try await ConsoleTests.signIn(server, apiKey: merchant.liveKey)
            let stranger = try await ConsoleTests.signIn(server, apiKey: other.testKey)
            let out = try await ConsoleTests.post(server, "/console/logout-everywhere", form: "", cookie: laptop)
            #expect(out.status == .seeOther)
            #expect(try await Self.isSignedIn(server, phone) == false)
            #expect(try await Self.isSignedIn(server, laptop) == false)
            #expect(try await Self.isSignedIn(server, stranger), "another merchant's session goes on")
            let again = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
            #expect(try await Self.isSignedIn(server, again), "a new sign-in works")
        }
    }

    /// Two servers on one database (two instances): a logout on one is seen by the other.
    @Test func aLogoutOnOneInstanceEndsTheSessionOnAnother() async throws {
        try await withTestServer(openMode: false) { first in
            let merchant = try await first.createMerchant(name: "둘")
            let cookie = try await ConsoleTests.signIn(first, apiKey: merchant.testKey)
            let ledger = try #require(first.ledger)
            let secondParts = try await buildParts(configuration: ServerConfiguration(), store: ledger.store, logger: quietLogger())
            let router = secondParts.router
            let secondLedger = secondParts.ledger
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: quietLogger())
            try await app.test(.router) { client in
                let second = TestServer(client: client, ledger: secondLedger)
                #expect(try await Self.isSignedIn(second, cookie))
                _ = try await ConsoleTests.post(first, "/console/logout", form: "", cookie: cookie)
                #expect(try await Self.isSignedIn(second, cookie) == false)
            }
        }
    }
}

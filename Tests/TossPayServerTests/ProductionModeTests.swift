import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// SPEC §8 production mode (`--sandbox off`): no public credential exists anywhere.
@Suite("Production mode: no public credential")
struct ProductionModeTests {
    static func production(_ configuration: inout ServerConfiguration) {
        configuration.sandboxEnabled = false
    }

    @Test(arguments: MerchantAuthenticator.publicTestKeys)
    func thePublishedTestKeysAreRefusedOnThePartnerAPI(key: String) async throws {
        try await withTestServer(openMode: false, configure: Self.production) { server in
            let header = try await server.makePayment(orderNo: newOrderNo("pub"), apiKey: key)
            #expect(header.status == .unauthorized)
            #expect(header.errorCode == "COMMON_INVALID_API_KEY")
            var body = TestServer.makeBody(orderNo: newOrderNo("pub-body"))
            body["apiKey"] = key
            let legacy = try await server.post("\(partnerPath)/make-payment", body)
            #expect(legacy.errorCode == "COMMON_INVALID_API_KEY", "the legacy body field too")
            let none = try await server.makePayment(orderNo: newOrderNo("none"))
            #expect(none.errorCode == "COMMON_UNAUTHORIZED", "no open mode")
        }
    }

    @Test(arguments: MerchantAuthenticator.publicTestKeys)
    func thePublishedTestKeysCannotSignIntoTheConsole(key: String) async throws {
        try await withTestServer(openMode: false, configure: Self.production) { server in
            let reply = try await ConsoleTests.post(server, "/console/login", form: "apiKey=\(key)", cookie: nil)
            #expect(reply.status == .unauthorized)
            #expect(reply.text.contains("COMMON_INVALID_API_KEY"))
            #expect(reply.headers[.setCookie] == nil)
            let sandbox = try await ConsoleTests.post(server, "/console/login", form: "sandbox=1", cookie: nil)
            #expect(sandbox.headers[.setCookie] == nil, "no keyless sandbox sign-in")
        }
    }

    /// `sandbox.open` cannot turn open mode on with the sandbox off: it is forced off.
    @Test func openModeIsForcedOffWithTheSandboxOff() async throws {
        try await withTestServer(openMode: true, configure: Self.production) { server in
            let none = try await server.makePayment(orderNo: newOrderNo("open"))
            #expect(none.errorCode == "COMMON_UNAUTHORIZED")
            let page = try await ConsoleTests.get(server, "/console", cookie: nil)
            #expect(!page.text.contains("name=\"sandbox\""), "no sandbox sign-in button")
        }
    }

    @Test func aMerchantMadeInTheStorePaysAndSignsIn() async throws {
        try await withTestServer(openMode: false, configure: Self.production) { server in
            let created = try await MerchantProvisioning.create(name: "운영 가맹점", in: try #require(server.ledger).store)
            #expect(try await server.makePayment(orderNo: newOrderNo("made"), apiKey: created.testKey).status == .ok)
            #expect(try await server.makePayment(orderNo: newOrderNo("live"), test: false, apiKey: created.liveKey).status == .ok)
            let cookie = try await ConsoleTests.signIn(server, apiKey: created.liveKey)
            let page = try await ConsoleTests.get(server, "/console", cookie: cookie)
            #expect(page.text.contains(created.merchant.id))
        }
    }

    /// A console cookie of the sandbox merchant (signed while the sandbox was on, same
    /// database and secret) is refused once the server runs with the sandbox off.
    @Test func aSandboxMerchantCookieIsRefusedInProductionMode() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let logger = quietLogger()
        let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
        let ledger = PaymentLedger(store: store, clock: SandboxClock())
        let secret = try await ledger.consoleSecret(makeNew: { "test-secret" })
        let cookie = "\(ConsoleSession.cookieName)=" + ConsoleSession(
            merchantId: "sandbox", sessionId: "abc", generation: 0, expiresAt: Int64(Date().timeIntervalSince1970) + 600
        ).cookieValue(secret: secret)
        for sandboxEnabled in [true, false] {
            var configuration = ServerConfiguration()
            configuration.sandboxEnabled = sandboxEnabled
            configuration.openMode = sandboxEnabled
            let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
            let partsLedger = parts.ledger
            let app = Application(router: parts.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
            let signedIn = try await app.test(.router) { client in
                let server = TestServer(client: client, ledger: partsLedger)
                return try await ConsoleTests.get(server, "/console", cookie: cookie).text.contains("data-testid=\"merchant-id\"")
            }
            #expect(signedIn == sandboxEnabled, "sandbox \(sandboxEnabled)")
        }
        try await store.close()
    }
}

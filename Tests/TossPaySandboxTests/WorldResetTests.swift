import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TossPayCore
import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// Issue 15 §3, `POST /sandbox/v1/reset`: the caller's world is emptied — payments TEST and
/// LIVE, buyers, order-number history, promotions, maintenance windows, login codes and
/// consents, callback deliveries — its keys, certificates and login settings are kept, its
/// clock is back at the wall clock on every instance, another merchant's world does not move,
/// and `tosspay verify` stays clean. Each test gives a second merchant B a world made the same
/// way and checks that it is untouched.
@Suite("World reset")
struct WorldResetTests {
    static let oauth = "/api-partner/v1/apps-in-toss/user/oauth2/"
    static let day = 86_400

    /// A world with something of every kind for the merchant of `key`: a buyer who paid 10,000
    /// (TEST) and got 4,000 back under `orderNo`, a LIVE payment left waiting, a promotion, two
    /// maintenance windows and a clock `advance` seconds ahead. Returns the paid payToken.
    static func populate(_ server: TestServer, merchantId: String, key: String, orderNo: String, advance: Int) async throws -> String {
        try await server.createUser(["userKey": TestServer.buyer, "tossMoneyBalance": 50_000], apiKey: key)
        let paid = try await server.paid(orderNo: orderNo, amount: 10_000, apiKey: key).token
        try await server.refund(payToken: paid, amount: 4_000, apiKey: key).requireSuccess()
        _ = try await server.madePayToken(orderNo: orderNo + "-live", amount: 2_000, test: false, apiKey: key)
        try await server.createPromotion(merchantId: merchantId, apiKey: key, ["name": "첫 결제 할인", "discountAmount": 500]).requireSuccess()
        // After the payments, so that no window can refuse their Toss Money.
        try await server.setBankMaintenance(["23:30-00:30", "04:00-04:10"], apiKey: key).requireSuccess()
        try await server.advanceClock(seconds: advance, apiKey: key)
        return paid
    }

    static func reset(_ server: TestServer, apiKey: String?) async throws -> Reply {
        try await server.post("/sandbox/v1/reset", [:], userKey: nil, headers: TestServer.auth(apiKey))
    }

    static func promotions(_ server: TestServer, merchantId: String, key: String) async throws -> [JSONValue] {
        try await server.get("/sandbox/v1/merchants/\(merchantId)/promotions", headers: TestServer.auth(key)).requireSuccess()["promotions"]
            .array ?? []
    }

    static func windows(_ server: TestServer, key: String?) async throws -> [String] {
        (try await server.get("/sandbox/v1/bank-maintenance", headers: TestServer.auth(key)).requireSuccess()["windows"].array ?? [])
            .compactMap(\.string)
    }

    static func expectVerifyClean(_ store: any PaymentStore, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let report = try await LedgerVerifier(store: store).run()
        #expect(report.violations.isEmpty, "\(report.violations)", sourceLocation: sourceLocation)
    }

    @Test func aResetEmptiesTheCallersWorldAndLeavesAnotherMerchantsAlone() async throws {
        try await withTestServer(openMode: false) { server in
            let ledger = try #require(server.ledger)
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            let orderNo = newOrderNo("shared")
            let paidAtA = try await Self.populate(server, merchantId: a.id, key: a.testKey, orderNo: orderNo, advance: Self.day)
            let paidAtB = try await Self.populate(server, merchantId: b.id, key: b.testKey, orderNo: orderNo, advance: 3_600)
            // Login: two persons log in to A (consent and a code each); one unlinks (a callback
            // delivery, pending: no delivery service runs here).
            try await server.send(
                .put, "/sandbox/v1/merchants/\(a.id)/login", json: ["callback": ["url": "http://127.0.0.1:9/unlink", "method": "POST"]],
                userKey: nil, headers: TestServer.auth(a.testKey)
            ).requireSuccess()
            let loginBefore = try await server.get("/sandbox/v1/merchants/\(a.id)/login", headers: TestServer.auth(a.testKey)).requireSuccess()
            let code = try #require(
                try await server.post("/sandbox/v1/login/authorize", ["person": "김토스"], userKey: nil, headers: TestServer.auth(a.testKey))
                    .requireSuccess()["authorizationCode"].string
            )
            try await server.post("/sandbox/v1/login/authorize", ["person": "이앱인"], userKey: nil, headers: TestServer.auth(a.testKey))
                .requireSuccess()
            try await server.post(
                "/sandbox/v1/login/unlink", ["userKey": LoginUserKey.of(person: "이앱인", merchantId: a.id)], userKey: nil,
                headers: TestServer.auth(a.testKey)
            ).requireSuccess()
            let bBalances = try await server.balances(TestServer.buyer, apiKey: b.testKey)

            let success = try await Self.reset(server, apiKey: a.testKey).requireSuccess()
            #expect(success["merchantId"].string == a.id)
            let removed = try #require(success["removed"].object)
            #expect(removed["payments"].int64 == 2, "the TEST payment and the LIVE one")
            #expect(removed["transactions"].int64 == 2, "PAY and REFUND")
            #expect(removed["buyers"].int64 == 1)
            #expect(removed["orderNumbers"].int64 == 2)
            #expect(removed["promotions"].int64 == 1)
            #expect(removed["bankMaintenanceWindows"].int64 == 2)
            #expect(removed["loginGrants"].int64 == 2)
            #expect(removed["loginConsents"].int64 == 1, "the other person's went with the unlink")
            #expect(removed["loginCallbacks"].int64 == 1)
            #expect((removed["journalEntries"].int64 ?? 0) >= 3, "the buyer's opening, PAY and REFUND at least")
            #expect(removed["requests"].int64 != nil)
            let clock = try #require(success["clock"].object)
            #expect(clock["offsetSeconds"].int64 == 0)
            #expect(clock["movedBackSeconds"].int64 == Int64(Self.day))
            #expect(isKoreaTime(clock["now"]))

            // A's world is empty, and says so on every control.
            expectFailure(
                try await server.status(payToken: paidAtA, apiKey: a.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND"
            )
            #expect(try await server.clock(apiKey: a.testKey)["offsetSeconds"].int64 == 0)
            #expect(try await server.balances(TestServer.buyer, apiKey: a.testKey).money == 1_000_000, "a new buyer, made the standard way")
            #expect(try await Self.promotions(server, merchantId: a.id, key: a.testKey).isEmpty)
            #expect(try await Self.windows(server, key: a.testKey).isEmpty)
            let stale = try await server.post(
                Self.oauth + "generate-token", ["authorizationCode": code, "referrer": "SANDBOX"], userKey: nil, headers: TestServer.auth(a.testKey)
            )
            #expect(stale.status == .badRequest)
            #expect(stale.text == #"{"error":"invalid_grant"}"#, "a code issued before the reset is gone")
            #expect(try await server.get("/sandbox/v1/merchants/\(a.id)/login/callbacks", headers: TestServer.auth(a.testKey))
                .requireSuccess()["callbacks"].array?.isEmpty == true)

            // Kept: the keys (both), the login settings.
            let loginAfter = try await server.get("/sandbox/v1/merchants/\(a.id)/login", headers: TestServer.auth(a.testKey)).requireSuccess()
            #expect(loginAfter == loginBefore)
            let again = try await server.paid(orderNo: orderNo, amount: 10_000, apiKey: a.testKey)
            #expect(again.executed["orderNo"].string == orderNo, "the orderNo's history went with the reset")
            _ = try await server.madePayToken(orderNo: orderNo + "-live", amount: 2_000, test: false, apiKey: a.liveKey)
            #expect(try await server.balances(TestServer.buyer, apiKey: a.testKey).money == 990_000)

            // B's world did not move.
            #expect(try await server.payStatus(payToken: paidAtB, apiKey: b.testKey) == "REFUND_SUCCESS")
            #expect(try await server.balances(TestServer.buyer, apiKey: b.testKey) == bBalances)
            #expect(try await server.clock(apiKey: b.testKey)["offsetSeconds"].int64 == 3_600)
            #expect(try await Self.promotions(server, merchantId: b.id, key: b.testKey).count == 1)
            #expect(try await Self.windows(server, key: b.testKey) == ["23:30-00:30", "04:00-04:10"])
            expectFailure(
                try await server.makePayment(orderNo: orderNo, apiKey: b.testKey), code: "PAYMENT_DUPLICATION_ORDER_NO"
            )
            try await Self.expectVerifyClean(ledger.store)
        }
    }

    @Test func aPaymentMadeAfterAResetExpiresOnTheWallClock() async throws {
        try await withTestServer(openMode: false) { server in
            let a = try await server.createMerchant(name: "시계")
            try await server.advanceClock(seconds: 30 * Self.day, apiKey: a.testKey)
            #expect(try await server.clock(apiKey: a.testKey)["offsetSeconds"].int64 == Int64(30 * Self.day))
            try await Self.reset(server, apiKey: a.testKey).requireSuccess()
            let token = try await server.madePayToken(apiKey: a.testKey)
            // Made at wall time (not 30 days ahead): 800 seconds later it still waits, 901 seconds
            // later it expired. The margin leaves a slow machine 100 s of wall time between steps.
            try await server.advanceClock(seconds: 800, apiKey: a.testKey)
            #expect(try await server.payStatus(payToken: token, apiKey: a.testKey) == "PAY_STANDBY")
            try await server.advanceClock(seconds: 101, apiKey: a.testKey)
            #expect(try await server.payStatus(payToken: token, apiKey: a.testKey) == "PAY_CANCEL")
        }
    }

    @Test func resettingAnEmptyWorldRemovesNothing() async throws {
        try await withTestServer(openMode: false) { server in
            let a = try await server.createMerchant(name: "빈 세계")
            for _ in 0..<2 {
                let removed = try #require(try await Self.reset(server, apiKey: a.testKey).requireSuccess()["removed"].object)
                #expect(removed.members.allSatisfy { $0.value.int64 == 0 }, "\(removed)")
                #expect(removed.count == 11)
            }
        }
    }

    @Test func withoutCredentialsOpenModeResetsTheSandboxMerchantOnly() async throws {
        try await withTestServer(openMode: true) { server in
            let a = try await server.createMerchant(name: "키 있는 가맹점")
            let mine = try await server.paidPayToken()
            let theirs = try await server.paidPayToken(apiKey: a.testKey)
            let success = try await Self.reset(server, apiKey: nil).requireSuccess()
            #expect(success["merchantId"].string == Merchant.sandboxId)
            expectFailure(try await server.status(payToken: mine), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            #expect(try await server.payStatus(payToken: theirs, apiKey: a.testKey) == "PAY_COMPLETE")
            // The public test key still works.
            _ = try await server.paidPayToken(apiKey: "sk_test_w5INQyINqa5INQe013Nq")
            try await Self.expectVerifyClean(try #require(server.ledger).store)
        }
    }

    @Test func aResetNeedsTheMerchantsCredentials() async throws {
        try await withTestServer(openMode: false) { server in
            let a = try await server.createMerchant(name: "남의 세계")
            let paid = try await server.paidPayToken(apiKey: a.testKey)
            expectFailure(try await Self.reset(server, apiKey: nil), status: .unauthorized, code: "COMMON_UNAUTHORIZED")
            expectFailure(try await Self.reset(server, apiKey: "sk_test_not-a-key"), status: .unauthorized, code: "COMMON_INVALID_API_KEY")
            #expect(try await server.payStatus(payToken: paid, apiKey: a.testKey) == "PAY_COMPLETE")
        }
    }

    @Test func withTheSandboxOffThereIsNoReset() async throws {
        try await withTestServer(openMode: false, configure: { $0.sandboxEnabled = false }) { server in
            let reply = try await Self.reset(server, apiKey: nil)
            #expect(reply.status == .notFound)
            #expect(reply.resultType == "FAIL")
        }
    }

    /// A held execute (SPEC §11) whose payment the reset removes never completes: its answer is
    /// a FAIL, no money moves, and the journal stays clean.
    @Test func aHeldExecuteWhosePaymentWasResetMovesNoMoney() async throws {
        try await withTestServer(setup: .live) { server in
            let orderNo = newOrderNo("held")
            let token = try await server.authorizedPayToken(orderNo: orderNo, amount: 10_000)
            let port = try #require(server.client.port)
            // On its own connection (the test client's one connection would queue the reset behind it).
            async let executed = LiveHTTP.shared.post(
                "http://127.0.0.1:\(port)/api-partner/v1/apps-in-toss/pay/execute-payment", userKey: TestServer.buyer,
                json: ["payToken": token, "isTestPayment": true], headers: [("x-tosspay-test-progress-ms", "3000")]
            )
            var held = false
            for _ in 0..<500 where !held {
                held = try await server.payStatus(payToken: token) == "PAY_PROGRESS"
                if !held { try await Task.sleep(for: .milliseconds(10)) }
            }
            try #require(held, "never saw PAY_PROGRESS")
            let removed = try #require(try await Self.reset(server, apiKey: nil).requireSuccess()["removed"].object)
            #expect(removed["payments"].int64 == 1)
            let answer = try await executed
            #expect(answer.resultType == "FAIL", "\(answer.text)")
            expectFailure(try await server.status(payToken: token), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            #expect(try await server.tossMoneyBalance() == 1_000_000, "a new buyer: the held payment charged nobody")
            try await Self.expectVerifyClean(try #require(server.ledger).store)
        }
    }

    /// Two server instances on one PostgreSQL database: a reset through the first is what the
    /// second sees at once — the clock back at the wall clock, no payments, the orderNo free.
    @Test(.enabled(if: PostgresTestDatabase.enabled, "PostgreSQL tests skipped: TOSSPAY_TEST_POSTGRES_URL not set"))
    func onPostgreSQLEveryInstanceSeesTheReset() async throws {
        let database = try await PostgresTestDatabase.create(prefix: "reset")
        do {
            try await Self.withInstance(database) { first, firstStore in
                try await Self.withInstance(database) { second, _ in
                    let a = try await first.createMerchant(name: "인스턴스 A")
                    let b = try await first.createMerchant(name: "인스턴스 B")
                    let orderNo = newOrderNo("pg")
                    let paidAtA = try await Self.populate(first, merchantId: a.id, key: a.testKey, orderNo: orderNo, advance: Self.day)
                    let paidAtB = try await Self.populate(first, merchantId: b.id, key: b.testKey, orderNo: orderNo, advance: 3_600)
                    #expect(try await second.clock(apiKey: a.testKey)["offsetSeconds"].int64 == Int64(Self.day))
                    #expect(try await second.payStatus(payToken: paidAtA, apiKey: a.testKey) == "REFUND_SUCCESS")

                    try await Self.reset(first, apiKey: a.testKey).requireSuccess()

                    #expect(try await second.clock(apiKey: a.testKey)["offsetSeconds"].int64 == 0, "the second instance's clock is back too")
                    expectFailure(
                        try await second.status(payToken: paidAtA, apiKey: a.testKey), status: .notFound, code: "TRANSACTION_NOT_FOUND"
                    )
                    #expect(try await Self.promotions(second, merchantId: a.id, key: a.testKey).isEmpty)
                    #expect(try await Self.windows(second, key: a.testKey).isEmpty)
                    let again = try await second.paid(orderNo: orderNo, amount: 10_000, apiKey: a.testKey)
                    #expect(again.executed["orderNo"].string == orderNo)
                    #expect(try await second.payStatus(payToken: paidAtB, apiKey: b.testKey) == "REFUND_SUCCESS")
                    #expect(try await second.clock(apiKey: b.testKey)["offsetSeconds"].int64 == 3_600)
                    try await Self.expectVerifyClean(firstStore)
                }
            }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    /// One server instance (its own store, clock and routes) on `database`.
    static func withInstance(
        _ database: PostgresTestDatabase, _ body: @Sendable (TestServer, any PaymentStore) async throws -> Void
    ) async throws {
        let logger = quietLogger()
        let store = try await PostgresPaymentStore.open(url: database.url(poolSize: 4), logger: logger)
        do {
            var configuration = ServerConfiguration()
            configuration.openMode = false
            let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
            let app = Application(router: parts.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
            let ledger = parts.ledger
            try await app.test(.router) { client in
                try await body(TestServer(client: client, ledger: ledger), store)
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}

import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TossPayCore
import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// The request inspector over real loopback HTTP with the background writer running: a
/// request is listed within the poll deadline, masked, findable by every filter, bounded by
/// `limit` and `after`, kept to the newest `inspector.keep`, never shown to another merchant,
/// and only recorded once its merchant was authenticated.
@Suite("Request inspector")
struct RequestInspectorTests {
    static let list = "/sandbox/v1/requests"
    static let partner = "/api-partner/v1/apps-in-toss/pay"

    /// Runs `body` against routes and services of ``buildParts(configuration:store:logger:)``
    /// (the request inspector's writer among them) on a real loopback port.
    static func withInspector<Value: Sendable>(
        openMode: Bool = true, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer) async throws -> Value
    ) async throws -> Value {
        try await withServerParts(openMode: openMode, configure: configure) { parts, _, logger in
            let app = Application(
                router: parts.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: parts.services, logger: logger
            )
            let ledger = parts.ledger
            return try await app.test(.live) { client in try await body(TestServer(client: client, ledger: ledger)) }
        }
    }

    /// The caller's entries, asked again until `done` holds (a generous deadline: the writer
    /// stores every 100 ms).
    static func entries(
        _ server: TestServer, key: String?, query: String = "", sourceLocation: SourceLocation = #_sourceLocation,
        until done: @Sendable ([JSONObject]) -> Bool
    ) async throws -> [JSONObject] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let reply = try await server.get(list + query, headers: TestServer.auth(key))
            let entries = try reply.requireSuccess(sourceLocation: sourceLocation)["requests"].objects ?? []
            if done(entries) { return entries }
            guard ContinuousClock.now < deadline else {
                Issue.record("the inspector did not show what was expected: \(reply.text.prefix(2_000))", sourceLocation: sourceLocation)
                throw TestFailure("request log poll deadline passed")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func aRequestIsListedWithItsAnswerAndSecretsMasked() async throws {
        try await Self.withInspector { server in
            let merchant = try await server.createMerchant(name: "인스펙터 가맹점")
            let made = try await server.post(
                "\(Self.partner)/make-payment",
                ["orderNo": "insp-1", "productDesc": "상품", "amount": 1_000, "amountTaxFree": 0, "isTestPayment": true, "apiKey": merchant.testKey],
                userKey: "buyer-insp"
            )
            let payToken = try #require(try made.requireSuccess()["payToken"].string)
            let requestId = try #require(made.headers[HTTPField.Name("x-request-id")!])
            let saved = try await server.saveUser(
                [
                    "userKey": "buyer-card", "cards": [["cardCompanyCode": 3, "cardNumber": "5433123456781234"]],
                    "bankAccount": ["accountNumber": "1002003004005"],
                ],
                apiKey: merchant.testKey
            )
            try saved.requireSuccess()

            let entries = try await Self.entries(server, key: merchant.testKey) { $0.count >= 2 }
            #expect(entries.count == 2)
            let user = entries[0], make = entries[1]
            #expect((user["id"].int64 ?? 0) > (make["id"].int64 ?? 0), "newest first")
            #expect(make["method"].string == "POST")
            #expect(make["route"].string == "\(Self.partner)/make-payment")
            #expect(make["status"].int == 200)
            #expect(make["errorCode"].isNull)
            #expect(make["requestId"].string == requestId)
            #expect(make["orderNo"].string == "insp-1")
            #expect(make["payToken"].string == payToken)
            #expect(make["userKey"].string == "buyer-insp")
            #expect((make["durationMicros"].int64 ?? -1) >= 0)
            #expect(make["time"].string?.count == 19)
            #expect(make["request"]["body"].string?.contains(#""apiKey":"sk_test_****""#) == true)
            #expect(make["response"]["body"].string?.contains(payToken) == true)
            #expect(user["route"].string == "/sandbox/v1/users")
            #expect(user["request"]["headers"]["authorization"].string == "Basic ****")
            #expect(user["request"]["body"].string?.contains("543312******1234") == true)
            #expect(user["request"]["body"].string?.contains("100*******005") == true)

            // Nothing secret anywhere in what the inspector answers.
            let text = try await server.get(Self.list, headers: TestServer.auth(merchant.testKey)).text
            for secret in [merchant.testKey, String(merchant.testKey.dropFirst(8)), "5433123456781234", "1002003004005"] {
                #expect(!text.contains(secret), "\(secret) appears in the inspector")
            }
            // The inspector's own calls are not recorded.
            #expect(!text.contains("\"route\":\"/sandbox/v1/requests\""))
        }
    }

    @Test func loginTokensCodesCallbackSecretsAndDecryptionKeysAreMasked() async throws {
        try await Self.withInspector { server in
            let merchant = try await server.createMerchant(name: "로그인 인스펙터")
            let auth = TestServer.auth(merchant.testKey)
            let code = try #require(try await server.post("/sandbox/v1/login/authorize", ["person": "박샌드"], userKey: nil, headers: auth)
                .requireSuccess()["authorizationCode"].string)
            let tokens = try await server.post(
                "/api-partner/v1/apps-in-toss/user/oauth2/generate-token", ["authorizationCode": code, "referrer": "SANDBOX"],
                userKey: nil, headers: auth
            ).requireSuccess()
            let access = try #require(tokens["accessToken"].string)
            let refresh = try #require(tokens["refreshToken"].string)
            let me = try await server.get("/api-partner/v1/apps-in-toss/user/oauth2/login-me", headers: [.authorization: "Bearer " + access])
            try me.requireSuccess()
            try await server.send(
                .put, "/sandbox/v1/merchants/\(merchant.id)/login",
                json: ["callback": ["url": "http://127.0.0.1:9/unlink", "method": "POST", "basicAuth": "cbuser:cbsecret"]], userKey: nil,
                headers: auth
            ).requireSuccess()
            let settings = try await server.get("/sandbox/v1/merchants/\(merchant.id)/login", headers: auth).requireSuccess()
            let decryptionKey = try #require(settings["decryptionKey"].string)

            let entries = try await Self.entries(server, key: merchant.testKey) { $0.count >= 5 }
            #expect(entries.compactMap { $0["route"].string }.contains("/api-partner/v1/apps-in-toss/user/oauth2/login-me"),
                    "login-me, authenticated by its access token, is recorded for the token's app")
            let meEntry = entries.first { $0["route"].string?.hasSuffix("login-me") == true }
            #expect(meEntry?["request"]["headers"]["authorization"].string == "Bearer ****")
            let text = try await server.get(Self.list, headers: auth).text
            for secret in [code, access, refresh, "cbsecret", decryptionKey] {
                #expect(!text.contains(secret), "a secret appears in the inspector")
            }
            #expect(text.contains(#"\"authorizationCode\":\"****\""#))
            #expect(text.contains(#"\"basicAuth\":\"****\""#))
        }
    }

    @Test func filtersFindByOrderNoPayTokenUserKeyAndStatus() async throws {
        try await Self.withInspector { server in
            let merchant = try await server.createMerchant()
            let key = merchant.testKey
            let first = try #require(try await server.makePayment(orderNo: "f-1", userKey: "buyer-f1", apiKey: key).requireSuccess()["payToken"].string)
            _ = try #require(try await server.makePayment(orderNo: "f-2", userKey: "buyer-f2", apiKey: key).requireSuccess()["payToken"].string)
            // A rule broken after authentication: recorded with its status and code.
            let refused = try await server.makePayment(orderNo: "f-2", userKey: "buyer-f2", apiKey: key)
            #expect(refused.status == .badRequest)
            _ = try await Self.entries(server, key: key) { $0.count >= 3 }

            func ids(_ query: String) async throws -> [String] {
                try await server.get(Self.list + query, headers: TestServer.auth(key)).requireSuccess()["requests"].objects?
                    .compactMap { $0["orderNo"].string } ?? []
            }
            #expect(try await ids("?orderNo=f-1") == ["f-1"])
            #expect(try await ids("?orderNo=f-2") == ["f-2", "f-2"])
            #expect(try await ids("?payToken=\(first)") == ["f-1"])
            #expect(try await ids("?userKey=buyer-f2") == ["f-2", "f-2"])
            #expect(try await ids("?status=400") == ["f-2"])
            #expect(try await ids("?status=200&orderNo=f-2") == ["f-2"])
            #expect(try await ids("?orderNo=none") == [])
            let failed = try await server.get(Self.list + "?status=400", headers: TestServer.auth(key)).requireSuccess()["requests"].objects?.first
            #expect(failed?["errorCode"].string == refused.errorCode)
        }
    }

    @Test func limitAfterAndEveryFilterAreCheckedJustInsideAndJustOutside() async throws {
        try await Self.withInspector { server in
            let merchant = try await server.createMerchant()
            let key = merchant.testKey
            for index in 1...3 { _ = try await server.makePayment(orderNo: "b-\(index)", apiKey: key) }
            let all = try await Self.entries(server, key: key) { $0.count >= 3 }
            let ids = all.compactMap { $0["id"].int64 }

            func count(_ query: String) async throws -> Int {
                try await server.get(Self.list + query, headers: TestServer.auth(key)).requireSuccess()["requests"].array?.count ?? -1
            }
            #expect(try await count("") == 3)
            #expect(try await count("?limit=1") == 1)
            #expect(try await count("?limit=2") == 2)
            #expect(try await count("?limit=1000") == 3)
            #expect(try await count("?after=0") == 3)
            #expect(try await count("?after=\(ids[1])") == 1, "only the newer ones")
            #expect(try await count("?after=\(ids[0])") == 0)
            #expect(try await count("?after=\(ids[2])&limit=1") == 1)
            let following = try await server.get(Self.list + "?after=\(ids[2])&limit=1", headers: TestServer.auth(key)).requireSuccess()
            #expect(following["requests"][0]["id"].int64 == ids[1], "after with a limit: the entries right after it, none skipped")
            #expect(try await count("?status=100") == 0)
            #expect(try await count("?status=599") == 0)
            #expect(try await count("?orderNo=\(String(repeating: "a", count: 50))") == 0)
            #expect(try await count("?payToken=\(String(repeating: "a", count: PayToken.maximumLength))") == 0)

            let bad: [(String, String)] = [
                ("?limit=0", "limit"), ("?limit=1001", "limit"), ("?limit=", "limit"), ("?limit=abc", "limit"), ("?limit=-1", "limit"),
                ("?limit=%2B5", "limit"), ("?after=-1", "after"), ("?after=", "after"), ("?after=1.5", "after"),
                ("?after=9999999999999999999", "after"), ("?status=99", "status"), ("?status=600", "status"), ("?status=", "status"),
                ("?orderNo=\(String(repeating: "a", count: 51))", "orderNo"), ("?orderNo=%20", "orderNo"), ("?orderNo=", "orderNo"),
                ("?payToken=\(String(repeating: "a", count: PayToken.maximumLength + 1))", "payToken"), ("?payToken=", "payToken"), ("?userKey=", "userKey"),
            ]
            for (query, field) in bad {
                let reply = try await server.get(Self.list + query, headers: TestServer.auth(key))
                expectFailure(reply, code: "COMMON_INVALID_PARAMETER", field: field)
            }
        }
    }

    @Test func anotherMerchantsEntriesAreNeverVisible() async throws {
        try await Self.withInspector { server in
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            _ = try await server.makePayment(orderNo: "only-a", apiKey: a.testKey)
            _ = try await server.makePayment(orderNo: "only-b", apiKey: b.testKey)
            _ = try await server.makePayment(orderNo: "only-sandbox")  // open mode, no credentials: the sandbox merchant
            let seenByA = try await Self.entries(server, key: a.testKey) { !$0.isEmpty }
            let seenByB = try await Self.entries(server, key: b.testKey) { !$0.isEmpty }
            let seenBySandbox = try await Self.entries(server, key: nil) { !$0.isEmpty }
            #expect(seenByA.compactMap { $0["orderNo"].string } == ["only-a"])
            #expect(seenByB.compactMap { $0["orderNo"].string } == ["only-b"])
            #expect(seenBySandbox.compactMap { $0["orderNo"].string } == ["only-sandbox"])
            // Filters never reach across merchants either.
            let foreign = try await server.get(Self.list + "?orderNo=only-b", headers: TestServer.auth(a.testKey)).requireSuccess()
            #expect(foreign["requests"].array?.isEmpty == true)
        }
    }

    @Test func unauthenticatedRequestsAreNotRecorded() async throws {
        try await Self.withInspector(openMode: false) { server in
            let merchant = try await server.createMerchant()
            let none = try await server.makePayment(orderNo: "anon-1")
            #expect(none.status == .unauthorized)
            let wrong = try await server.makePayment(orderNo: "anon-2", apiKey: "sk_test_wrongwrongwrongwrongwrong")
            #expect(wrong.status == .unauthorized)
            expectFailure(try await server.get(Self.list), status: .unauthorized, code: "COMMON_UNAUTHORIZED")
            _ = try await server.makePayment(orderNo: "known-1", apiKey: merchant.testKey)
            // The writer stores in arrival order: once the last request is listed, the earlier ones were handled.
            let entries = try await Self.entries(server, key: merchant.testKey) { !$0.isEmpty }
            #expect(entries.compactMap { $0["orderNo"].string } == ["known-1"])
            let ledger = try #require(server.ledger)
            for merchantId in [Merchant.sandboxId, merchant.id] {
                let stored = try await ledger.requestLog(matching: RequestLogQuery(merchantId: merchantId, limit: 1_000))
                #expect(!stored.contains { $0.orderNo?.hasPrefix("anon") == true })
            }
        }
    }

    @Test func eachMerchantKeepsItsNewestEntriesOnly() async throws {
        try await Self.withInspector(configure: { $0.inspectorKeep = 3 }) { server in
            let merchant = try await server.createMerchant()
            for index in 1...5 { _ = try await server.makePayment(orderNo: "keep-\(index)", apiKey: merchant.testKey) }
            let entries = try await Self.entries(server, key: merchant.testKey) { $0.first?["orderNo"].string == "keep-5" }
            #expect(entries.compactMap { $0["orderNo"].string } == ["keep-5", "keep-4", "keep-3"])
        }
    }

    /// `x-tosspay-test-drop-response`: the operation commits and the connection closes unanswered;
    /// the inspector still records the request, with status 0 and no answer body.
    @Test func aDroppedResponseIsRecordedWithStatusZero() async throws {
        try await Self.withInspector { server in
            let merchant = try await server.createMerchant()
            let token = try await server.authorizedPayToken(orderNo: "drop-1", apiKey: merchant.testKey)
            // On a connection of its own: the test client's stays open for the polls.
            let port = try #require(server.client.port)
            _ = try? await LiveHTTP.shared.send(
                url: "http://127.0.0.1:\(port)\(Self.partner)/execute-payment", method: .POST,
                json: ["payToken": token, "orderNo": "drop-1", "isTestPayment": true], userKey: TestServer.buyer,
                headers: [("Authorization", basicAuthorization(merchant.testKey)), ("x-tosspay-test-drop-response", "1")]
            )
            let entries = try await Self.entries(server, key: merchant.testKey) { $0.contains { $0["status"].int == 0 } }
            let dropped = try #require(entries.first { $0["status"].int == 0 })
            #expect(dropped["route"].string == "\(Self.partner)/execute-payment")
            #expect(dropped["payToken"].string == token)
            #expect(dropped["response"]["body"].string == "")
        }
    }

    /// The console's 요청 로그 works with the sandbox off (where `/sandbox/v1/requests` is
    /// absent): the signed-in merchant's requests, masked, filtered, and a bad filter explained.
    @Test func theConsolePageWorksInProductionMode() async throws {
        try await Self.withInspector(openMode: false, configure: { $0.sandboxEnabled = false }) { server in
            let ledger = try #require(server.ledger)
            let created = try await MerchantProvisioning.create(name: "운영 가맹점", in: ledger.store)
            let other = try await MerchantProvisioning.create(name: "다른 가맹점", in: ledger.store)
            _ = try await server.makePayment(orderNo: "prod-1", apiKey: created.testKey)
            _ = try await server.makePayment(orderNo: "prod-2", apiKey: created.testKey)
            _ = try await server.makePayment(orderNo: "prod-other", apiKey: other.testKey)
            expectFailure(try await server.get(Self.list, headers: TestServer.auth(created.testKey)), status: .notFound, code: "COMMON_INVALID_PARAMETER")
            let cookie = try await ConsoleTests.signIn(server, apiKey: created.liveKey)
            let deadline = ContinuousClock.now + .seconds(20)
            var page = try await ConsoleTests.get(server, "/console/requests", cookie: cookie)
            while page.text.components(separatedBy: "data-testid=\"console-request-row\"").count - 1 < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                page = try await ConsoleTests.get(server, "/console/requests", cookie: cookie)
            }
            #expect(page.status == .ok)
            #expect(page.text.contains("prod-1") && page.text.contains("prod-2"))
            #expect(!page.text.contains("prod-other"), "another merchant's requests are never shown")
            #expect(!page.text.contains(created.testKey) && page.text.contains("Basic ****"))
            #expect(page.text.contains("href=\"/console/requests\""), "the console's menu links to the page")
            let filtered = try await ConsoleTests.get(server, "/console/requests?orderNo=prod-1&status=200", cookie: cookie)
            #expect(filtered.text.contains("prod-1") && !filtered.text.contains("prod-2"))
            let bad = try await ConsoleTests.get(server, "/console/requests?status=600", cookie: cookie)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("data-testid=\"console-error\""))
            let signedOut = try await ConsoleTests.get(server, "/console/requests", cookie: nil)
            #expect(signedOut.status == .seeOther, "signed out: back to the sign-in page")
        }
    }

    /// `inspector.keep`: 0 (record nothing) and 100,000 are accepted; -1 and 100,001 fail
    /// naming the key.
    @Test(arguments: [(0, true), (100_000, true), (-1, false), (100_001, false)])
    func inspectorKeepIsBounded(keep: Int, accepted: Bool) throws {
        let reader = ConfigReader(provider: InMemoryProvider(values: ["inspector.keep": .init(.int(keep), isSecret: false)]))
        if accepted {
            #expect(try ServerConfiguration(reader: reader).inspectorKeep == keep)
        } else {
            #expect { try ServerConfiguration(reader: reader) } throws: { "\($0)".contains("inspector.keep") }
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing
import TossPayCore
@testable import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// SPEC §9, unlink callbacks, against a real HTTP listener on loopback: the app's URL is called
/// with Basic auth, `userKey` and `referrer` (query for GET, JSON for POST); failures are retried
/// with a doubling delay (a 100 ms base here); a pending delivery survives a restart of the
/// delivery service; a server not on loopback calls only allowed hosts.
@Suite("Unlink callbacks")
struct LoginCallbackTests {
    /// What the listener received, and what it answers next.
    final class Listener: Sendable {
        struct Received: Sendable {
            var method: String
            var path: String
            var query: String
            var authorization: String?
            var body: String
        }

        let received = Mutex<[Received]>([])
        /// Statuses to answer, in order; 200 once they run out.
        let answers: Mutex<[Int]>

        init(answers: [Int]) { self.answers = Mutex(answers) }

        var count: Int { received.withLock { $0.count } }

        /// Runs `body` with the listener on a loopback port.
        func run<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
            let router = Router()
            router.on("/unlink", method: .post) { request, context in try await self.answer(request, context) }
            router.on("/unlink", method: .get) { request, context in try await self.answer(request, context) }
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "listener"))
            return try await app.test(.live) { client in
                try await body(try #require(client.port))
            }
        }

        func answer(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
            let body = try await request.body.collect(upTo: 1 << 16)
            received.withLock {
                $0.append(Received(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                    authorization: request.headers[.authorization], body: String(buffer: body)
                ))
            }
            let status = answers.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            return Response(status: HTTPResponse.Status(code: status))
        }
    }

    static func service(_ ledger: PaymentLedger, loopbackOnly: Bool = true, allowedHosts: Set<String> = []) -> LoginCallbackService {
        LoginCallbackService(ledger: ledger, retryBaseMillis: 100, loopbackOnly: loopbackOnly, allowedHosts: allowedHosts, logger: quietLogger())
    }

    /// Runs `service` while `body` runs.
    static func running<T: Sendable>(_ service: LoginCallbackService, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await service.run(); return nil }
            group.addTask { try await body() }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw TestFailure("no result")
        }
    }

    /// Waits (bounded) until `condition` holds, polling; fails after `seconds`.
    static func eventually(_ what: String, seconds: Double = 20, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out waiting until \(what)")
    }

    /// A merchant with a person logged in and a callback to `port`; returns the key and userKey.
    static func linkedApp(_ server: TestServer, port: Int, method: String) async throws -> (id: String, key: String, userKey: Int64) {
        let merchant = try await server.createMerchant(name: "콜백 앱")
        try await server.send(
            .put, "/sandbox/v1/merchants/\(merchant.id)/login",
            json: ["callback": ["url": "http://127.0.0.1:\(port)/unlink", "method": method, "basicAuth": "shop:s3cret"]], userKey: nil,
            headers: TestServer.auth(merchant.testKey)
        ).requireSuccess()
        try await server.post("/sandbox/v1/login/authorize", ["person": "김토스"], userKey: nil, headers: TestServer.auth(merchant.testKey))
            .requireSuccess()
        return (merchant.id, merchant.testKey, LoginUserKey.of(person: "김토스", merchantId: merchant.id))
    }

    static func unlink(_ server: TestServer, key: String, userKey: Int64, referrer: String) async throws {
        let success = try await server.post(
            "/sandbox/v1/login/unlink", ["userKey": userKey, "referrer": referrer], userKey: nil, headers: TestServer.auth(key)
        ).requireSuccess()
        #expect(success["callbackScheduled"].bool == true)
    }

    static func log(_ server: TestServer, app: (id: String, key: String, userKey: Int64)) async throws -> [JSONValue] {
        try await server.get("/sandbox/v1/merchants/\(app.id)/login/callbacks", headers: TestServer.auth(app.key)).requireSuccess()["callbacks"]
            .array ?? []
    }

    @Test func aPostCallbackIsRetriedWithDoublingDelaysUntilTheAppTakesIt() async throws {
        let listener = Listener(answers: [500, 503])
        try await listener.run { port in
            try await withTestServer { server in
                let ledger = try #require(server.ledger)
                let app = try await Self.linkedApp(server, port: port, method: "POST")
                try await Self.unlink(server, key: app.key, userKey: app.userKey, referrer: "WITHDRAWAL_TERMS")
                try await Self.running(Self.service(ledger)) {
                    try await Self.eventually("delivered") { try await Self.log(server, app: app).first?["status"].string == "DELIVERED" }
                }
                #expect(listener.count == 3)
                let received = listener.received.withLock { $0 }
                for request in received {
                    #expect(request.method == "POST")
                    #expect(request.authorization == "Basic " + Data("shop:s3cret".utf8).base64EncodedString())
                    #expect(request.body == #"{"userKey":\#(app.userKey),"referrer":"WITHDRAWAL_TERMS"}"#)
                }
                let delivery = try #require(try await Self.log(server, app: app).first)
                #expect(delivery["basicAuth"].string == "shop:****")
                let times = (delivery["attempts"].array ?? []).compactMap { $0["atEpochMillis"].int64 }
                let statuses = (delivery["attempts"].array ?? []).map { $0["httpStatus"].int64 }
                #expect(statuses == [500, 503, 200])
                try #require(times.count == 3)
                // The second try waited the base (100 ms), the third twice that.
                #expect(times[1] - times[0] >= 100)
                #expect(times[2] - times[1] >= 200)
            }
        }
    }

    @Test func aGetCallbackCarriesTheUserKeyAndReferrerInItsQuery() async throws {
        let listener = Listener(answers: [])
        try await listener.run { port in
            try await withTestServer { server in
                let ledger = try #require(server.ledger)
                let app = try await Self.linkedApp(server, port: port, method: "GET")
                try await Self.unlink(server, key: app.key, userKey: app.userKey, referrer: "UNLINK")
                try await Self.running(Self.service(ledger)) {
                    try await Self.eventually("delivered") { listener.count == 1 }
                }
                let request = try #require(listener.received.withLock { $0.first })
                #expect(request.method == "GET")
                #expect(request.query == "userKey=\(app.userKey)&referrer=UNLINK")
                #expect(request.body.isEmpty)
            }
        }
    }

    @Test func aPendingRetrySurvivesARestartAndIsDeliveredOnce() async throws {
        let listener = Listener(answers: [500])
        try await listener.run { port in
            try await withTestServer { server in
                let ledger = try #require(server.ledger)
                let app = try await Self.linkedApp(server, port: port, method: "POST")
                try await Self.unlink(server, key: app.key, userKey: app.userKey, referrer: "WITHDRAWAL_TOSS")
                // The first instance makes one attempt, which fails, and stops before the retry.
                let claimed = try #require(try await ledger.claimLoginCallback(now: SandboxClock.systemMillis(), leaseMillis: 15_000))
                await Self.service(ledger).deliver(claimed)
                #expect(listener.count == 1)
                #expect(try await Self.log(server, app: app).first?["status"].string == "PENDING")
                // A new instance on the same store delivers it.
                try await Self.running(Self.service(ledger)) {
                    try await Self.eventually("delivered") { try await Self.log(server, app: app).first?["status"].string == "DELIVERED" }
                }
                #expect(listener.count == 2)
                // Resend delivers it again, once.
                let id = try #require(try await Self.log(server, app: app).first?["callbackId"].int64)
                try await server.post("/sandbox/v1/merchants/\(app.id)/login/callbacks/\(id)/resend", [:], userKey: nil, headers: TestServer.auth(app.key))
                    .requireSuccess()
                try await Self.running(Self.service(ledger)) {
                    try await Self.eventually("resent") { try await Self.log(server, app: app).first?["status"].string == "DELIVERED" && listener.count == 3 }
                }
                #expect(listener.count == 3)
            }
        }
    }

    @Test func aServerNotOnLoopbackCallsOnlyAllowedHosts() async throws {
        try await withTestServer(configure: { $0.host = "0.0.0.0"; $0.loginCallbackAllowedHosts = ["hooks.example.com"] }) { server in
            let merchant = try await server.createMerchant(name: "콜백 앱")
            func set(_ url: String) async throws -> Reply {
                try await server.send(
                    .put, "/sandbox/v1/merchants/\(merchant.id)/login", json: ["callback": ["url": url, "method": "POST"]], userKey: nil,
                    headers: TestServer.auth(merchant.testKey)
                )
            }
            expectFailure(try await set("http://127.0.0.1:9/unlink"), code: "COMMON_INVALID_PARAMETER", field: "callback.url")
            expectFailure(try await set("http://169.254.169.254/latest"), code: "COMMON_INVALID_PARAMETER", field: "callback.url")
            try await set("https://hooks.example.com/unlink").requireSuccess()
        }
        // At delivery too: a callback set while the server was on loopback is not called from one that is not.
        let listener = Listener(answers: [])
        try await listener.run { port in
            try await withTestServer { server in
                let ledger = try #require(server.ledger)
                let app = try await Self.linkedApp(server, port: port, method: "POST")
                try await Self.unlink(server, key: app.key, userKey: app.userKey, referrer: "UNLINK")
                try await Self.running(Self.service(ledger, loopbackOnly: false, allowedHosts: ["hooks.example.com"])) {
                    try await Self.eventually("the first attempt is recorded") {
                        try await Self.log(server, app: app).first?["attempts"].array?.isEmpty == false
                    }
                }
                #expect(listener.count == 0, "never called")
                let attempt = try #require(try await Self.log(server, app: app).first?["attempts"].array?.first)
                #expect(attempt["error"].string?.contains("callbackAllowedHosts") == true)
            }
        }
    }

    @Test func anUnlinkWithoutACallbackSchedulesNothingAndUnknownUsersAreRefused() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant(name: "콜백 없는 앱")
            try await server.post("/sandbox/v1/login/authorize", ["person": "이앱인"], userKey: nil, headers: TestServer.auth(merchant.testKey))
                .requireSuccess()
            let userKey = LoginUserKey.of(person: "이앱인", merchantId: merchant.id)
            let success = try await server.post(
                "/sandbox/v1/login/unlink", ["userKey": userKey], userKey: nil, headers: TestServer.auth(merchant.testKey)
            ).requireSuccess()
            #expect(success["callbackScheduled"].bool == false)
            #expect(success["referrer"].string == "UNLINK")
            expectFailure(
                try await server.post("/sandbox/v1/login/unlink", ["userKey": userKey], userKey: nil, headers: TestServer.auth(merchant.testKey)),
                status: .notFound, code: "USER_KEY_NOT_FOUND"
            )
            expectFailure(
                try await server.post(
                    "/sandbox/v1/login/unlink", ["userKey": userKey, "referrer": "BYE"], userKey: nil, headers: TestServer.auth(merchant.testKey)
                ),
                code: "COMMON_INVALID_PARAMETER", field: "referrer"
            )
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TossPayCore
import TossPayServer
import TossPayStorage

/// The partner API's base path.
let partnerPath = "/api-partner/v1/apps-in-toss/pay"

/// An error a helper throws when the server's answer cannot be used to continue a test.
struct SandboxTestFailure: Error, CustomStringConvertible {
    var description: String
}

/// A fresh temporary directory holding a real SQLite file, removed by ``remove()``.
struct TemporaryDatabase {
    let directory: String
    var path: String { directory + "/sandbox.sqlite" }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tosspay-sandbox-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// A logger that only shows warnings.
func quietLogger() -> Logger {
    var logger = Logger(label: "tosspay-sandbox-test")
    logger.logLevel = .warning
    return logger
}

/// Runs `body` against a real server: a fresh SQLite file in a temporary directory, the
/// routes of ``buildParts(configuration:store:logger:)`` in open mode, no background services
/// (so nothing settles or expires unless a test asks). `configure` may change the
/// configuration first (settlement period, bank maintenance). The store is closed and the
/// directory removed afterwards, whether the test passes or not.
func withSandboxServer<Value: Sendable>(
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (SandboxServer) async throws -> Value
) async throws -> Value {
    let database = try TemporaryDatabase()
    defer { database.remove() }
    let logger = quietLogger()
    let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
    do {
        var configuration = ServerConfiguration()
        configuration.openMode = true
        configuration.port = 0
        configuration.databasePath = database.path
        configure(&configuration)
        let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
        let app = Application(
            router: parts.router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: logger
        )
        let ledger = parts.ledger
        let value = try await app.test(.router) { client in
            try await body(SandboxServer(client: client, ledger: ledger))
        }
        try await store.close()
        return value
    } catch {
        try? await store.close()
        throw error
    }
}

/// A parsed answer: status, headers, raw text and the envelope.
struct Reply: @unchecked Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    /// The parsed body, nil when it is not a JSON object.
    let envelope: [String: Any]?

    init(status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer) {
        self.status = status
        self.headers = headers
        self.text = String(buffer: body)
        self.envelope = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) as? [String: Any]
    }

    var resultType: String? { envelope?["resultType"] as? String }
    var success: [String: Any]? { envelope?["success"] as? [String: Any] }
    var error: [String: Any]? { envelope?["error"] as? [String: Any] }
    var errorCode: String? { error?["errorCode"] as? String }
    var reason: String? { error?["reason"] as? String }
    var contentType: String? { headers[.contentType] }

    /// A SUCCESS body, or a recorded issue and a thrown failure that shows what came back instead.
    @discardableResult
    func requireSuccess(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        guard resultType == "SUCCESS", let success else {
            Issue.record("expected SUCCESS, got \(status.code) \(text)", sourceLocation: sourceLocation)
            throw SandboxTestFailure(description: "expected SUCCESS, got \(status.code) \(text)")
        }
        return success
    }
}

/// Asserts that `reply` is a FAIL envelope with `status` and `code` and a non-empty reason
/// that mentions `field` when given.
func expectFailure(
    _ reply: Reply, status: HTTPResponse.Status = .badRequest, code: String, field: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "status of \(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.resultType == "FAIL", "resultType of \(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.errorCode == code, "errorCode of \(reply.text)", sourceLocation: sourceLocation)
    let reason = reply.reason ?? ""
    #expect(!reason.trimmingCharacters(in: .whitespaces).isEmpty, "reason of \(reply.text)", sourceLocation: sourceLocation)
    if let field {
        #expect(reason.contains(field), "reason should name \(field): \(reason)", sourceLocation: sourceLocation)
    }
}

/// A JSON integer as Int64, nil for anything else (booleans and fractions included).
func jsonInt(_ value: Any?) -> Int64? {
    guard let number = value as? NSNumber else { return nil }
    let type = String(cString: number.objCType)
    guard type != "c", type != "B", type != "d", type != "f" else { return nil }
    return number.int64Value
}

/// Whether a value is JSON `null`.
func isJSONNull(_ value: Any?) -> Bool { value is NSNull }

/// Basic credentials for an API key.
func basicAuthorization(_ key: String) -> String {
    "Basic " + Data("\(key):".utf8).base64EncodedString()
}

/// A unique order number.
func newOrderNo(_ prefix: String = "order") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8))"
}

/// A unique buyer userKey.
func newUserKey(_ prefix: String = "buyer") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8))"
}

/// `BIN6 + "******" + last4`.
func isMaskedCardNumber(_ value: Any?) -> Bool {
    guard let text = value as? String else { return false }
    return text.wholeMatch(of: /\d{6}\*{6}\d{4}/) != nil
}

/// First three and last three digits shown, the rest masked.
func isMaskedAccountNumber(_ value: Any?) -> Bool {
    guard let text = value as? String else { return false }
    return text.wholeMatch(of: /\d{3}\*+\d{3}/) != nil
}

/// One server under test and the calls the tests make to it.
struct SandboxServer: Sendable {
    let client: any TestClientProtocol
    /// The ledger behind the routes.
    let ledger: PaymentLedger

    /// Sends a raw request.
    func send(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, userKey: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if body != nil { headers[.contentType] = "application/json" }
        if let userKey {
            guard let name = HTTPField.Name("x-toss-user-key") else { throw SandboxTestFailure(description: "bad header name") }
            headers[name] = userKey
        }
        let response = try await client.execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        )
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    /// Sends a JSON object.
    func send(
        _ method: HTTPRequest.Method, _ path: String, json object: [String: Any], userKey: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await send(method, path, body: String(decoding: data, as: UTF8.self), userKey: userKey, headers: headers)
    }

    /// POSTs a JSON object.
    func post(_ path: String, _ object: [String: Any], userKey: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        try await send(.post, path, json: object, userKey: userKey, headers: headers)
    }

    /// GETs a path.
    func get(_ path: String) async throws -> Reply {
        try await send(.get, path)
    }

    /// Headers with Basic credentials for `apiKey`, when given.
    static func auth(_ apiKey: String?) -> HTTPFields {
        guard let apiKey else { return [:] }
        return [.authorization: basicAuthorization(apiKey)]
    }

    // MARK: Buyers

    /// `POST /sandbox/v1/users`.
    func saveUser(_ body: [String: Any]) async throws -> Reply {
        try await post("/sandbox/v1/users", body)
    }

    /// Creates a buyer; returns what the server answered.
    @discardableResult
    func createUser(_ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        try await saveUser(body).requireSuccess(sourceLocation: sourceLocation)
    }

    /// `GET /sandbox/v1/users/{userKey}`'s success.
    func user(_ userKey: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        try await get("/sandbox/v1/users/\(userKey)").requireSuccess(sourceLocation: sourceLocation)
    }

    /// The balances a buyer shows: Toss Money, points, bank balance (nil without an account),
    /// and each card's `available` by company.
    func balances(_ userKey: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Balances {
        let user = try await user(userKey, sourceLocation: sourceLocation)
        var cards: [Int64: Int64] = [:]
        for case let card as [String: Any] in (user["cards"] as? [Any]) ?? [] {
            if let code = jsonInt(card["cardCompanyCode"]), let available = jsonInt(card["available"]) { cards[code] = available }
        }
        return Balances(
            money: try #require(jsonInt(user["tossMoneyBalance"]), sourceLocation: sourceLocation),
            points: try #require(jsonInt(user["points"]), sourceLocation: sourceLocation),
            bank: jsonInt((user["bankAccount"] as? [String: Any])?["balance"]),
            cardAvailable: cards
        )
    }

    struct Balances: Equatable, CustomStringConvertible {
        var money: Int64
        var points: Int64
        var bank: Int64?
        var cardAvailable: [Int64: Int64]

        var description: String { "money \(money), points \(points), bank \(bank.map(String.init) ?? "none"), cards \(cardAvailable)" }
    }

    // MARK: Partner API

    func makePayment(
        orderNo: String, amount: Int, userKey: String, extra: [String: Any] = [:], apiKey: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = [
            "orderNo": orderNo, "productDesc": "테스트 상품", "amount": amount, "amountTaxFree": 0, "isTestPayment": true,
        ]
        for (key, value) in extra { body[key] = value }
        return try await post("\(partnerPath)/make-payment", body, userKey: userKey, headers: Self.auth(apiKey))
    }

    /// Makes a payment and returns its payToken.
    func madePayToken(
        amount: Int, userKey: String, extra: [String: Any] = [:], apiKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let reply = try await makePayment(orderNo: newOrderNo(), amount: amount, userKey: userKey, extra: extra, apiKey: apiKey)
        let success = try reply.requireSuccess(sourceLocation: sourceLocation)
        return try #require(success["payToken"] as? String, sourceLocation: sourceLocation)
    }

    /// `POST /sandbox/v1/checkout/authorize`.
    func authorize(
        payToken: String, userKey: String, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil,
        spreadOut: Int? = nil, points: Int? = nil
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "payMethod": payMethod]
        if let cardCompanyCode { body["cardCompanyCode"] = cardCompanyCode }
        if let spreadOut { body["spreadOut"] = spreadOut }
        if let points { body["points"] = points }
        return try await post("/sandbox/v1/checkout/authorize", body, userKey: userKey)
    }

    /// Makes and authorizes a payment; returns its payToken.
    func authorizedPayToken(
        amount: Int, userKey: String, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil,
        spreadOut: Int? = nil, points: Int? = nil, extra: [String: Any] = [:], apiKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let token = try await madePayToken(amount: amount, userKey: userKey, extra: extra, apiKey: apiKey, sourceLocation: sourceLocation)
        let reply = try await authorize(
            payToken: token, userKey: userKey, payMethod: payMethod, cardCompanyCode: cardCompanyCode,
            spreadOut: spreadOut, points: points
        )
        let success = try reply.requireSuccess(sourceLocation: sourceLocation)
        #expect(success["payStatus"] as? String == "PAY_APPROVED", sourceLocation: sourceLocation)
        return token
    }

    func execute(payToken: String, userKey: String, apiKey: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        var all = Self.auth(apiKey)
        for field in headers { all.append(field) }
        return try await post("\(partnerPath)/execute-payment", ["payToken": payToken, "isTestPayment": true], userKey: userKey, headers: all)
    }

    /// Makes, authorizes and executes a payment; returns execute's success.
    @discardableResult
    func paid(
        amount: Int, userKey: String, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil, points: Int? = nil,
        extra: [String: Any] = [:], apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (token: String, executed: [String: Any]) {
        let token = try await authorizedPayToken(
            amount: amount, userKey: userKey, payMethod: payMethod, cardCompanyCode: cardCompanyCode, points: points,
            extra: extra, apiKey: apiKey, sourceLocation: sourceLocation
        )
        let executed = try await execute(payToken: token, userKey: userKey, apiKey: apiKey).requireSuccess(sourceLocation: sourceLocation)
        return (token, executed)
    }

    func refund(payToken: String, userKey: String, amount: Int? = nil, apiKey: String? = nil) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "reason": "고객 요청", "isTestPayment": true]
        if let amount { body["amount"] = amount }
        return try await post("\(partnerPath)/refund-payment", body, userKey: userKey, headers: Self.auth(apiKey))
    }

    func status(payToken: String, userKey: String, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        try await post(
            "\(partnerPath)/get-payment-status", ["payToken": payToken, "isTestPayment": true], userKey: userKey,
            headers: Self.auth(apiKey)
        ).requireSuccess(sourceLocation: sourceLocation)
    }

    /// The payment's `payStatus`.
    func payStatus(payToken: String, userKey: String, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let success = try await status(payToken: payToken, userKey: userKey, apiKey: apiKey, sourceLocation: sourceLocation)
        return try #require(success["payStatus"] as? String, sourceLocation: sourceLocation)
    }

    // MARK: Sandbox world

    /// A new merchant's id and test key.
    func createMerchant(name: String = "테스트 가맹점", sourceLocation: SourceLocation = #_sourceLocation) async throws -> (id: String, testKey: String) {
        let success = try await post("/sandbox/v1/merchants", ["name": name]).requireSuccess(sourceLocation: sourceLocation)
        return (
            try #require(success["merchantId"] as? String, sourceLocation: sourceLocation),
            try #require(success["testApiKey"] as? String, sourceLocation: sourceLocation)
        )
    }

    /// `POST /sandbox/v1/merchants/{id}/promotions`.
    func createPromotion(merchantId: String, _ body: [String: Any]) async throws -> Reply {
        try await post("/sandbox/v1/merchants/\(merchantId)/promotions", body)
    }

    /// `GET /sandbox/v1/clock`'s success.
    func clock(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        try await get("/sandbox/v1/clock").requireSuccess(sourceLocation: sourceLocation)
    }

    func advanceClock(seconds: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await post("/sandbox/v1/clock/advance", ["seconds": seconds]).requireSuccess(sourceLocation: sourceLocation)
    }

    /// `PUT /sandbox/v1/bank-maintenance`.
    func setBankMaintenance(_ windows: [Any]) async throws -> Reply {
        try await send(.put, "/sandbox/v1/bank-maintenance", json: ["windows": windows])
    }

    /// `POST /sandbox/v1/settlements/run` → how many were settled.
    func runSettlement(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int64 {
        let success = try await post("/sandbox/v1/settlements/run", [:]).requireSuccess(sourceLocation: sourceLocation)
        return try #require(jsonInt(success["settled"]), sourceLocation: sourceLocation)
    }
}

import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import TossPayServer
import TossPayStorage

/// The partner API's base path.
let partnerPath = "/api-partner/v1/apps-in-toss/pay"

/// The public test key, in the guide's spelling.
let publicTestKey = "sk_test_w5INQyINqa5INQe013Nq"
/// The public test key, in the official site's spelling.
let publicTestKeyAltSpelling = "sk_test_w5lNQylNqa5lNQe013Nq"

/// An error a helper throws when the server's answer cannot be used to continue a test.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs `body` against a real server: a fresh SQLite file in a temporary directory, the
/// routes of ``buildParts(configuration:store:logger:)``, and no background services (so no
/// expiry sweep runs unless a test asks for one). The store is closed and the directory
/// removed afterwards, whether the test passes or not.
func withTestServer<Value: Sendable>(
    openMode: Bool = true,
    setup: TestingSetup = .router,
    logger customLogger: Logger? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (TestServer) async throws -> Value
) async throws -> Value {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("tosspay-server-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }

    var logger = customLogger ?? Logger(label: "tosspay-test")
    if customLogger == nil { logger.logLevel = .warning }
    let store = try await SQLitePaymentStore.open(path: directory + "/t.sqlite", logger: logger)
    do {
        var configuration = ServerConfiguration()
        configuration.openMode = openMode
        configuration.port = 0
        configuration.databasePath = directory + "/t.sqlite"
        configure(&configuration)
        let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
        let app = Application(
            router: parts.router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: logger
        )
        let ledger = parts.ledger
        let value = try await app.test(setup) { client in
            try await body(TestServer(client: client, ledger: ledger))
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

    /// A SUCCESS body, or a thrown failure that shows what came back instead.
    func requireSuccess(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        guard resultType == "SUCCESS", let success else {
            Issue.record("expected SUCCESS, got \(status.code) \(text)", sourceLocation: sourceLocation)
            throw TestFailure(description: "expected SUCCESS, got \(status.code) \(text)")
        }
        return success
    }

    /// The positions of `keys` as `"key":` in the raw text, to check the order fields are written in.
    func keyPositions(_ keys: [String]) -> [Int?] {
        keys.map { key in
            text.range(of: "\"\(key)\":").map { text.distance(from: text.startIndex, to: $0.lowerBound) }
        }
    }
}

/// Asserts that `reply` is a FAIL envelope with `status` and `code`, served as JSON, with a
/// non-empty reason that mentions `field` when given.
func expectFailure(
    _ reply: Reply, status: HTTPResponse.Status, code: String, field: String? = nil,
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
    #expect(reply.contentType?.lowercased().hasPrefix("application/json") == true,
            "Content-Type \(reply.contentType ?? "none")", sourceLocation: sourceLocation)
}

/// Whether a value JSONSerialization produced is a JSON boolean.
func isJSONBool(_ value: Any?) -> Bool {
    guard let number = value as? NSNumber else { return false }
    let type = String(cString: number.objCType)
    return type == "c" || type == "B"
}

/// Whether a value JSONSerialization produced is a JSON integer (not a boolean, not a fraction).
func isJSONInteger(_ value: Any?) -> Bool {
    guard let number = value as? NSNumber, !isJSONBool(value) else { return false }
    let type = String(cString: number.objCType)
    return type != "d" && type != "f"
}

/// A JSON integer as Int64, nil for anything else (booleans included).
func jsonInt(_ value: Any?) -> Int64? {
    guard isJSONInteger(value), let number = value as? NSNumber else { return nil }
    return number.int64Value
}

/// Whether a value is JSON `null`.
func isJSONNull(_ value: Any?) -> Bool { value is NSNull }

/// Matches `yyyy-MM-dd HH:mm:ss`.
func isKoreaTime(_ value: Any?) -> Bool {
    guard let text = value as? String else { return false }
    return text.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) != nil
}

/// Basic credentials for an API key.
func basicAuthorization(_ key: String) -> String {
    "Basic " + Data("\(key):".utf8).base64EncodedString()
}

/// A unique order number for a test.
func newOrderNo(_ prefix: String = "order") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8))"
}

/// One server under test and the calls the tests make to it.
struct TestServer: Sendable {
    let client: any TestClientProtocol
    /// The ledger behind the routes (nil when the test runs the full application).
    let ledger: PaymentLedger?

    /// The buyer most tests use.
    static let buyer = "buyer-1"

    /// Sends a raw request.
    func send(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil,
        contentType: String? = "application/json", userKey: String? = TestServer.buyer,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        try await send(method, path, bytes: body.map { Array($0.utf8) }, contentType: contentType, userKey: userKey, headers: extra)
    }

    /// Sends a raw request whose body is any bytes (not necessarily UTF-8).
    func send(
        _ method: HTTPRequest.Method, _ path: String, bytes: [UInt8]?,
        contentType: String? = "application/json", userKey: String? = TestServer.buyer,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let contentType { headers[.contentType] = contentType }
        if let userKey {
            guard let name = HTTPField.Name("x-toss-user-key") else { throw TestFailure(description: "bad header name") }
            headers[name] = userKey
        }
        let response = try await client.execute(
            uri: path, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }
        )
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    /// POSTs a JSON object.
    func post(
        _ path: String, _ object: [String: Any], userKey: String? = TestServer.buyer, headers: HTTPFields = [:]
    ) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await send(.post, path, body: String(decoding: data, as: UTF8.self), userKey: userKey, headers: headers)
    }

    /// GETs a path.
    func get(_ path: String) async throws -> Reply {
        try await send(.get, path, contentType: nil, userKey: nil)
    }

    /// Headers with Basic credentials for `apiKey`, when given.
    static func auth(_ apiKey: String?) -> HTTPFields {
        guard let apiKey else { return [:] }
        return [.authorization: basicAuthorization(apiKey)]
    }

    // MARK: Partner API

    /// A make-payment body with sensible defaults, overridden by `extra`.
    static func makeBody(orderNo: String, amount: Int = 1000, test: Bool = true, extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "orderNo": orderNo, "productDesc": "테스트 상품", "amount": amount, "amountTaxFree": 0, "isTestPayment": test,
        ]
        for (key, value) in extra { body[key] = value }
        return body
    }

    func makePayment(
        orderNo: String, amount: Int = 1000, test: Bool = true, extra: [String: Any] = [:],
        userKey: String = TestServer.buyer, apiKey: String? = nil
    ) async throws -> Reply {
        try await post(
            "\(partnerPath)/make-payment", Self.makeBody(orderNo: orderNo, amount: amount, test: test, extra: extra),
            userKey: userKey, headers: Self.auth(apiKey)
        )
    }

    /// Makes a payment and returns its payToken (the test fails when it cannot).
    func madePayToken(
        orderNo: String, amount: Int = 1000, test: Bool = true, extra: [String: Any] = [:],
        userKey: String = TestServer.buyer, apiKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let reply = try await makePayment(orderNo: orderNo, amount: amount, test: test, extra: extra, userKey: userKey, apiKey: apiKey)
        let success = try reply.requireSuccess(sourceLocation: sourceLocation)
        return try #require(success["payToken"] as? String, sourceLocation: sourceLocation)
    }

    func execute(
        payToken: String, orderNo: String? = nil, test: Bool = true, userKey: String = TestServer.buyer,
        apiKey: String? = nil, extra: [String: Any] = [:]
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "isTestPayment": test]
        if let orderNo { body["orderNo"] = orderNo }
        for (key, value) in extra { body[key] = value }
        return try await post("\(partnerPath)/execute-payment", body, userKey: userKey, headers: Self.auth(apiKey))
    }

    func refund(
        payToken: String, amount: Int? = nil, refundNo: String? = nil, reason: String = "고객 요청",
        test: Bool = true, userKey: String = TestServer.buyer, apiKey: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "reason": reason, "isTestPayment": test]
        if let amount { body["amount"] = amount }
        if let refundNo { body["refundNo"] = refundNo }
        return try await post("\(partnerPath)/refund-payment", body, userKey: userKey, headers: Self.auth(apiKey))
    }

    func status(
        payToken: String? = nil, orderNo: String? = nil, test: Bool = true, userKey: String = TestServer.buyer,
        apiKey: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = ["isTestPayment": test]
        if let payToken { body["payToken"] = payToken }
        if let orderNo { body["orderNo"] = orderNo }
        return try await post("\(partnerPath)/get-payment-status", body, userKey: userKey, headers: Self.auth(apiKey))
    }

    /// The payment's status as get-payment-status reports it.
    func payStatus(payToken: String, test: Bool = true, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let success = try await status(payToken: payToken, test: test, apiKey: apiKey).requireSuccess(sourceLocation: sourceLocation)
        return try #require(success["payStatus"] as? String, sourceLocation: sourceLocation)
    }

    // MARK: Sandbox

    /// `POST /sandbox/v1/checkout/authorize`.
    func authorize(
        payToken: String, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil, spreadOut: Int? = nil,
        userKey: String = TestServer.buyer
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "payMethod": payMethod]
        if let cardCompanyCode { body["cardCompanyCode"] = cardCompanyCode }
        if let spreadOut { body["spreadOut"] = spreadOut }
        return try await post("/sandbox/v1/checkout/authorize", body, userKey: userKey)
    }

    /// Makes and authorizes a payment; returns its payToken.
    func authorizedPayToken(
        orderNo: String, amount: Int = 1000, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil,
        spreadOut: Int? = nil, test: Bool = true, extra: [String: Any] = [:], userKey: String = TestServer.buyer,
        apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let token = try await madePayToken(
            orderNo: orderNo, amount: amount, test: test, extra: extra, userKey: userKey, apiKey: apiKey,
            sourceLocation: sourceLocation
        )
        let reply = try await authorize(
            payToken: token, payMethod: payMethod, cardCompanyCode: cardCompanyCode, spreadOut: spreadOut, userKey: userKey
        )
        let success = try reply.requireSuccess(sourceLocation: sourceLocation)
        #expect(success["payStatus"] as? String == "PAY_APPROVED", sourceLocation: sourceLocation)
        return token
    }

    /// Makes, authorizes and executes a payment; returns its payToken.
    func paidPayToken(
        orderNo: String, amount: Int = 1000, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil,
        test: Bool = true, userKey: String = TestServer.buyer, apiKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let token = try await authorizedPayToken(
            orderNo: orderNo, amount: amount, payMethod: payMethod, cardCompanyCode: cardCompanyCode, test: test,
            userKey: userKey, apiKey: apiKey, sourceLocation: sourceLocation
        )
        _ = try await execute(payToken: token, test: test, userKey: userKey, apiKey: apiKey).requireSuccess(sourceLocation: sourceLocation)
        return token
    }

    func cancelCheckout(payToken: String, userKey: String = TestServer.buyer) async throws -> Reply {
        try await post("/sandbox/v1/checkout/cancel", ["payToken": payToken], userKey: userKey)
    }

    func advanceClock(seconds: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        _ = try await post("/sandbox/v1/clock/advance", ["seconds": seconds], userKey: nil).requireSuccess(sourceLocation: sourceLocation)
    }

    /// Moves the sandbox clock through the ledger, bypassing the endpoint, so that no expiry
    /// sweep runs and only reads can show an expiry.
    func advanceClockWithoutSweep(milliseconds: Int64, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let ledger = try #require(ledger, "needs the ledger of withTestServer", sourceLocation: sourceLocation)
        try await ledger.clock.advance(by: milliseconds, store: ledger.store)
    }

    /// A new merchant's id and keys.
    func createMerchant(name: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (id: String, testKey: String, liveKey: String) {
        let success = try await post("/sandbox/v1/merchants", ["name": name], userKey: nil).requireSuccess(sourceLocation: sourceLocation)
        return (
            try #require(success["merchantId"] as? String, sourceLocation: sourceLocation),
            try #require(success["testApiKey"] as? String, sourceLocation: sourceLocation),
            try #require(success["liveApiKey"] as? String, sourceLocation: sourceLocation)
        )
    }

    /// The buyer's Toss Money balance.
    func tossMoneyBalance(_ userKey: String = TestServer.buyer, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int64 {
        let success = try await get("/sandbox/v1/users/\(userKey)").requireSuccess(sourceLocation: sourceLocation)
        return try #require(jsonInt(success["tossMoneyBalance"]), sourceLocation: sourceLocation)
    }
}

/// Sends many requests at once over real loopback connections (one connection each), so the
/// server handles them concurrently rather than one after another on a pipelined connection.
func concurrentPosts(port: Int, path: String, bodies: [String], userKey: String) async throws -> [Reply] {
    let httpClient = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: bodies.count))
    )
    do {
        let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
            for body in bodies {
                group.addTask {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "x-toss-user-key", value: userKey)
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await httpClient.execute(request, timeout: .seconds(60))
                    let buffer = try await response.body.collect(upTo: 1 << 20)
                    var headers = HTTPFields()
                    if let type = response.headers.first(name: "Content-Type") { headers[.contentType] = type }
                    return Reply(status: .init(code: Int(response.status.code)), headers: headers, body: buffer)
                }
            }
            var replies: [Reply] = []
            for try await reply in group { replies.append(reply) }
            return replies
        }
        try await httpClient.shutdown()
        return replies
    } catch {
        try? await httpClient.shutdown()
        throw error
    }
}

/// A JSON object as text.
func jsonText(_ object: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}

import Testing
import TossPayCore

/// The sandbox's endpoints: the checkout window, buyers, merchants, promotions, the clock,
/// bank maintenance and settlement. They send no userKey unless the endpoint acts for a buyer.
/// Each control acts on the world of the merchant whose `apiKey` it sends (none: the open-mode
/// sandbox merchant).
extension TestServer {
    // MARK: Checkout

    /// `POST /sandbox/v1/checkout/authorize`.
    public func authorize(
        payToken: String, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil, spreadOut: Int? = nil,
        points: Int? = nil, userKey: String = TestServer.buyer, apiKey: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = ["payToken": payToken, "payMethod": payMethod]
        if let cardCompanyCode { body["cardCompanyCode"] = cardCompanyCode }
        if let spreadOut { body["spreadOut"] = spreadOut }
        if let points { body["points"] = points }
        return try await post("/sandbox/v1/checkout/authorize", body, userKey: userKey, headers: TestServer.auth(apiKey))
    }

    /// Makes and authorizes a payment; returns its payToken.
    public func authorizedPayToken(
        orderNo: String = newOrderNo(), amount: Int = 1000, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil,
        spreadOut: Int? = nil, points: Int? = nil, test: Bool = true, extra: [String: Any] = [:],
        userKey: String = TestServer.buyer, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let token = try await madePayToken(
            orderNo: orderNo, amount: amount, test: test, extra: extra, userKey: userKey, apiKey: apiKey,
            sourceLocation: sourceLocation
        )
        let reply = try await authorize(
            payToken: token, payMethod: payMethod, cardCompanyCode: cardCompanyCode, spreadOut: spreadOut, points: points,
            userKey: userKey, apiKey: apiKey
        )
        let success = try reply.requireSuccess(sourceLocation: sourceLocation)
        #expect(success["payStatus"].string == "PAY_APPROVED", sourceLocation: sourceLocation)
        return token
    }

    /// Makes, authorizes and executes a payment; returns its payToken and execute's success.
    @discardableResult
    public func paid(
        orderNo: String = newOrderNo(), amount: Int = 1000, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil,
        points: Int? = nil, test: Bool = true, extra: [String: Any] = [:], userKey: String = TestServer.buyer,
        apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (token: String, executed: JSONObject) {
        let token = try await authorizedPayToken(
            orderNo: orderNo, amount: amount, payMethod: payMethod, cardCompanyCode: cardCompanyCode, points: points,
            test: test, extra: extra, userKey: userKey, apiKey: apiKey, sourceLocation: sourceLocation
        )
        let executed = try await execute(payToken: token, test: test, userKey: userKey, apiKey: apiKey)
            .requireSuccess(sourceLocation: sourceLocation)
        return (token, executed)
    }

    /// Makes, authorizes and executes a payment; returns its payToken.
    public func paidPayToken(
        orderNo: String = newOrderNo(), amount: Int = 1000, payMethod: String = "TOSS_MONEY", cardCompanyCode: Int? = nil,
        test: Bool = true, userKey: String = TestServer.buyer, apiKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        try await paid(
            orderNo: orderNo, amount: amount, payMethod: payMethod, cardCompanyCode: cardCompanyCode, test: test,
            userKey: userKey, apiKey: apiKey, sourceLocation: sourceLocation
        ).token
    }

    /// `POST /sandbox/v1/checkout/cancel`: the buyer closes the window.
    public func cancelCheckout(payToken: String, userKey: String = TestServer.buyer, apiKey: String? = nil) async throws -> Reply {
        try await post("/sandbox/v1/checkout/cancel", ["payToken": payToken], userKey: userKey, headers: TestServer.auth(apiKey))
    }

    // MARK: Buyers

    /// `POST /sandbox/v1/users`.
    public func saveUser(_ body: [String: Any], apiKey: String? = nil) async throws -> Reply {
        try await post("/sandbox/v1/users", body, userKey: nil, headers: TestServer.auth(apiKey))
    }

    /// Creates a buyer; returns what the server answered.
    @discardableResult
    public func createUser(
        _ body: [String: Any], apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONObject {
        try await saveUser(body, apiKey: apiKey).requireSuccess(sourceLocation: sourceLocation)
    }

    /// `GET /sandbox/v1/users/{userKey}`'s success.
    public func user(_ userKey: String, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONObject {
        try await get("/sandbox/v1/users/\(userKey)", headers: TestServer.auth(apiKey)).requireSuccess(sourceLocation: sourceLocation)
    }

    /// The buyer's Toss Money balance.
    public func tossMoneyBalance(
        _ userKey: String = TestServer.buyer, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Int64 {
        let success = try await user(userKey, apiKey: apiKey, sourceLocation: sourceLocation)
        return try #require(success["tossMoneyBalance"].int64, sourceLocation: sourceLocation)
    }

    /// The balances a buyer shows: Toss Money, points, bank balance (nil without an account),
    /// and each card's `available` by company.
    public func balances(_ userKey: String, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Balances {
        let user = try await user(userKey, apiKey: apiKey, sourceLocation: sourceLocation)
        var cards: [Int64: Int64] = [:]
        for card in user["cards"].array ?? [] {
            if let code = card["cardCompanyCode"].int64, let available = card["available"].int64 { cards[code] = available }
        }
        return Balances(
            money: try #require(user["tossMoneyBalance"].int64, sourceLocation: sourceLocation),
            points: try #require(user["points"].int64, sourceLocation: sourceLocation),
            bank: user["bankAccount"]["balance"].int64,
            cardAvailable: cards
        )
    }

    /// What a buyer holds, as ``balances(_:sourceLocation:)`` reads it.
    public struct Balances: Equatable, Sendable, CustomStringConvertible {
        public var money: Int64
        public var points: Int64
        public var bank: Int64?
        public var cardAvailable: [Int64: Int64]

        public var description: String { "money \(money), points \(points), bank \(bank.map(String.init) ?? "none"), cards \(cardAvailable)" }
    }

    // MARK: Merchants and promotions

    /// A new merchant's id and keys.
    public func createMerchant(
        name: String = "테스트 가맹점", sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (id: String, testKey: String, liveKey: String) {
        let success = try await post("/sandbox/v1/merchants", ["name": name], userKey: nil).requireSuccess(sourceLocation: sourceLocation)
        return (
            try #require(success["merchantId"].string, sourceLocation: sourceLocation),
            try #require(success["testApiKey"].string, sourceLocation: sourceLocation),
            try #require(success["liveApiKey"].string, sourceLocation: sourceLocation)
        )
    }

    /// `POST /sandbox/v1/merchants/{id}/promotions` with `apiKey` (none: the open-mode sandbox merchant).
    public func createPromotion(merchantId: String, apiKey: String? = nil, _ body: [String: Any]) async throws -> Reply {
        try await post("/sandbox/v1/merchants/\(merchantId)/promotions", body, userKey: nil, headers: TestServer.auth(apiKey))
    }

    // MARK: Clock, bank maintenance, settlement

    /// `GET /sandbox/v1/clock`'s success.
    public func clock(apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONObject {
        try await get("/sandbox/v1/clock", headers: TestServer.auth(apiKey)).requireSuccess(sourceLocation: sourceLocation)
    }

    /// `POST /sandbox/v1/clock/advance`.
    public func advanceClock(seconds: Int, apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await post("/sandbox/v1/clock/advance", ["seconds": seconds], userKey: nil, headers: TestServer.auth(apiKey))
            .requireSuccess(sourceLocation: sourceLocation)
    }

    /// Moves a merchant's sandbox clock (default: the sandbox merchant's) through the ledger,
    /// bypassing the endpoint, so that no expiry sweep runs and only reads can show an expiry.
    public func advanceClockWithoutSweep(
        milliseconds: Int64, merchantId: String = "sandbox", sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let ledger = try #require(ledger, "needs the ledger of withTestServer", sourceLocation: sourceLocation)
        try await ledger.clock.advance(merchantId: merchantId, by: milliseconds, store: ledger.store)
    }

    /// `PUT /sandbox/v1/bank-maintenance` for the merchant of `apiKey` (none: the open-mode sandbox merchant).
    public func setBankMaintenance(_ windows: [Any], apiKey: String? = nil) async throws -> Reply {
        try await send(.put, "/sandbox/v1/bank-maintenance", json: ["windows": windows], userKey: nil, headers: TestServer.auth(apiKey))
    }

    /// `POST /sandbox/v1/settlements/run` → how many were settled.
    public func runSettlement(apiKey: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int64 {
        let success = try await post("/sandbox/v1/settlements/run", [:], userKey: nil, headers: TestServer.auth(apiKey))
            .requireSuccess(sourceLocation: sourceLocation)
        return try #require(success["settled"].int64, sourceLocation: sourceLocation)
    }
}

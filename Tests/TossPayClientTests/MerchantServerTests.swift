import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MerchantServer
import NIOCore
import Synchronization
import Testing
import TossPayClient
import TossPayCore
import TossPayTestSupport

/// The example merchant server (`Examples/merchant-server`) against a live tosspay: the
/// guide's `/my-api/payment/create` and `/my-api/payment/execute`, orders in SQLite.
@Suite("Example merchant server")
struct MerchantServerTests {
    /// A JSON answer of the merchant server.
    struct Answer: Sendable {
        let status: Int
        let body: String
        var json: JSONValue? { try? JSONParser().parse(body) }
        var error: String? { json["error"].string }
        var text: String { "\(status) \(body)" }
    }

    /// The merchant server's routes, over a live connection.
    struct Merchant: Sendable {
        let client: any TestClientProtocol
        let databasePath: String

        func send(_ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, raw: String? = nil, headers: HTTPFields = [:]) async throws -> Answer {
            var headers = headers
            var body: ByteBuffer?
            if let json { body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)) }
            if let raw { body = ByteBuffer(string: raw) }
            if body != nil { headers[.contentType] = "application/json" }
            let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
            return Answer(status: Int(response.status.code), body: String(buffer: response.body))
        }

        /// Creates an order; returns payToken, orderNo and amount (the test fails when it cannot).
        func create(productId: String? = nil, userKey: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (payToken: String, orderNo: String, amount: Int64) {
            var body: [String: Any] = ["userKey": userKey]
            if let productId { body["productId"] = productId }
            let answer = try await send(.post, "/my-api/payment/create", json: body)
            try #require(answer.status == 200, "create answered \(answer.text)", sourceLocation: sourceLocation)
            return (
                try #require(answer.json["payToken"].string, sourceLocation: sourceLocation),
                try #require(answer.json["orderNo"].string, sourceLocation: sourceLocation),
                try #require(answer.json["amount"].int64, sourceLocation: sourceLocation)
            )
        }

        func execute(_ payToken: String) async throws -> Answer {
            try await send(.post, "/my-api/payment/execute", json: ["payToken": payToken])
        }
    }

    /// Runs a tosspay server and the merchant server in front of it, on loopback ports.
    static func withShop(
        openMode: Bool = true, credentials: (@Sendable (LiveTossPay) async throws -> TossPayClient.Credentials)? = nil,
        _ body: @Sendable (LiveTossPay, Merchant) async throws -> Void
    ) async throws {
        try await withTossPay(openMode: openMode) { tossPay in
            let directory = try temporaryDirectory("merchant")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var configuration = MerchantServerConfiguration(
                host: "127.0.0.1", port: 0, tossPayBaseURL: tossPay.baseURL, databasePath: directory + "/merchant.sqlite",
                recovery: fastRecovery
            )
            if let credentials { configuration.credentials = try await credentials(tossPay) }
            let app = try await buildMerchantApplication(configuration: configuration, logger: quietLogger())
            try await app.test(.live) { client in
                try await body(tossPay, Merchant(client: client, databasePath: directory + "/merchant.sqlite"))
            }
        }
    }

    @Test func theGuidesFlowCreatesAuthorizesAndExecutesAnOrderOnce() async throws {
        try await Self.withShop { tossPay, shop in
            let buyer = newUserKey()
            let created = try await shop.create(productId: "cheesecake", userKey: buyer)
            #expect(created.amount == 6_800)
            #expect(FileManager.default.fileExists(atPath: shop.databasePath))

            let pending = try await shop.send(.get, "/my-api/orders/\(created.orderNo)")
            #expect(pending.status == 200)
            #expect(pending.json["status"].string == "PENDING")
            #expect(pending.json["payToken"].string == created.payToken)
            #expect(pending.json["userKey"] == nil, "the buyer's key stays on the server")

            // Toss Pay holds the payment with the server's amount and order number.
            let client = try tossPay.client()
            let status = try await client.getPaymentStatus(PaymentStatusRequest(payToken: created.payToken, orderNo: created.orderNo, mode: .test), userKey: buyer)
            #expect(status.amount == 6_800)
            #expect(status.orderNo == created.orderNo)

            // The buyer confirms in the checkout window.
            #expect(try await client.sandboxAuthorize(payToken: created.payToken, userKey: buyer, payMethod: .tossMoney) == "PAY_APPROVED")

            let paid = try await shop.execute(created.payToken)
            #expect(paid.status == 200, "\(paid.text)")
            #expect(paid.json["status"].string == "PAID")
            #expect(paid.json["orderNo"].string == created.orderNo)
            #expect(paid.json["amount"].int64 == 6_800)
            #expect(paid.json["paidAmount"].int64 == 6_800)
            #expect(paid.json["payMethod"].string == "TOSS_MONEY")
            let transactionId = try #require(paid.json["transactionId"].string)

            // Executing again answers the same paid order and charges nothing more.
            let again = try await shop.execute(created.payToken)
            #expect(again.status == 200)
            #expect(again.json["status"].string == "PAID")
            #expect(again.json["transactionId"].string == transactionId)

            let order = try await shop.send(.get, "/my-api/orders/\(created.orderNo)")
            #expect(order.json["status"].string == "PAID")
            let final = try await client.getPaymentStatus(PaymentStatusRequest(payToken: created.payToken, orderNo: created.orderNo, mode: .test), userKey: buyer)
            #expect(final.payStatus == .complete)
            #expect(final.transactions.filter { $0.stepType == "PAY" }.count == 1)
            #expect(final.payStep?.transactionId == transactionId)
            #expect(try await tossPay.tossMoneyBalance(buyer) == 1_000_000 - 6_800)
        }
    }

    @Test func createByGETTakesTheUserKeyHeaderAndTheDefaultProduct() async throws {
        try await Self.withShop { _, shop in
            let answer = try await shop.send(.get, "/my-api/payment/create", headers: [HTTPField.Name("x-toss-user-key")!: newUserKey()])
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.json["amount"].int64 == 4_500)
            #expect(answer.json["payToken"].string?.isEmpty == false)
            let orderNo = try #require(answer.json["orderNo"].string)
            #expect(orderNo.count <= 50)
            let order = try await shop.send(.get, "/my-api/orders/\(orderNo)")
            #expect(order.json["productId"].string == "americano")
        }
    }

    @Test func theAmountIsDecidedByTheServerNotTheBrowser() async throws {
        try await Self.withShop { _, shop in
            let buyer = newUserKey()
            let cheap = try await shop.send(.post, "/my-api/payment/create", json: ["productId": "americano", "amount": 10, "userKey": buyer])
            #expect(cheap.status == 400)
            #expect(cheap.error == "AMOUNT_MISMATCH")
            #expect(cheap.json["reason"].string?.isEmpty == false)
            let asListed = try await shop.send(.post, "/my-api/payment/create", json: ["productId": "americano", "amount": 4_500, "userKey": buyer])
            #expect(asListed.status == 200)
            #expect(asListed.json["amount"].int64 == 4_500)
            let asText = try await shop.send(.post, "/my-api/payment/create", json: ["productId": "americano", "amount": "4500", "userKey": buyer])
            #expect(asText.status == 400)
        }
    }

    @Test func badCreateRequestsAreRefused() async throws {
        try await Self.withShop { _, shop in
            let noUser = try await shop.send(.post, "/my-api/payment/create", json: ["productId": "americano"])
            #expect(noUser.status == 400)
            #expect(noUser.error == "USER_KEY_REQUIRED")
            let unknownProduct = try await shop.send(.post, "/my-api/payment/create", json: ["productId": "yacht", "userKey": newUserKey()])
            #expect(unknownProduct.status == 404)
            #expect(unknownProduct.error == "PRODUCT_NOT_FOUND")
            let notJSON = try await shop.send(.post, "/my-api/payment/create", raw: "{nope", headers: [HTTPField.Name("x-toss-user-key")!: newUserKey()])
            #expect(notJSON.status == 400)
            #expect(notJSON.error == "INVALID_REQUEST")
        }
    }

    @Test func executeRefusesTokensTheShopDidNotIssue() async throws {
        try await Self.withShop { tossPay, shop in
            let unknown = try await shop.execute("notARealToken123")
            #expect(unknown.status == 404)
            #expect(unknown.error == "ORDER_NOT_FOUND")
            #expect(unknown.json["reason"].string?.isEmpty == false)

            // A real, authorized payment made outside the shop is not the shop's order either.
            let client = try tossPay.client()
            let foreign = try await client.authorizedPayment()
            let refused = try await shop.execute(foreign.payToken)
            #expect(refused.status == 404)
            #expect(refused.error == "ORDER_NOT_FOUND")
            #expect(try await client.status(of: foreign).payStatus == .approved)

            let missing = try await shop.send(.post, "/my-api/payment/execute", json: [:])
            #expect(missing.status == 400)
            #expect(missing.error == "INVALID_REQUEST")
            let noOrder = try await shop.send(.get, "/my-api/orders/order-nothing")
            #expect(noOrder.status == 404)
        }
    }

    @Test func executeBeforeTheBuyerConfirmedIsRefusedAndCanBeRetried() async throws {
        try await Self.withShop { tossPay, shop in
            let buyer = newUserKey()
            let created = try await shop.create(userKey: buyer)
            let early = try await shop.execute(created.payToken)
            #expect(early.status == 409)
            #expect(early.error == "EXECUTE_PAY_NOT_APPROVED")
            #expect(try await shop.send(.get, "/my-api/orders/\(created.orderNo)").json["status"].string == "PENDING")

            let client = try tossPay.client()
            _ = try await client.sandboxAuthorize(payToken: created.payToken, userKey: buyer, payMethod: .card, cardCompanyCode: 1)
            let paid = try await shop.execute(created.payToken)
            #expect(paid.status == 200)
            #expect(paid.json["payMethod"].string == "CARD")
        }
    }

    @Test func anExecuteWhoseAnswerNeverReachedTheShopIsSettled() async throws {
        // Toss Pay charged the buyer but the shop never recorded it (its execute answer was
        // lost, say). The next execute through the shop gets PAYMENT_EXISTING_PAYMENT, the client
        // reconciles, and the order becomes PAID without a second charge.
        try await Self.withShop { tossPay, shop in
            let buyer = newUserKey()
            let created = try await shop.create(productId: "americano", userKey: buyer)
            let client = try tossPay.client()
            _ = try await client.sandboxAuthorize(payToken: created.payToken, userKey: buyer, payMethod: .tossMoney)
            let direct = try await client.executePayment(ExecutePaymentRequest(payToken: created.payToken, mode: .test), orderNo: created.orderNo, userKey: buyer)

            let paid = try await shop.execute(created.payToken)
            #expect(paid.status == 200, "\(paid.text)")
            #expect(paid.json["status"].string == "PAID")
            #expect(paid.json["transactionId"].string == direct.transactionId)
            let status = try await client.getPaymentStatus(PaymentStatusRequest(payToken: created.payToken, orderNo: created.orderNo, mode: .test), userKey: buyer)
            #expect(status.transactions.filter { $0.stepType == "PAY" }.count == 1)
            #expect(try await tossPay.tossMoneyBalance(buyer) == 1_000_000 - 4_500)
        }
    }

    @Test func theShopCanUseAnAPIKey() async throws {
        let key = Mutex("")
        try await Self.withShop(openMode: false, credentials: { tossPay in
            let merchant = try await tossPay.client().createSandboxMerchant(name: "예제 가맹점")
            key.withLock { $0 = merchant.testApiKey }
            return .apiKey(merchant.testApiKey)
        }) { tossPay, shop in
            let buyer = newUserKey()
            let created = try await shop.create(userKey: buyer)
            // Without the shop's key, the payment is invisible (no open mode), to the sandbox's
            // checkout control too (SPEC §8: a control acts on the caller's merchant only).
            let anonymous = try tossPay.client()
            let error = await clientError { try await anonymous.getPaymentStatus(PaymentStatusRequest(payToken: created.payToken, orderNo: created.orderNo, mode: .test), userKey: buyer) }
            #expect(error?.code == .commonUnauthorized)
            let refused = await clientError { try await anonymous.sandboxAuthorize(payToken: created.payToken, userKey: buyer, payMethod: .tossMoney) }
            #expect(refused?.code == .commonUnauthorized)
            let owner = try tossPay.client(credentials: .apiKey(key.withLock { $0 }))
            _ = try await owner.sandboxAuthorize(payToken: created.payToken, userKey: buyer, payMethod: .tossMoney)
            let paid = try await shop.execute(created.payToken)
            #expect(paid.status == 200, "\(paid.text)")
            #expect(paid.json["status"].string == "PAID")
        }
    }

    @Test func theShopWithAWrongKeyReportsABadGateway() async throws {
        try await Self.withShop(openMode: false, credentials: { _ in .apiKey("sk_test_wrong") }) { _, shop in
            let answer = try await shop.send(.post, "/my-api/payment/create", json: ["userKey": newUserKey()])
            #expect(answer.status == 502)
            #expect(answer.error == "COMMON_INVALID_API_KEY")
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TossPayClient
import TossPayCore
import TossPayTestSupport

/// The example merchant server's Toss login: `/my-api/login` exchanges `appLogin()`'s code,
/// keeps the userKey in a server-side session behind an HttpOnly cookie, and the guide's
/// `/my-api/payment/create` and `/execute` then run with no userKey in the request.
@Suite("Example merchant server: Toss login")
struct LoginMerchantServerTests {
    /// An answer with its headers.
    struct Answer: Sendable {
        let status: Int
        let body: String
        let headers: HTTPFields
        var json: JSONValue? { try? JSONParser().parse(body) }
        var text: String { "\(status) \(body)" }
        /// The `Set-Cookie` values.
        var setCookies: [String] { headers[values: .setCookie] }
    }

    /// A browser of the mini-app: sends its session cookie, keeps the one the shop sets.
    final class Browser: @unchecked Sendable {
        let client: any TestClientProtocol
        private let lock = NSLock()
        private var session: String?

        init(client: any TestClientProtocol) {
            self.client = client
        }

        var cookie: String? { lock.withLock { session } }

        func send(_ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, headers: HTTPFields = [:]) async throws -> Answer {
            var headers = headers
            var body: ByteBuffer?
            if let json {
                body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
                headers[.contentType] = "application/json"
            }
            if let cookie { headers[.cookie] = "merchant_session=\(cookie)" }
            let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
            let answer = Answer(status: Int(response.status.code), body: String(buffer: response.body), headers: response.headers)
            for line in answer.setCookies where line.hasPrefix("merchant_session=") {
                let value = line.dropFirst("merchant_session=".count).prefix { $0 != ";" }
                lock.withLock { session = value.isEmpty ? nil : String(value) }
            }
            return answer
        }

        /// `appLogin()` in the mini-app (the sandbox's headless login), then `/my-api/login`.
        func login(person: String, tossPay: TossPayClient) async throws -> Answer {
            let authorization = try await tossPay.sandboxLoginAuthorize(person: person)
            return try await send(.post, "/my-api/login", json: [
                "authorizationCode": authorization.authorizationCode, "referrer": authorization.referrer.rawValue,
            ])
        }
    }

    /// A tosspay and the shop in front of it, and a browser of the shop.
    static func withShop(_ body: @Sendable (LiveTossPay, TossPayClient, @Sendable () -> Browser) async throws -> Void) async throws {
        try await MerchantServerTests.withShop { tossPay, shop in
            let client = try tossPay.client()
            try await body(tossPay, client, { Browser(client: shop.client) })
        }
    }

    @Test func loginThenCreateAndExecuteWithTheSessionAlone() async throws {
        try await Self.withShop { tossPay, client, newBrowser in
            let browser = newBrowser()
            let person = LoginClientTests.newPerson()
            let login = try await browser.login(person: person, tossPay: client)
            #expect(login.status == 200, "\(login.text)")
            let userKey = try #require(login.json["userKey"].int64)
            #expect((100_000_000...999_999_999).contains(userKey))
            #expect(login.json?.object?.count == 1, "only the userKey: \(login.body)")

            // The cookie: a random id, HttpOnly, SameSite=Lax, for the whole site; no userKey in it.
            let cookie = try #require(login.setCookies.first { $0.hasPrefix("merchant_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(cookie.contains("Max-Age=86400"))
            let session = try #require(browser.cookie)
            #expect(session.count >= 43)
            #expect(!session.contains(String(userKey)))

            let me = try await browser.send(.get, "/my-api/me")
            #expect(me.status == 200)
            #expect(me.json["userKey"].int64 == userKey)

            // The guide's create: a GET with no body and no userKey.
            let created = try await browser.send(.get, "/my-api/payment/create?productId=cheesecake")
            #expect(created.status == 200, "\(created.text)")
            let payToken = try #require(created.json["payToken"].string)
            let orderNo = try #require(created.json["orderNo"].string)
            #expect(created.json["amount"].int64 == 6_800)

            // The buyer is the logged-in user: Toss Pay knows the payment under that userKey.
            let buyer = String(userKey)
            let status = try await client.getPaymentStatus(PaymentStatusRequest(payToken: payToken, orderNo: orderNo, mode: .test), userKey: buyer)
            #expect(status.amount == 6_800)
            #expect(try await client.sandboxAuthorize(payToken: payToken, userKey: buyer, payMethod: .tossMoney) == "PAY_APPROVED")

            // The guide's execute: only the payToken.
            let paid = try await browser.send(.post, "/my-api/payment/execute", json: ["payToken": payToken])
            #expect(paid.status == 200, "\(paid.text)")
            #expect(paid.json["status"].string == "PAID")
            #expect(paid.json["paidAmount"].int64 == 6_800)
            #expect(try await tossPay.tossMoneyBalance(buyer) == 1_000_000 - 6_800)

            // The mini-app's refund: the whole order, once.
            let refunded = try await browser.send(.post, "/my-api/payment/refund", json: ["payToken": payToken, "reason": "고객 요청"])
            #expect(refunded.status == 200, "\(refunded.text)")
            #expect(refunded.json["status"].string == "REFUNDED")
            let again = try await browser.send(.post, "/my-api/payment/refund", json: ["payToken": payToken])
            #expect(again.status == 200, "\(again.text)")
            #expect(again.json["status"].string == "REFUNDED")
            #expect(try await tossPay.tossMoneyBalance(buyer) == 1_000_000)
            let final = try await client.getPaymentStatus(PaymentStatusRequest(payToken: payToken, orderNo: orderNo, mode: .test), userKey: buyer)
            #expect(final.transactions.map(\.stepType) == ["PAY", "REFUND"])
            let executedAgain = try await browser.send(.post, "/my-api/payment/execute", json: ["payToken": payToken])
            #expect(executedAgain.json["status"].string == "REFUNDED")

            // The same person logs in again later: the same userKey.
            let later = newBrowser()
            #expect(try await later.login(person: person, tossPay: client).json["userKey"].int64 == userKey)
        }
    }

    @Test func aSessionActsForItsOwnUserOnly() async throws {
        try await Self.withShop { _, client, newBrowser in
            let alice = newBrowser()
            let aliceKey = try #require(try await alice.login(person: LoginClientTests.newPerson(), tossPay: client).json["userKey"].int64)
            let bob = newBrowser()
            let bobKey = try #require(try await bob.login(person: LoginClientTests.newPerson(), tossPay: client).json["userKey"].int64)
            #expect(aliceKey != bobKey)

            // A userKey stated beside the session must be the session's.
            let claimed = try await alice.send(.post, "/my-api/payment/create", json: ["userKey": String(bobKey)])
            #expect(claimed.status == 403, "\(claimed.text)")
            #expect(claimed.json["error"].string == "USER_KEY_MISMATCH")
            let same = try await alice.send(.post, "/my-api/payment/create", json: ["userKey": String(aliceKey)])
            #expect(same.status == 200, "\(same.text)")

            // Bob cannot execute Alice's order, even with its payToken.
            let created = try await alice.send(.post, "/my-api/payment/create", json: [:])
            let payToken = try #require(created.json["payToken"].string)
            _ = try await client.sandboxAuthorize(payToken: payToken, userKey: String(aliceKey), payMethod: .tossMoney)
            let stolen = try await bob.send(.post, "/my-api/payment/execute", json: ["payToken": payToken])
            #expect(stolen.status == 404, "\(stolen.text)")
            #expect(stolen.json["error"].string == "ORDER_NOT_FOUND")
            let own = try await alice.send(.post, "/my-api/payment/execute", json: ["payToken": payToken])
            #expect(own.status == 200, "\(own.text)")
            // …nor refund it.
            let refundedByBob = try await bob.send(.post, "/my-api/payment/refund", json: ["payToken": payToken])
            #expect(refundedByBob.status == 404, "\(refundedByBob.text)")
            let orderNo = try #require(own.json["orderNo"].string)
            #expect(try await alice.send(.get, "/my-api/orders/\(orderNo)").json["status"].string == "PAID")
        }
    }

    @Test func badLoginsAndLogout() async throws {
        try await Self.withShop { _, client, newBrowser in
            let browser = newBrowser()
            let missing = try await browser.send(.post, "/my-api/login", json: [:])
            #expect(missing.status == 400)
            #expect(missing.json["error"].string == "INVALID_REQUEST")
            #expect(missing.setCookies.isEmpty)

            // A code works once: the second login with it is refused and sets no session.
            let authorization = try await client.sandboxLoginAuthorize(person: LoginClientTests.newPerson())
            let body: [String: Any] = ["authorizationCode": authorization.authorizationCode, "referrer": "SANDBOX"]
            let first = try await browser.send(.post, "/my-api/login", json: body)
            #expect(first.status == 200, "\(first.text)")
            let other = newBrowser()
            let reused = try await other.send(.post, "/my-api/login", json: body)
            #expect(reused.status == 401, "\(reused.text)")
            #expect(reused.json["error"].string == "LOGIN_FAILED")
            #expect(other.cookie == nil)
            let anonymous = try await other.send(.get, "/my-api/me")
            #expect(anonymous.status == 401)
            #expect(anonymous.json["error"].string == "LOGIN_REQUIRED")

            // An unknown session id is no session.
            let forged = try await other.send(.get, "/my-api/me", headers: [.cookie: "merchant_session=forged"])
            #expect(forged.status == 401)

            // Logout ends the session on the server and clears the cookie.
            let session = try #require(browser.cookie)
            let logout = try await browser.send(.post, "/my-api/logout")
            #expect(logout.status == 200)
            #expect(logout.setCookies.contains { $0.hasPrefix("merchant_session=;") && $0.contains("Max-Age=0") })
            #expect(browser.cookie == nil)
            let replayed = try await other.send(.get, "/my-api/me", headers: [.cookie: "merchant_session=\(session)"])
            #expect(replayed.status == 401)
            let noUser = try await browser.send(.get, "/my-api/payment/create")
            #expect(noUser.status == 400)
            #expect(noUser.json["error"].string == "USER_KEY_REQUIRED")

            // Refund of an order that is not paid.
            let unpaid = try await browser.send(.get, "/my-api/payment/create", headers: [HTTPField.Name("x-toss-user-key")!: newUserKey()])
            let unpaidToken = try #require(unpaid.json["payToken"].string)
            let early = try await browser.send(.post, "/my-api/payment/refund", json: ["payToken": unpaidToken])
            #expect(early.status == 409, "\(early.text)")
            #expect(early.json["error"].string == "ORDER_NOT_REFUNDABLE")

            // Without a session the existing ways still work.
            let byHeader = try await browser.send(.get, "/my-api/payment/create", headers: [HTTPField.Name("x-toss-user-key")!: newUserKey()])
            #expect(byHeader.status == 200, "\(byHeader.text)")
        }
    }
}

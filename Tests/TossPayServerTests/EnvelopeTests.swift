import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TossPayTestSupport

/// SPEC §2: every failure, whatever the input, is the FAIL envelope served as JSON with the
/// status of its kind; `reason` says what is wrong and names the field.
@Suite("Envelope on every failure path")
struct EnvelopeTests {
    static let makePath = "\(partnerPath)/make-payment"

    @Test func malformedJSONIsAFailEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, Self.makePath, body: #"{"orderNo": "a", "amount": "#)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func trailingGarbageAfterJSONIsAFailEnvelope() async throws {
        try await withTestServer { server in
            let body = try jsonText(TestServer.makeBody(orderNo: "trailing-1")) + " x"
            let reply = try await server.send(.post, Self.makePath, body: body)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func invalidUTF8IsAFailEnvelope() async throws {
        try await withTestServer { server in
            let bytes = Array(#"{"orderNo":"a"#.utf8) + [0xFF, 0xFE] + Array(#"","productDesc":"x","amount":10,"amountTaxFree":0,"isTestPayment":true}"#.utf8)
            let reply = try await server.send(.post, Self.makePath, bytes: bytes)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func emptyBodyIsAFailEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, Self.makePath, body: nil)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func bodyThatIsAJSONArrayIsAFailEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, Self.makePath, body: #"[{"orderNo":"a"}]"#)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded"])
    func wrongContentTypeIsAFailEnvelope(contentType: String) async throws {
        try await withTestServer { server in
            let body = try jsonText(TestServer.makeBody(orderNo: "content-type-1"))
            let reply = try await server.send(.post, Self.makePath, body: body, contentType: contentType)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "Content-Type")
        }
    }

    @Test func missingContentTypeIsAFailEnvelope() async throws {
        try await withTestServer { server in
            let body = try jsonText(TestServer.makeBody(orderNo: "content-type-2"))
            let reply = try await server.send(.post, Self.makePath, body: body, contentType: nil)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "Content-Type")
        }
    }

    @Test func contentTypeWithCharsetIsAccepted() async throws {
        try await withTestServer { server in
            let body = try jsonText(TestServer.makeBody(orderNo: "content-type-3"))
            let reply = try await server.send(.post, Self.makePath, body: body, contentType: "application/json; charset=utf-8")
            _ = try reply.requireSuccess()
        }
    }

    /// A body just over 64 KiB: a valid object padded with an ignored field.
    static func oversizedBody() throws -> String {
        var body = TestServer.makeBody(orderNo: "too-big-1")
        body["padding"] = String(repeating: "a", count: 64 * 1024)
        return try jsonText(body)
    }

    @Test func bodyOver64KiBIs413WithAFailEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, Self.makePath, body: try Self.oversizedBody())
            expectFailure(reply, status: .contentTooLarge, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func bodyOver64KiBIs413WithAFailEnvelopeOverLoopback() async throws {
        try await withTestServer(setup: .live) { server in
            let reply = try await server.send(.post, Self.makePath, body: try Self.oversizedBody())
            expectFailure(reply, status: .contentTooLarge, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func bodyOfOneMebibyteIs413WithAFailEnvelopeOverLoopback() async throws {
        try await withTestServer(setup: .live) { server in
            var body = TestServer.makeBody(orderNo: "too-big-2")
            body["padding"] = String(repeating: "b", count: 1 << 20)
            let reply = try await server.send(.post, Self.makePath, body: try jsonText(body))
            expectFailure(reply, status: .contentTooLarge, code: "COMMON_INVALID_PARAMETER")
            // The server still answers on a fresh request afterwards.
            _ = try await server.makePayment(orderNo: "after-too-big").requireSuccess()
        }
    }

    @Test func bodyJustUnder64KiBIsRead() async throws {
        try await withTestServer { server in
            var body = TestServer.makeBody(orderNo: "big-but-fine-1")
            let base = try jsonText(body).utf8.count
            body["padding"] = String(repeating: "a", count: 64 * 1024 - base - #","padding":"""#.utf8.count)
            let text = try jsonText(body)
            #expect(text.utf8.count <= 64 * 1024)
            _ = try await server.send(.post, Self.makePath, body: text).requireSuccess()
        }
    }

    /// `{"x":[[…]]}` with `levels` containers in all (the outer object counts as one).
    static func nestedBody(levels: Int) -> String {
        let arrays = levels - 1
        return #"{"x":"# + String(repeating: "[", count: arrays) + String(repeating: "]", count: arrays) + "}"
    }

    @Test func jsonNested33DeepIsAFailEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, Self.makePath, body: Self.nestedBody(levels: 33))
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER")
            #expect(reply.reason?.contains("orderNo") == false, "the nesting, not a field, is refused: \(reply.text)")
        }
    }

    @Test func jsonNested32DeepIsParsed() async throws {
        try await withTestServer { server in
            // Parsed, then refused for the first missing field, which proves the depth was accepted.
            let reply = try await server.send(.post, Self.makePath, body: Self.nestedBody(levels: 32))
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "orderNo")
        }
    }

    @Test func unknownRouteIs404FailEnvelopeNotHTML() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, "\(partnerPath)/no-such-endpoint", body: "{}")
            expectFailure(reply, status: .notFound, code: "COMMON_INVALID_PARAMETER")
            #expect(!reply.text.lowercased().contains("<html"))
            let getReply = try await server.get("/no/such/page")
            expectFailure(getReply, status: .notFound, code: "COMMON_INVALID_PARAMETER")
        }
    }

    @Test func getOnAPostRouteIsAFailEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.get, Self.makePath, body: nil)
            #expect(reply.status == .methodNotAllowed || reply.status == .notFound, "status \(reply.status.code)")
            #expect(reply.resultType == "FAIL")
            #expect(reply.errorCode?.isEmpty == false)
            #expect(reply.reason?.isEmpty == false)
            #expect(reply.contentType?.hasPrefix("application/json") == true)
        }
    }

    @Test(arguments: ["make-payment", "execute-payment", "refund-payment", "get-payment-status"])
    func missingUserKeyIsRefusedNamingTheHeader(endpoint: String) async throws {
        try await withTestServer { server in
            let body: [String: Any] = TestServer.makeBody(orderNo: "no-user-key-1")
                .merging(["payToken": "abc", "reason": "환불"]) { first, _ in first }
            let reply = try await server.post("\(partnerPath)/\(endpoint)", body, userKey: nil)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "x-toss-user-key")
        }
    }

    @Test func emptyUserKeyIsRefusedNamingTheHeader() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "empty-user-key-1", userKey: "")
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "x-toss-user-key")
        }
    }

    /// One field of one endpoint, given a value of the wrong JSON type.
    struct WrongType: Sendable, CustomTestStringConvertible {
        var endpoint: String
        var field: String
        /// The wrong value as JSON text.
        var literal: String

        var testDescription: String { "\(endpoint) \(field)=\(literal)" }
    }

    static let wrongTypes: [WrongType] = [
        .init(endpoint: "make-payment", field: "orderNo", literal: "123"),
        .init(endpoint: "make-payment", field: "productDesc", literal: "true"),
        .init(endpoint: "make-payment", field: "amount", literal: #""10""#),
        .init(endpoint: "make-payment", field: "amount", literal: "10.5"),
        .init(endpoint: "make-payment", field: "amount", literal: "true"),
        .init(endpoint: "make-payment", field: "amount", literal: "1e3"),
        .init(endpoint: "make-payment", field: "amount", literal: "99999999999999999999999"),
        .init(endpoint: "make-payment", field: "amount", literal: "null"),
        .init(endpoint: "make-payment", field: "amountTaxFree", literal: #""0""#),
        .init(endpoint: "make-payment", field: "amountTaxable", literal: #""909""#),
        .init(endpoint: "make-payment", field: "amountVat", literal: "false"),
        .init(endpoint: "make-payment", field: "amountServiceFee", literal: "[0]"),
        .init(endpoint: "make-payment", field: "cashReceipt", literal: #""true""#),
        .init(endpoint: "make-payment", field: "cashReceiptTradeOption", literal: "1"),
        .init(endpoint: "make-payment", field: "installment", literal: "{}"),
        .init(endpoint: "make-payment", field: "isTestPayment", literal: #""true""#),
        .init(endpoint: "make-payment", field: "isTestPayment", literal: "1"),
        .init(endpoint: "execute-payment", field: "payToken", literal: "12345"),
        .init(endpoint: "execute-payment", field: "orderNo", literal: "12345"),
        .init(endpoint: "execute-payment", field: "isTestPayment", literal: #""false""#),
        .init(endpoint: "refund-payment", field: "payToken", literal: "[]"),
        .init(endpoint: "refund-payment", field: "reason", literal: "1"),
        .init(endpoint: "refund-payment", field: "isTestPayment", literal: "0"),
        .init(endpoint: "refund-payment", field: "amount", literal: #""500""#),
        .init(endpoint: "refund-payment", field: "refundNo", literal: "7"),
        .init(endpoint: "get-payment-status", field: "payToken", literal: "1"),
        .init(endpoint: "get-payment-status", field: "orderNo", literal: "1"),
        .init(endpoint: "get-payment-status", field: "isTestPayment", literal: "null"),
    ]

    /// A valid body for each endpoint, so that only the field under test is wrong.
    static func validBody(_ endpoint: String) -> [String: Any] {
        switch endpoint {
        case "make-payment": TestServer.makeBody(orderNo: "wrong-type-1")
        case "refund-payment": ["payToken": "abcdefghij", "reason": "고객 요청", "isTestPayment": true]
        default: ["payToken": "abcdefghij", "orderNo": "wrong-type-1", "isTestPayment": true]
        }
    }

    @Test(arguments: wrongTypes)
    func fieldOfTheWrongTypeIsRefusedNamingTheField(_ case_: WrongType) async throws {
        try await withTestServer { server in
            var body = Self.validBody(case_.endpoint)
            body[case_.field] = nil
            // Spliced in as text, so the literal reaches the server exactly as written.
            let text = #"{""# + case_.field + #"":"# + case_.literal + "," + (try jsonText(body)).dropFirst()
            let reply = try await server.send(.post, "\(partnerPath)/\(case_.endpoint)", body: text)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: case_.field)
        }
    }

    @Test func unknownFieldsAreIgnored() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "unknown-fields-1", extra: ["somethingNew": ["a": 1], "x": nil as Any? ?? NSNull()])
            _ = try reply.requireSuccess()
        }
    }

    @Test func successIsServedAsJSONWithTheSuccessEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "success-envelope-1")
            #expect(reply.status == .ok)
            #expect(reply.contentType?.hasPrefix("application/json") == true)
            #expect(reply.resultType == "SUCCESS")
            #expect(reply["error"] == nil)
            let token = try #require(reply.success?["payToken"].string)
            #expect(!token.isEmpty && token.count <= 30)
        }
    }

    @Test func sandboxRoutesUseTheSameEnvelope() async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, "/sandbox/v1/checkout/authorize", body: "not json")
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER")
            let missing = try await server.post("/sandbox/v1/checkout/authorize", ["payMethod": "CARD"])
            expectFailure(missing, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "payToken")
        }
    }
}

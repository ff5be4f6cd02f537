import Foundation
import HTTPTypes
import Testing
import TossPayTestSupport

/// SPEC §3 get-payment-status over HTTP: payToken and orderNo are both required, as in the
/// guide's table (a missing one is `COMMON_INVALID_PARAMETER` naming it, payToken first when
/// both are missing), and must name the same payment, else `TRANSACTION_NOT_FOUND`.
@Suite("get-payment-status requires both identifiers")
struct StatusRequestRuleTests {
    static let path = "\(partnerPath)/get-payment-status"

    /// A status body for `payToken` / `orderNo`; a nil one is left out, `NSNull` sends null.
    static func body(payToken: Any?, orderNo: Any?) -> [String: Any] {
        var body: [String: Any] = ["isTestPayment": true]
        if let payToken { body["payToken"] = payToken }
        if let orderNo { body["orderNo"] = orderNo }
        return body
    }

    @Test func bothIdentifiersOfOnePaymentFindIt() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "both-1")
            let status = try await server.post(Self.path, Self.body(payToken: token, orderNo: "both-1")).requireSuccess()
            #expect(status["payToken"].string == token)
            #expect(status["orderNo"].string == "both-1")
            #expect(status["payStatus"].string == "PAY_STANDBY")
        }
    }

    @Test(arguments: ["absent", "null"])
    func aPayTokenWithoutItsOrderNoIsRefusedNamingOrderNo(_ shape: String) async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "no-order-1")
            let reply = try await server.post(Self.path, Self.body(payToken: token, orderNo: shape == "null" ? NSNull() : nil))
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "orderNo")
        }
    }

    @Test(arguments: ["absent", "null"])
    func anOrderNoWithoutItsPayTokenIsRefusedNamingPayToken(_ shape: String) async throws {
        try await withTestServer { server in
            _ = try await server.madePayToken(orderNo: "no-token-1")
            let reply = try await server.post(Self.path, Self.body(payToken: shape == "null" ? NSNull() : nil, orderNo: "no-token-1"))
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "payToken")
        }
    }

    @Test func neitherIdentifierIsRefusedNamingPayTokenFirst() async throws {
        try await withTestServer { server in
            let reply = try await server.post(Self.path, Self.body(payToken: nil, orderNo: nil))
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "payToken")
        }
    }

    @Test func aPayTokenWithAnotherPaymentsOrderNoIsNotFound() async throws {
        try await withTestServer { server in
            let first = try await server.madePayToken(orderNo: "pair-1")
            let second = try await server.madePayToken(orderNo: "pair-2")
            expectFailure(try await server.status(payToken: first, orderNo: "pair-2"), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            expectFailure(try await server.status(payToken: second, orderNo: "pair-1"), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            // The mismatch answers exactly as an unknown payToken does: nothing about the other payment leaks.
            let mismatch = try await server.status(payToken: first, orderNo: "pair-2")
            let unknown = try await server.status(payToken: "Unknown0000000000000000", orderNo: "pair-2")
            #expect(mismatch.reason == unknown.reason)
        }
    }

    @Test func eachPaymentOfAReusedOrderNoIsFoundByItsOwnPayToken() async throws {
        try await withTestServer { server in
            let cancelled = try await server.madePayToken(orderNo: "reused-1")
            _ = try await server.cancelCheckout(payToken: cancelled).requireSuccess()
            let current = try await server.madePayToken(orderNo: "reused-1")
            #expect(try await server.status(payToken: cancelled, orderNo: "reused-1").requireSuccess()["payStatus"].string == "PAY_CANCEL")
            #expect(try await server.status(payToken: current, orderNo: "reused-1").requireSuccess()["payStatus"].string == "PAY_STANDBY")
        }
    }
}

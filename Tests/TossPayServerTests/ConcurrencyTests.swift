import Foundation
import HummingbirdTesting
import Testing
import TossPayTestSupport

/// SPEC §4 exactly once: many simultaneous calls for one payment, each on its own loopback
/// connection, charge or refund at most once.
@Suite("Exactly once under concurrency")
struct ConcurrencyTests {
    @Test func fiftyConcurrentExecutesChargeExactlyOnce() async throws {
        try await withTestServer(setup: .live) { server in
            let port = try #require(server.client.port)
            let balance = try await server.tossMoneyBalance()
            let token = try await server.authorizedPayToken(orderNo: "race-execute", amount: 7_000)
            let body = try jsonText(["payToken": token, "isTestPayment": true])
            let replies = try await LiveHTTP.concurrentPosts(
                port: port, path: "\(partnerPath)/execute-payment", bodies: Array(repeating: body, count: 50),
                userKey: TestServer.buyer
            )
            let successes = replies.filter { $0.resultType == "SUCCESS" }
            #expect(successes.count == 1, "exactly one SUCCESS of \(replies.count)")
            let failures = replies.filter { $0.resultType != "SUCCESS" }
            #expect(failures.count == 49)
            for failure in failures {
                #expect(failure.resultType == "FAIL", "\(failure.status.code) \(failure.text)")
                #expect(["PAYMENT_EXISTING_PAYMENT", "TRANSACTION_PENDING_ERROR"].contains(failure.errorCode ?? ""), "\(failure.text)")
                #expect(failure.status == .badRequest)
            }
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["payStatus"].string == "PAY_COMPLETE")
            let steps = try #require(status["transactions"].objects)
            #expect(steps.filter { $0["stepType"].string == "PAY" }.count == 1)
            #expect(steps.count == 1)
            #expect(try await server.tossMoneyBalance() == balance - 7_000)
        }
    }

    @Test func fiftyConcurrentMakePaymentsWithOneOrderNoCreateOne() async throws {
        try await withTestServer(setup: .live) { server in
            let port = try #require(server.client.port)
            let body = try jsonText(TestServer.makeBody(orderNo: "race-make", amount: 1_000))
            let replies = try await LiveHTTP.concurrentPosts(
                port: port, path: "\(partnerPath)/make-payment", bodies: Array(repeating: body, count: 50),
                userKey: TestServer.buyer
            )
            let successes = replies.filter { $0.resultType == "SUCCESS" }
            try #require(successes.count == 1, "exactly one SUCCESS of \(replies.count)")
            for failure in replies where failure.resultType != "SUCCESS" {
                #expect(failure.errorCode == "PAYMENT_EXISTING_PAYMENT", "\(failure.status.code) \(failure.text)")
                #expect(failure.status == .badRequest)
            }
            let token = try #require(successes[0].success?["payToken"].string)
            let status = try await server.status(payToken: token, orderNo: "race-make").requireSuccess()
            #expect(status["payToken"].string == token)
        }
    }

    @Test func twentyConcurrentFullRefundsRefundOnce() async throws {
        try await withTestServer(setup: .live) { server in
            let port = try #require(server.client.port)
            let balance = try await server.tossMoneyBalance()
            let token = try await server.paidPayToken(orderNo: "race-refund", amount: 9_000)
            let body = try jsonText(["payToken": token, "reason": "고객 요청", "isTestPayment": true])
            let replies = try await LiveHTTP.concurrentPosts(
                port: port, path: "\(partnerPath)/refund-payment", bodies: Array(repeating: body, count: 20),
                userKey: TestServer.buyer
            )
            let successes = replies.filter { $0.resultType == "SUCCESS" }
            #expect(successes.count == 1, "exactly one SUCCESS of \(replies.count)")
            for failure in replies where failure.resultType != "SUCCESS" {
                #expect(["REFUND_ALREADY_REFUNDED", "TRANSACTION_PENDING_ERROR"].contains(failure.errorCode ?? ""), "\(failure.text)")
            }
            let status = try await server.status(payToken: token).requireSuccess()
            let steps = try #require(status["transactions"].objects)
            #expect(steps.filter { $0["stepType"].string == "REFUND" }.count == 1)
            #expect(status["refundableAmount"].int64 == 0)
            #expect(try await server.tossMoneyBalance() == balance)
        }
    }

    @Test func twentyConcurrentPartialRefundsNeverRefundMoreThanWasPaid() async throws {
        try await withTestServer(setup: .live) { server in
            let port = try #require(server.client.port)
            let balance = try await server.tossMoneyBalance()
            let token = try await server.paidPayToken(orderNo: "race-partial", amount: 10_000)
            let bodies = try (0..<20).map { index in
                try jsonText(["payToken": token, "reason": "부분 환불", "isTestPayment": true, "amount": 1_000, "refundNo": "part-\(index)"])
            }
            let replies = try await LiveHTTP.concurrentPosts(port: port, path: "\(partnerPath)/refund-payment", bodies: bodies, userKey: TestServer.buyer)
            let successes = replies.filter { $0.resultType == "SUCCESS" }
            #expect(successes.count == 10, "ten refunds of 1,000 fit in 10,000")
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["refundableAmount"].int64 == 0)
            let refunds = try #require(status["transactions"].objects).filter { $0["stepType"].string == "REFUND" }
            #expect(refunds.count == 10)
            #expect(refunds.compactMap { $0["transactionAmount"].int64 }.reduce(0, +) == -10_000)
            #expect(try await server.tossMoneyBalance() == balance)
        }
    }

    @Test func concurrentRepeatsOfOneRefundNoRefundOnce() async throws {
        try await withTestServer(setup: .live) { server in
            let port = try #require(server.client.port)
            let token = try await server.paidPayToken(orderNo: "race-refund-no", amount: 10_000)
            let body = try jsonText(["payToken": token, "reason": "고객 요청", "isTestPayment": true, "amount": 3_000, "refundNo": "same-1"])
            let replies = try await LiveHTTP.concurrentPosts(
                port: port, path: "\(partnerPath)/refund-payment", bodies: Array(repeating: body, count: 20),
                userKey: TestServer.buyer
            )
            let transactionIds = Set(replies.compactMap { $0.success?["transactionId"].string })
            #expect(transactionIds.count == 1, "every answered repeat is the first refund")
            for reply in replies where reply.resultType != "SUCCESS" {
                #expect(reply.errorCode == "TRANSACTION_PENDING_ERROR", "\(reply.text)")
            }
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["refundableAmount"].int64 == 7_000)
        }
    }
}

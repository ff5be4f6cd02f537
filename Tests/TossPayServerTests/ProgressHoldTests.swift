import Foundation
import HTTPTypes
import Testing
import TossPayCore
@testable import TossPayServer
@testable import TossPayStorage
import TossPayTestSupport

/// SPEC §11, progress states on demand: `x-tosspay-test-progress-ms: N` on execute or refund
/// commits PAY_PROGRESS / REFUND_PROGRESS, waits N ms, then completes — money moves only then.
/// Meanwhile status shows the progress state and another execute or refund is
/// `TRANSACTION_PENDING_ERROR`. An abandoned hold returns after deadline + 5 s.
@Suite("Progress holds")
struct ProgressHoldTests {
    static let partner = "/api-partner/v1/apps-in-toss/pay/"
    static let header = HTTPField.Name("x-tosspay-test-progress-ms")!

    static func held(_ millis: String) -> HTTPFields { [header: millis] }

    static func status(_ server: TestServer, _ token: String, _ orderNo: String, key: String) async throws -> JSONObject {
        try await server.post(partner + "get-payment-status", ["payToken": token, "orderNo": orderNo, "isTestPayment": true], userKey: key)
            .requireSuccess()
    }

    /// Polls status until `status` shows (bounded); records an issue otherwise.
    static func waitFor(_ expected: String, _ server: TestServer, _ token: String, _ orderNo: String, key: String) async throws {
        for _ in 0..<500 {
            if try await status(server, token, orderNo, key: key)["payStatus"].string == expected { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("never saw \(expected)")
    }

    @Test(arguments: [("0", false), ("1", true), ("60000", true), ("60001", false), ("-1", false), ("1.5", false), ("abc", false)])
    func theHoldIsOneToSixtyThousandMillisecondsOnTestPayments(header: String, accepted: Bool) throws {
        #expect(((try? ProgressHold.requestedMillis(header, mode: .test)) != nil) == accepted)
        #expect(throws: TossPayError.self) { try ProgressHold.requestedMillis(header, mode: .live) }
        #expect(try ProgressHold.requestedMillis(nil, mode: .live) == nil)
    }

    @Test func anExecuteHeldShowsPayProgressRefusesAnotherAndMovesMoneyAtCompletion() async throws {
        try await withTestServer(setup: .live) { server in
            let key = newUserKey()
            let orderNo = newOrderNo("hold")
            let token = try await server.authorizedPayToken(orderNo: orderNo, amount: 10_000, userKey: key)
            let before = try await server.tossMoneyBalance(key)
            // On its own connection (the test client's one connection would queue the status reads behind it).
            let port = try #require(server.client.port)
            async let executed = LiveHTTP.shared.post(
                "http://127.0.0.1:\(port)" + Self.partner + "execute-payment", userKey: key, json: ["payToken": token, "isTestPayment": true],
                headers: [("x-tosspay-test-progress-ms", "10000")]
            )
            try await Self.waitFor("PAY_PROGRESS", server, token, orderNo, key: key)
            #expect(try await server.tossMoneyBalance(key) == before, "no money moves during the hold")
            expectFailure(
                try await server.post(Self.partner + "execute-payment", ["payToken": token, "isTestPayment": true], userKey: key),
                code: "TRANSACTION_PENDING_ERROR"
            )
            let answer = try await executed
            let success = try answer.requireSuccess()
            #expect(success["amount"].int64 == 10_000)
            #expect(try await Self.status(server, token, orderNo, key: key)["payStatus"].string == "PAY_COMPLETE")
            #expect(try await server.tossMoneyBalance(key) == before - 10_000)
            let report = try await LedgerVerifier(store: try #require(server.ledger).store).run()
            #expect(report.violations.isEmpty, "\(report.violations)")
        }
    }

    @Test func aRefundHeldShowsRefundProgressAndRefusesAnother() async throws {
        try await withTestServer(setup: .live) { server in
            let key = newUserKey()
            let orderNo = newOrderNo("hold-refund")
            let token = try await server.paidPayToken(orderNo: orderNo, amount: 10_000, userKey: key)
            let before = try await server.tossMoneyBalance(key)
            let port = try #require(server.client.port)
            async let refunded = LiveHTTP.shared.post(
                "http://127.0.0.1:\(port)" + Self.partner + "refund-payment", userKey: key,
                json: ["payToken": token, "reason": "보류", "amount": 4_000, "isTestPayment": true], headers: [("x-tosspay-test-progress-ms", "10000")]
            )
            try await Self.waitFor("REFUND_PROGRESS", server, token, orderNo, key: key)
            #expect(try await server.tossMoneyBalance(key) == before)
            expectFailure(
                try await server.post(Self.partner + "refund-payment", ["payToken": token, "reason": "둘째", "isTestPayment": true], userKey: key),
                code: "TRANSACTION_PENDING_ERROR"
            )
            try await refunded.requireSuccess()
            let status = try await Self.status(server, token, orderNo, key: key)
            #expect(status["payStatus"].string == "REFUND_SUCCESS")
            #expect(status["refundableAmount"].int64 == 6_000)
            #expect(try await server.tossMoneyBalance(key) == before + 4_000)
        }
    }

    @Test func aRefusedCompletionReturnsThePaymentAndMovesNothing() async throws {
        try await withTestServer(setup: .live) { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 100, "bankAccount": NSNull()])
            let orderNo = newOrderNo("hold-poor")
            let token = try await server.authorizedPayToken(orderNo: orderNo, amount: 5_000, userKey: key)
            let reply = try await server.post(
                Self.partner + "execute-payment", ["payToken": token, "isTestPayment": true], userKey: key, headers: Self.held("50")
            )
            expectFailure(reply, code: "AUTO_CHARGE_NOT_YET_REGISTER_ACCOUNT")
            #expect(try await Self.status(server, token, orderNo, key: key)["payStatus"].string == "PAY_APPROVED")
            #expect(try await server.tossMoneyBalance(key) == 100)
        }
    }

    @Test func badHoldsAreRefusedAndChangeNothing() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let orderNo = newOrderNo("hold-bad")
            let token = try await server.authorizedPayToken(orderNo: orderNo, amount: 1_000, userKey: key)
            for value in ["0", "60001", "x"] {
                let reply = try await server.post(
                    Self.partner + "execute-payment", ["payToken": token, "isTestPayment": true], userKey: key, headers: Self.held(value)
                )
                expectFailure(reply, code: "COMMON_INVALID_PARAMETER", field: "x-tosspay-test-progress-ms")
            }
            #expect(try await Self.status(server, token, orderNo, key: key)["payStatus"].string == "PAY_APPROVED")
            // One millisecond is a hold like any other.
            try await server.post(Self.partner + "execute-payment", ["payToken": token, "isTestPayment": true], userKey: key, headers: Self.held("1"))
                .requireSuccess()
        }
    }

    @Test func anAbandonedHoldReturnsAfterItsDeadlinePlusFiveSeconds() async throws {
        try await withTestServer { server in
            let ledger = try #require(server.ledger)
            let key = newUserKey()
            let orderNo = newOrderNo("abandoned")
            let token = try await server.authorizedPayToken(orderNo: orderNo, amount: 2_000, userKey: key)
            // A hold whose completion never comes: the instance that made it "died".
            let deadline: Int64 = 1_000_000
            try await ledger.store.write { transaction in
                let begun = try PaymentOperations.beginExecuteHold(
                    ExecutePaymentRequest(payToken: token, mode: .test), merchantId: "sandbox", userKey: key,
                    payment: try await transaction.payment(token: token), holdId: "h1", deadline: deadline, now: SandboxClock.systemMillis()
                )
                try await transaction.save(begun.effects)
            }
            #expect(try await Self.status(server, token, orderNo, key: key)["payStatus"].string == "PAY_PROGRESS")
            #expect(try await LedgerVerifier(store: ledger.store).run().violations.isEmpty, "a hold is a state verify accepts")
            #expect(try await ledger.returnAbandonedHolds(now: deadline + ProgressHold.graceMillis - 1) == 0)
            #expect(try await ledger.returnAbandonedHolds(now: deadline + ProgressHold.graceMillis) == 1)
            #expect(try await Self.status(server, token, orderNo, key: key)["payStatus"].string == "PAY_APPROVED")
            try await server.post(Self.partner + "execute-payment", ["payToken": token, "isTestPayment": true], userKey: key).requireSuccess()
            #expect(try await LedgerVerifier(store: ledger.store).run().violations.isEmpty)
        }
    }
}

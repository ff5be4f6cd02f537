import Foundation
import Testing
import TossPayClient
import TossPayTestSupport

/// Lost and ambiguous execute / refund answers, driven by the server's fault-injection headers:
/// the client settles the truth through get-payment-status, never sends the call again, and
/// the buyer is charged (or refunded) exactly once.
@Suite("Recovery")
struct RecoveryTests {
    static let drop = [("x-tosspay-test-drop-response", "1")]

    static func inject(_ code: String) -> [(String, String)] { [("x-tosspay-test-code", code)] }

    @Test func aDroppedExecuteAnswerIsRecoveredAndChargesOnce() async throws {
        try await withTossPay { server in
            let client = try server.client(recovery: .standard)
            let payment = try await client.authorizedPayment(amount: 3_000)
            let result = try await client.executePayment(
                ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey,
                headers: Self.drop
            )
            #expect(result.recovered)
            #expect(result.payToken == payment.payToken)
            #expect(result.orderNo == payment.orderNo)
            #expect(result.amount == 3_000)
            #expect(result.paidAmount == 3_000)
            #expect(result.payMethod == .tossMoney)

            let status = try await client.status(of: payment)
            #expect(status.payStatus == .complete)
            #expect(status.transactions.filter { $0.stepType == "PAY" }.count == 1)
            #expect(result.transactionId != nil && result.transactionId == status.payStep?.transactionId)
            #expect(try await server.tossMoneyBalance(payment.userKey) == 1_000_000 - 3_000)
        }
    }

    @Test(arguments: [nil, Int64(400)])
    func aDroppedRefundAnswerIsRecoveredAndRefundsOnce(amount: Int64?) async throws {
        try await withTossPay { server in
            let client = try server.client()
            let payment = try await client.authorizedPayment(amount: 1_000)
            _ = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)

            let refund = try await client.refundPayment(
                RefundPaymentRequest(payToken: payment.payToken, reason: "고객 요청", mode: .test, amount: amount),
                orderNo: payment.orderNo, userKey: payment.userKey, headers: Self.drop
            )
            let expected = amount ?? 1_000
            #expect(refund.recovered)
            #expect(refund.refundedAmount == expected)
            #expect(refund.refundableAmount == 1_000 - expected)
            #expect(refund.payToken == payment.payToken)

            let status = try await client.status(of: payment)
            #expect(status.payStatus == .refunded)
            #expect(status.transactions.filter { $0.stepType == "PAY" }.count == 1)
            #expect(status.refundSteps.count == 1)
            #expect(status.refundSteps.first?.transactionAmount == -expected)
            #expect(refund.transactionId == status.refundSteps.first?.transactionId)
            #expect(try await server.tossMoneyBalance(payment.userKey) == 1_000_000 - 1_000 + expected)
        }
    }

    @Test(arguments: ["TRANSACTION_PENDING_ERROR", "PAYMENT_EXISTING_PAYMENT"])
    func anAmbiguousAnswerForAnExecutedPaymentIsRecovered(code: String) async throws {
        try await withTossPay { server in
            let client = try server.client()
            let payment = try await client.authorizedPayment()
            let first = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            #expect(first.recovered == false)

            let again = try await client.executePayment(
                ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey, headers: Self.inject(code)
            )
            #expect(again.recovered)
            #expect(again.transactionId == first.transactionId)
            #expect(again.amount == first.amount)
            #expect(again.paidAmount == first.paidAmount)
            let status = try await client.status(of: payment)
            #expect(status.transactions.filter { $0.stepType == "PAY" }.count == 1)
            #expect(try await server.tossMoneyBalance(payment.userKey) == 1_000_000 - 1_000)
        }
    }

    @Test func aRealSecondExecuteIsRecoveredNotCharged() async throws {
        // No header: the server itself answers PAYMENT_EXISTING_PAYMENT to the second execute.
        try await withTossPay { server in
            let client = try server.client()
            let payment = try await client.authorizedPayment()
            let first = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            let second = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            #expect(second.recovered)
            #expect(second.transactionId == first.transactionId)
            #expect(try await client.status(of: payment).transactions.filter { $0.stepType == "PAY" }.count == 1)
        }
    }

    @Test(arguments: ["TRANSACTION_PENDING_ERROR", "PAYMENT_EXISTING_PAYMENT"])
    func anAmbiguousAnswerForAnUnexecutedPaymentThrowsWithTheReconciledStatus(code: String) async throws {
        try await withTossPay { server in
            let client = try server.client()
            let payment = try await client.authorizedPayment()
            let error = await clientError {
                try await client.executePayment(
                    ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey, headers: Self.inject(code)
                )
            }
            #expect(error?.kind == .api)
            #expect(error?.code == ErrorCode(rawValue: code))
            #expect(error?.reconciledStatus == .approved)
            let status = try await client.status(of: payment)
            #expect(status.payStatus == .approved)
            #expect(status.transactions.isEmpty)
            #expect(try await server.tossMoneyBalance(payment.userKey) == 1_000_000)

            // PAY_APPROVED means nothing was charged: a new execute is safe and charges once.
            let retry = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            #expect(retry.recovered == false)
            #expect(try await client.status(of: payment).transactions.filter { $0.stepType == "PAY" }.count == 1)
            #expect(try await server.tossMoneyBalance(payment.userKey) == 1_000_000 - 1_000)
        }
    }

    @Test func aDefiniteFailureIsThrownWithoutReconciling() async throws {
        try await withTossPay { server in
            let transport = RecordingTransport(baseURL: server.baseURL)
            let client = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none, recovery: fastRecovery), transport: transport)
            let payment = try await client.authorizedPayment()
            let error = await clientError {
                try await client.executePayment(
                    ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey,
                    headers: Self.inject("COMMON_NOT_ENOUGH_CASH")
                )
            }
            #expect(error?.code == .commonNotEnoughCash)
            #expect(error?.httpStatus == 400)
            #expect(error?.reconciledStatus == nil)
            #expect(transport.count("get-payment-status") == 0)
            #expect(transport.count("execute-payment") == 1)
            #expect(try await client.status(of: payment).payStatus == .approved)
        }
    }

    @Test func aLostExecuteAnswerInTheTransportIsRecoveredWithoutResending() async throws {
        try await withTossPay { server in
            let transport = RecordingTransport(baseURL: server.baseURL, loseAnswers: ["execute-payment"])
            let client = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none, recovery: fastRecovery), transport: transport)
            let payment = try await client.authorizedPayment(amount: 5_000)
            let result = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            #expect(result.recovered)
            #expect(result.amount == 5_000)
            #expect(transport.count("execute-payment") == 1)
            #expect(transport.count("get-payment-status") >= 1)
            let status = try await client.status(of: payment)
            #expect(status.transactions.filter { $0.stepType == "PAY" }.count == 1)
            #expect(result.transactionId == status.payStep?.transactionId)
        }
    }

    @Test func aLostRefundAnswerInTheTransportIsRecoveredWithoutResending() async throws {
        try await withTossPay { server in
            let transport = RecordingTransport(baseURL: server.baseURL, loseAnswers: ["refund-payment"])
            let client = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none, recovery: fastRecovery), transport: transport)
            let payment = try await client.authorizedPayment(amount: 5_000)
            _ = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            // A refund before this one must not be mistaken for the lost one.
            let transportWithoutLoss = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none), transport: RecordingTransport(baseURL: server.baseURL))
            _ = try await transportWithoutLoss.refundPayment(
                RefundPaymentRequest(payToken: payment.payToken, reason: "부분 환불", mode: .test, amount: 1_000), orderNo: payment.orderNo, userKey: payment.userKey
            )
            let refund = try await client.refundPayment(
                RefundPaymentRequest(payToken: payment.payToken, reason: "고객 요청", mode: .test, amount: 1_500), orderNo: payment.orderNo, userKey: payment.userKey
            )
            #expect(refund.recovered)
            #expect(refund.refundedAmount == 1_500)
            #expect(refund.refundableAmount == 2_500)
            #expect(transport.count("refund-payment") == 1)
            #expect(try await client.status(of: payment).refundSteps.map(\.transactionAmount) == [-1_000, -1_500])
        }
    }

    // MARK: The orderNo recovery reads status with (get-payment-status requires it)

    @Test func anExecuteWithAnotherPaymentsOrderNoIsRefusedAndChargesNothing() async throws {
        // The orderNo goes with the execute, so a wrong one is refused before money moves,
        // not discovered later when a lost answer cannot be recovered.
        try await withTossPay { server in
            let transport = RecordingTransport(baseURL: server.baseURL)
            let client = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none, recovery: fastRecovery), transport: transport)
            let payment = try await client.authorizedPayment()
            let other = try await client.authorizedPayment()
            let error = await clientError {
                try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: other.orderNo, userKey: payment.userKey)
            }
            #expect(error?.kind == .api)
            #expect(error?.code == .commonInvalidParameter)
            #expect(error?.reason.contains("orderNo") == true)
            #expect(error?.reconciledStatus == nil)
            #expect(transport.count("get-payment-status") == 0)
            #expect(try await client.status(of: payment).payStatus == .approved)
            #expect(try await server.tossMoneyBalance(payment.userKey) == 1_000_000)
        }
    }

    @Test func aRefundWithAnotherPaymentsOrderNoIsRefusedBeforeItIsSent() async throws {
        try await withTossPay { server in
            let transport = RecordingTransport(baseURL: server.baseURL)
            let client = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none, recovery: fastRecovery), transport: transport)
            let payment = try await client.authorizedPayment()
            let other = try await client.authorizedPayment()
            _ = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            let error = await clientError {
                try await client.refundPayment(
                    RefundPaymentRequest(payToken: payment.payToken, reason: "고객 요청", mode: .test), orderNo: other.orderNo, userKey: payment.userKey
                )
            }
            #expect(error?.kind == .api)
            #expect(error?.code == .transactionNotFound)
            #expect(transport.count("refund-payment") == 0, "nothing refunded without a way to recover a lost answer")
            #expect(try await client.status(of: payment).payStatus == .complete)
        }
    }

    @Test func statusWithAPayTokenAndAnotherPaymentsOrderNoIsNotFound() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let payment = try await client.authorizedPayment()
            let other = try await client.authorizedPayment()
            let error = await clientError {
                try await client.getPaymentStatus(PaymentStatusRequest(payToken: payment.payToken, orderNo: other.orderNo, mode: .test), userKey: payment.userKey)
            }
            #expect(error?.kind == .api)
            #expect(error?.code == .transactionNotFound)
            #expect(error?.httpStatus == 404)
        }
    }

    @Test func withRecoveryDisabledALostAnswerIsThrownAsATransportError() async throws {
        try await withTossPay { server in
            let client = try server.client(recovery: .disabled)
            let payment = try await client.authorizedPayment()
            let error = await clientError {
                try await client.executePayment(
                    ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey, headers: Self.drop
                )
            }
            #expect(error?.kind == .transport)
            #expect(error?.reconciledStatus == nil)
            // The server committed before dropping: the caller must reconcile itself.
            let status = try await client.status(of: payment)
            #expect(status.payStatus == .complete)
            #expect(status.transactions.filter { $0.stepType == "PAY" }.count == 1)
        }
    }

    @Test func aLostAnswerThatCannotBeReconciledIsThrownAsTheOriginalFailure() async throws {
        // execute's answer is lost and every status lookup fails too: the client gives up after
        // its bounded lookups and throws the transport failure, without a reconciled status.
        try await withTossPay { server in
            let transport = RecordingTransport(baseURL: server.baseURL, loseAnswers: ["execute-payment", "get-payment-status"])
            let client = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none, recovery: fastRecovery), transport: transport)
            let payment = try await TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none), transport: RecordingTransport(baseURL: server.baseURL))
                .authorizedPayment()
            let error = await clientError {
                try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            }
            #expect(error?.kind == .transport)
            #expect(error?.reconciledStatus == nil)
            #expect(transport.count("execute-payment") == 1)
            #expect(transport.count("get-payment-status") == fastRecovery.maximumAttempts)
        }
    }
}

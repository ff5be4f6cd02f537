import Foundation
import Testing
import TossPayClient
import TossPayTestSupport

/// The four partner calls through the client against a live server, with typed results and
/// typed errors.
@Suite("Client calls")
struct ClientCallsTests {
    @Test func createAuthorizeExecutePartialRefundAndStatusEndToEnd() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let buyer = newUserKey()
            let orderNo = newOrderNo()
            let request = try MakePaymentRequest(
                orderNo: orderNo, productDesc: "아메리카노", amount: 10_000, amountTaxFree: 0, isTestPayment: true
            )
            let payToken = try await client.makePayment(request, userKey: buyer)
            #expect(!payToken.isEmpty && payToken.count <= 30)

            let standby = try await client.getPaymentStatus(PaymentStatusRequest(payToken: payToken, orderNo: orderNo, mode: .test), userKey: buyer)
            #expect(standby.payStatus == .standby)
            #expect(standby.orderNo == orderNo)
            #expect(standby.taxSplit == TaxSplit(taxable: 9_090, taxFree: 0, vat: 910, serviceFee: 0))
            #expect(standby.transactions.isEmpty)

            let approved = try await client.sandboxAuthorize(payToken: payToken, userKey: buyer, payMethod: .card, cardCompanyCode: 4)
            #expect(approved == "PAY_APPROVED")

            let execution = try await client.executePayment(ExecutePaymentRequest(payToken: payToken, mode: .test), orderNo: orderNo, userKey: buyer)
            #expect(execution.recovered == false)
            #expect(execution.payToken == payToken)
            #expect(execution.orderNo == orderNo)
            #expect(execution.amount == 10_000)
            #expect(execution.paidAmount == execution.amount - execution.discountedAmount)
            #expect(execution.mode == .test)
            #expect(execution.payMethod == .card)
            let card = try #require(execution.card)
            #expect(card.companyCode == 4)
            #expect(card.cardNumber?.contains("******") == true)
            #expect(execution.account == nil)
            #expect(execution.transactionId?.isEmpty == false)
            #expect(execution.approvalTime?.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) != nil)

            let refund = try await client.refundPayment(
                RefundPaymentRequest(payToken: payToken, reason: "고객 요청", mode: .test, amount: 4_000), orderNo: orderNo, userKey: buyer
            )
            #expect(refund.recovered == false)
            #expect(refund.refundedAmount == 4_000)
            #expect(refund.refundableAmount == 6_000)
            #expect(refund.payToken == payToken)

            let status = try await client.getPaymentStatus(PaymentStatusRequest(payToken: payToken, orderNo: orderNo, mode: .test), userKey: buyer)
            #expect(status.payStatus == .refunded)
            #expect(status.payStatusText == "REFUND_SUCCESS")
            #expect(status.payToken == payToken)
            #expect(status.amount == 10_000)
            #expect(status.refundableAmount == 6_000)
            #expect(status.payMethod == .card)
            #expect(status.card?.companyCode == 4)
            #expect(status.transactions.map(\.stepType) == ["PAY", "REFUND"])
            #expect(status.payStep?.transactionId == execution.transactionId)
            #expect(status.refundSteps.first?.transactionAmount == -4_000)
            #expect(status.isCharged)
            try await client.shutdown()
        }
    }

    @Test func tossMoneyExecuteReportsTheAccount() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let payment = try await client.authorizedPayment(amount: 2_000)
            let execution = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            #expect(execution.payMethod == .tossMoney)
            #expect(execution.card == nil)
            let account = try #require(execution.account)
            #expect(account.bankCode == "092")
            #expect(try await server.tossMoneyBalance(payment.userKey) == 1_000_000 - execution.paidAmount)
        }
    }

    @Test func apiKeyCredentialsIdentifyTheMerchant() async throws {
        try await withTossPay(openMode: false) { server in
            let anonymous = try server.client()
            let merchant = try await anonymous.createSandboxMerchant(name: "키 가맹점")
            let keyed = try server.client(credentials: .apiKey(merchant.testApiKey))
            let buyer = newUserKey()
            let request = try MakePaymentRequest(orderNo: newOrderNo(), productDesc: "상품", amount: 1_000, amountTaxFree: 0, isTestPayment: true)
            let token = try await keyed.makePayment(request, userKey: buyer)

            // Outside open mode no credentials is COMMON_UNAUTHORIZED; a wrong key COMMON_INVALID_API_KEY.
            let query = PaymentStatusRequest(payToken: token, orderNo: request.orderNo, mode: .test)
            let unauthorized = await clientError { try await anonymous.getPaymentStatus(query, userKey: buyer) }
            #expect(unauthorized?.kind == .api)
            #expect(unauthorized?.code == .commonUnauthorized)
            #expect(unauthorized?.httpStatus == 401)
            let wrongKey = try server.client(credentials: .apiKey("sk_test_not_a_key"))
            let invalid = await clientError { try await wrongKey.makePayment(request, userKey: buyer) }
            #expect(invalid?.code == .commonInvalidApiKey)
            #expect(invalid?.httpStatus == 401)

            // Another merchant never sees this payment.
            let other = try server.client(credentials: .apiKey(publicTestKey))
            let foreign = await clientError { try await other.getPaymentStatus(query, userKey: buyer) }
            #expect(foreign?.code == .transactionNotFound)
            #expect(foreign?.httpStatus == 404)

            let mine = try await keyed.getPaymentStatus(query, userKey: buyer)
            #expect(mine.payStatus == .standby)
        }
    }

    // MARK: Validation before sending

    @Test func orderNoOf51CharactersIsRefusedWithoutSending() async throws {
        try await withTossPay { server in
            let transport = RecordingTransport(baseURL: server.baseURL)
            let client = TossPayClient(configuration: .init(baseURL: server.baseURL, credentials: .none), transport: transport)
            // The memberwise initialiser takes values as they are; the client checks them.
            let request = MakePaymentRequest(
                orderNo: String(repeating: "a", count: 51), productDesc: "상품", amount: 1_000,
                taxSplit: TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0), mode: .test
            )
            let error = await clientError { try await client.makePayment(request, userKey: newUserKey()) }
            #expect(error?.kind == .validation)
            #expect(error?.code == .commonInvalidParameter)
            #expect(error?.httpStatus == nil)
            #expect(error?.reason.contains("orderNo") == true)
            #expect(transport.sent.isEmpty)
        }
    }

    @Test(arguments: [
        ("productDesc", MakePaymentRequest(orderNo: "ok-1", productDesc: "따옴표\"", amount: 1_000, taxSplit: TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0), mode: .test)),
        ("amount", MakePaymentRequest(orderNo: "ok-2", productDesc: "상품", amount: 0, taxSplit: TaxSplit(taxable: 0, taxFree: 0, vat: 0, serviceFee: 0), mode: .test)),
        ("amountTaxFree", MakePaymentRequest(orderNo: "ok-3", productDesc: "상품", amount: 1_000, taxSplit: TaxSplit(taxable: 0, taxFree: 2_000, vat: 0, serviceFee: 0), mode: .test)),
    ])
    func makePaymentRulesAreCheckedBeforeSending(field: String, request: MakePaymentRequest) async throws {
        let transport = RecordingTransport(baseURL: RecordingTransport.offline)
        let client = TossPayClient(configuration: .init(baseURL: "http://127.0.0.1:9", credentials: .none, recovery: fastRecovery), transport: transport)
        let error = await clientError { try await client.makePayment(request, userKey: "buyer") }
        #expect(error?.kind == .validation)
        #expect(error?.code == .commonInvalidParameter)
        #expect(error?.reason.contains(field) == true, "reason should name \(field): \(error?.reason ?? "-")")
        #expect(transport.sent.isEmpty)
    }

    @Test func executeRefundAndStatusAreValidatedBeforeSending() async throws {
        let transport = RecordingTransport(baseURL: RecordingTransport.offline)
        let client = TossPayClient(configuration: .init(baseURL: "http://127.0.0.1:9", credentials: .none, recovery: fastRecovery), transport: transport)
        let badToken = await clientError { try await client.executePayment(ExecutePaymentRequest(payToken: "", mode: .test), orderNo: "order-1", userKey: "buyer") }
        #expect(badToken?.kind == .validation)
        #expect(badToken?.code == .commonInvalidParameter)
        let badReason = await clientError {
            try await client.refundPayment(RefundPaymentRequest(payToken: "tok123", reason: "이유<script>", mode: .test), orderNo: "order-1", userKey: "buyer")
        }
        #expect(badReason?.kind == .validation)
        #expect(badReason?.reason.contains("reason") == true)
        let badAmount = await clientError {
            try await client.refundPayment(RefundPaymentRequest(payToken: "tok123", reason: "고객 요청", mode: .test, amount: 0), orderNo: "order-1", userKey: "buyer")
        }
        #expect(badAmount?.kind == .validation)
        let badRefundNo = await clientError {
            try await client.refundPayment(
                RefundPaymentRequest(payToken: "tok123", reason: "고객 요청", mode: .test, refundNo: String(repeating: "r", count: 37)),
                orderNo: "order-1", userKey: "buyer"
            )
        }
        #expect(badRefundNo?.kind == .validation)
        // get-payment-status requires both identifiers: an empty one is refused, naming it.
        let noToken = await clientError { try await client.getPaymentStatus(PaymentStatusRequest(payToken: "", orderNo: "order-1", mode: .test), userKey: "buyer") }
        #expect(noToken?.kind == .validation)
        #expect(noToken?.code == .commonInvalidParameter)
        #expect(noToken?.reason.contains("payToken") == true)
        let noOrderNo = await clientError { try await client.getPaymentStatus(PaymentStatusRequest(payToken: "tok123", orderNo: "", mode: .test), userKey: "buyer") }
        #expect(noOrderNo?.kind == .validation)
        #expect(noOrderNo?.reason.contains("orderNo") == true)
        // execute and refund take the orderNo their recovery reads status with, checked too.
        let executeBadOrderNo = await clientError {
            try await client.executePayment(ExecutePaymentRequest(payToken: "tok123", mode: .test), orderNo: "", userKey: "buyer")
        }
        #expect(executeBadOrderNo?.kind == .validation)
        #expect(executeBadOrderNo?.reason.contains("orderNo") == true)
        let executeTwoOrderNos = await clientError {
            try await client.executePayment(ExecutePaymentRequest(payToken: "tok123", orderNo: "order-1", mode: .test), orderNo: "order-2", userKey: "buyer")
        }
        #expect(executeTwoOrderNos?.kind == .validation)
        #expect(executeTwoOrderNos?.reason.contains("orderNo") == true)
        let refundBadOrderNo = await clientError {
            try await client.refundPayment(RefundPaymentRequest(payToken: "tok123", reason: "고객 요청", mode: .test), orderNo: "주문#1", userKey: "buyer")
        }
        #expect(refundBadOrderNo?.kind == .validation)
        #expect(refundBadOrderNo?.reason.contains("orderNo") == true)
        #expect(transport.sent.isEmpty)
    }

    @Test(arguments: ["", String(repeating: "k", count: 65), "buyer\nInjected: 1"])
    func aBadUserKeyIsRefusedWithoutSending(userKey: String) async throws {
        // The server's rule for x-toss-user-key (PaymentRules.validateUserKey) applies before
        // sending, like every other rule: a validation error, not an API or transport failure
        // (a transport failure would even start reconciliation for execute and refund).
        let transport = RecordingTransport(baseURL: RecordingTransport.offline)
        let client = TossPayClient(configuration: .init(baseURL: "http://127.0.0.1:9", credentials: .none, recovery: fastRecovery), transport: transport)
        let request = try MakePaymentRequest(orderNo: newOrderNo(), productDesc: "상품", amount: 1_000, amountTaxFree: 0, isTestPayment: true)
        let make = await clientError { try await client.makePayment(request, userKey: userKey) }
        #expect(make?.kind == .validation)
        #expect(make?.code == .commonInvalidParameter)
        let execute = await clientError { try await client.executePayment(ExecutePaymentRequest(payToken: "tok123", mode: .test), orderNo: "order-1", userKey: userKey) }
        #expect(execute?.kind == .validation)
        #expect(execute?.reconciledStatus == nil)
        #expect(transport.sent.isEmpty, "sent \(transport.sent)")
    }

    // MARK: API failures

    @Test func aFailEnvelopeBecomesAnAPIErrorWithCodeReasonAndStatus() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let buyer = newUserKey()
            let orderNo = newOrderNo()
            let token = try await client.makePayment(
                try MakePaymentRequest(orderNo: orderNo, productDesc: "상품", amount: 1_000, amountTaxFree: 0, isTestPayment: true),
                userKey: buyer
            )
            let notApproved = await clientError { try await client.executePayment(ExecutePaymentRequest(payToken: token, mode: .test), orderNo: orderNo, userKey: buyer) }
            #expect(notApproved?.kind == .api)
            #expect(notApproved?.code == .executePayNotApproved)
            #expect(notApproved?.httpStatus == 400)
            #expect(notApproved?.reason.isEmpty == false)
            #expect(notApproved?.reconciledStatus == nil)

            let unknown = await clientError {
                try await client.getPaymentStatus(PaymentStatusRequest(payToken: "doesNotExist123", orderNo: orderNo, mode: .test), userKey: buyer)
            }
            #expect(unknown?.kind == .api)
            #expect(unknown?.code == .transactionNotFound)
            #expect(unknown?.httpStatus == 404)

            // A payToken is found only with its own mode.
            let live = await clientError { try await client.getPaymentStatus(PaymentStatusRequest(payToken: token, orderNo: orderNo, mode: .live), userKey: buyer) }
            #expect(live?.code == .transactionNotFound)

            let stranger = await clientError { try await client.sandboxAuthorize(payToken: token, userKey: newUserKey(), payMethod: .tossMoney) }
            #expect(stranger?.code == .payUnauthorized)
        }
    }

    @Test func anUnknownErrorCodeIsKeptAsItCame() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let payment = try await client.authorizedPayment()
            let error = await clientError {
                try await client.executePayment(
                    ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey,
                    headers: [("x-tosspay-test-code", "SOMETHING_NEW")]
                )
            }
            #expect(error?.kind == .api)
            #expect(error?.code == .unknown("SOMETHING_NEW"))
            #expect(error?.code.rawValue == "SOMETHING_NEW")
            #expect(error?.httpStatus == 400)
            #expect(error?.description.contains("SOMETHING_NEW") == true)
            // Not ambiguous: no reconciliation, and nothing changed.
            #expect(error?.reconciledStatus == nil)
            #expect(try await client.status(of: payment).payStatus == .approved)
        }
    }

    @Test func anUnreachableServerIsATransportError() async throws {
        // Port 9 (discard) on loopback: nothing listens there in a test environment.
        let client = try TossPayClient(configuration: .init(baseURL: "http://127.0.0.1:9", credentials: .none, timeout: .seconds(1)))
        let error = await clientError {
            try await client.getPaymentStatus(PaymentStatusRequest(payToken: "abc123", orderNo: "order-1", mode: .test), userKey: "buyer")
        }
        #expect(error?.kind == .transport)
        #expect(error?.httpStatus == nil)
    }
}

import Foundation
import HummingbirdTesting
import Testing
import TossPayTestSupport

/// SPEC §3 make-payment: field rules at their edges, the tax split, order-number reuse.
@Suite("make-payment rules over HTTP")
struct MakePaymentRulesTests {
    // MARK: Field rules, just inside and just outside

    @Test func orderNoOf50CharactersIsAccepted() async throws {
        try await withTestServer { server in
            let orderNo = String(repeating: "A", count: 45) + "_-:.^"
            #expect(orderNo.count == 50)
            _ = try await server.makePayment(orderNo: orderNo).requireSuccess()
        }
    }

    @Test func orderNoOf51CharactersIsRejected() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: String(repeating: "a", count: 51))
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "orderNo")
        }
    }

    @Test(arguments: ["", "주문-1", "order 1", "order/1", "order#1"])
    func orderNoOutsideTheAllowedCharactersIsRejected(orderNo: String) async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: orderNo)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "orderNo")
        }
    }

    @Test func amountOf1IsAccepted() async throws {
        try await withTestServer { server in
            _ = try await server.makePayment(orderNo: "amount-1", amount: 1).requireSuccess()
        }
    }

    @Test(arguments: [0, -1])
    func amountBelow1IsRejected(amount: Int) async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "amount-0", amount: amount)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "amount")
        }
    }

    @Test func amountAsStringIsRejected() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "amount-string", extra: ["amount": "10"])
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "amount")
        }
    }

    @Test(arguments: ["orderNo", "productDesc", "amount", "amountTaxFree", "isTestPayment"])
    func requiredFieldMissingIsRejectedNamingIt(field: String) async throws {
        try await withTestServer { server in
            var body = TestServer.makeBody(orderNo: "required-1")
            body[field] = nil
            let reply = try await server.post("\(partnerPath)/make-payment", body)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: field)
        }
    }

    @Test func amountTaxFreeEqualToAmountIsAccepted() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "tax-free-all", amount: 1000, extra: ["amountTaxFree": 1000])
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["amountTaxFree"].int64 == 1000)
            #expect(status["amountTaxable"].int64 == 0)
            #expect(status["amountVat"].int64 == 0)
        }
    }

    @Test func amountTaxFreeAboveAmountIsRejected() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "tax-free-over", amount: 1000, extra: ["amountTaxFree": 1001])
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "amountTaxFree")
        }
    }

    @Test func negativeAmountTaxFreeIsRejected() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "tax-free-neg", amount: 1000, extra: ["amountTaxFree": -1])
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "amountTaxFree")
        }
    }

    @Test(arguments: ["", "   ", "따옴표\"", "작은'따옴표", "백\\슬래시"])
    func productDescBreakingTheRulesIsRejected(productDesc: String) async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "desc-1", extra: ["productDesc": productDesc])
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "productDesc")
        }
    }

    @Test func productDescOf255CharactersIsAcceptedAnd256Rejected() async throws {
        try await withTestServer { server in
            _ = try await server.makePayment(orderNo: "desc-255", extra: ["productDesc": String(repeating: "가", count: 255)]).requireSuccess()
            let reply = try await server.makePayment(orderNo: "desc-256", extra: ["productDesc": String(repeating: "가", count: 256)])
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "productDesc")
        }
    }

    @Test(arguments: [("cashReceiptTradeOption", "FOOD"), ("installment", "MAYBE")])
    func unknownOptionValueIsRejectedNamingTheField(field: String, value: String) async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(orderNo: "option-1", extra: [field: value])
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: field)
        }
    }

    @Test func nullCashReceiptIsAccepted() async throws {
        try await withTestServer { server in
            _ = try await server.makePayment(orderNo: "cash-null", extra: ["cashReceipt": NSNull()]).requireSuccess()
        }
    }

    @Test(arguments: ["BITCOIN", "", "card"])
    func unknownEnablePayMethodsOffersBothMethods(value: String) async throws {
        try await withTestServer { server in
            let money = try await server.madePayToken(orderNo: "methods-money", extra: ["enablePayMethods": value])
            _ = try await server.authorize(payToken: money, payMethod: "TOSS_MONEY").requireSuccess()
            let card = try await server.madePayToken(orderNo: "methods-card", extra: ["enablePayMethods": value])
            _ = try await server.authorize(payToken: card, payMethod: "CARD", cardCompanyCode: 1).requireSuccess()
        }
    }

    @Test func enablePayMethodsTossMoneyRefusesCards() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "methods-money-only", extra: ["enablePayMethods": "TOSS_MONEY"])
            let reply = try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 1)
            #expect(reply.status == .badRequest)
            #expect(reply.resultType == "FAIL")
            _ = try await server.authorize(payToken: token, payMethod: "TOSS_MONEY").requireSuccess()
        }
    }

    @Test func explicitTaxPartsThatDoNotSumToAmountAreRejected() async throws {
        try await withTestServer { server in
            let reply = try await server.makePayment(
                orderNo: "parts-1", amount: 1000, extra: ["amountTaxable": 900, "amountVat": 90]
            )
            #expect(reply.errorCode == "COMMON_INVALID_PARAMETER")
            #expect(reply.status == .badRequest)
            let named = ["amountTaxable", "amountVat"].contains { reply.reason?.contains($0) == true }
            #expect(named, "reason should name a tax field: \(reply.text)")
        }
    }

    // MARK: Tax split

    @Test func amount1000IsSplitInto909TaxableAnd91Vat() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "split-1000", amount: 1000)
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["amount"].int64 == 1000)
            #expect(status["amountTaxable"].int64 == 909)
            #expect(status["amountVat"].int64 == 91)
            #expect(status["amountTaxFree"].int64 == 0)
            #expect(status["amountServiceFee"].int64 == 0)
        }
    }

    @Test func taxSplitRoundsVatUpAfterTaxFreeAndServiceFee() async throws {
        try await withTestServer { server in
            // base = 1000 − 300 − 50 = 650; vat = ceil(650 / 11) = 60; taxable = 590.
            let token = try await server.madePayToken(
                orderNo: "split-mixed", amount: 1000, extra: ["amountTaxFree": 300, "amountServiceFee": 50]
            )
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["amountTaxable"].int64 == 590)
            #expect(status["amountVat"].int64 == 60)
            #expect(status["amountTaxFree"].int64 == 300)
            #expect(status["amountServiceFee"].int64 == 50)
        }
    }

    @Test func explicitTaxPartsAreReportedAsGiven() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(
                orderNo: "split-given", amount: 1000, extra: ["amountTaxable": 800, "amountVat": 200]
            )
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["amountTaxable"].int64 == 800)
            #expect(status["amountVat"].int64 == 200)
        }
    }

    // MARK: Order-number reuse

    @Test func orderNoWithAWaitingPaymentIsPaymentExistingPayment() async throws {
        try await withTestServer { server in
            _ = try await server.madePayToken(orderNo: "reuse-standby")
            let reply = try await server.makePayment(orderNo: "reuse-standby")
            expectFailure(reply, status: .badRequest, code: "PAYMENT_EXISTING_PAYMENT")
        }
    }

    @Test func orderNoIsReusableAfterCheckoutCancel() async throws {
        try await withTestServer { server in
            let first = try await server.madePayToken(orderNo: "reuse-cancel")
            let cancelled = try await server.cancelCheckout(payToken: first).requireSuccess()
            #expect(cancelled["payStatus"].string == "PAY_CANCEL")
            let second = try await server.madePayToken(orderNo: "reuse-cancel")
            #expect(second != first)
            // Each payment of the orderNo is found by its own payToken.
            #expect(try await server.payStatus(payToken: first) == "PAY_CANCEL")
            #expect(try await server.payStatus(payToken: second) == "PAY_STANDBY")
        }
    }

    @Test func orderNoIsNotReusableAfterAuthorization() async throws {
        try await withTestServer { server in
            _ = try await server.authorizedPayToken(orderNo: "reuse-authorized")
            let reply = try await server.makePayment(orderNo: "reuse-authorized")
            expectFailure(reply, status: .badRequest, code: "PAYMENT_DUPLICATION_ORDER_NO")
        }
    }

    @Test func orderNoIsNotReusableAfterAuthorizationEvenWhenCancelledLater() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "reuse-auth-cancel")
            _ = try await server.cancelCheckout(payToken: token).requireSuccess()
            let reply = try await server.makePayment(orderNo: "reuse-auth-cancel")
            expectFailure(reply, status: .badRequest, code: "PAYMENT_DUPLICATION_ORDER_NO")
        }
    }

    @Test func orderNoIsNotReusableAfterPayment() async throws {
        try await withTestServer { server in
            _ = try await server.paidPayToken(orderNo: "reuse-paid")
            let reply = try await server.makePayment(orderNo: "reuse-paid")
            expectFailure(reply, status: .badRequest, code: "PAYMENT_DUPLICATION_ORDER_NO")
        }
    }

    @Test func orderNoIsReusableAfterTheWaitingPaymentExpired() async throws {
        try await withTestServer { server in
            let first = try await server.madePayToken(orderNo: "reuse-expired")
            try await server.advanceClock(seconds: 901)
            #expect(try await server.payStatus(payToken: first) == "PAY_CANCEL")
            let second = try await server.madePayToken(orderNo: "reuse-expired")
            #expect(second != first)
        }
    }

    @Test func orderNoIsReusableAfterExpiryEvenBeforeTheSweepWritesIt() async throws {
        try await withTestServer { server in
            _ = try await server.madePayToken(orderNo: "reuse-unswept")
            // Move the clock without the sandbox endpoint, so no sweep has written PAY_CANCEL.
            try await server.advanceClockWithoutSweep(milliseconds: 901_000)
            _ = try await server.makePayment(orderNo: "reuse-unswept").requireSuccess()
        }
    }

    @Test func cancelledOrderNoIsStillReusableWithinTwoYears() async throws {
        try await withTestServer { server in
            let first = try await server.madePayToken(orderNo: "reuse-within-2y")
            _ = try await server.cancelCheckout(payToken: first).requireSuccess()
            try await server.advanceClock(seconds: 365 * 86_400)
            _ = try await server.makePayment(orderNo: "reuse-within-2y").requireSuccess()
        }
    }

    @Test func orderNoFirstCreatedMoreThanTwoYearsAgoIsNotReusable() async throws {
        try await withTestServer { server in
            let first = try await server.madePayToken(orderNo: "reuse-after-2y")
            _ = try await server.cancelCheckout(payToken: first).requireSuccess()
            try await server.advanceClock(seconds: 2 * 366 * 86_400)
            let reply = try await server.makePayment(orderNo: "reuse-after-2y")
            expectFailure(reply, status: .badRequest, code: "PAYMENT_DUPLICATION_ORDER_NO")
        }
    }

    @Test func testAndLiveShareTheOrderNoNamespaceWhileWaiting() async throws {
        try await withTestServer { server in
            _ = try await server.madePayToken(orderNo: "shared-ns-1", test: true)
            let live = try await server.makePayment(orderNo: "shared-ns-1", test: false)
            expectFailure(live, status: .badRequest, code: "PAYMENT_EXISTING_PAYMENT")
        }
    }

    @Test func testAndLiveShareTheOrderNoNamespaceAfterAuthorization() async throws {
        try await withTestServer { server in
            _ = try await server.authorizedPayToken(orderNo: "shared-ns-2", test: false)
            let test = try await server.makePayment(orderNo: "shared-ns-2", test: true)
            expectFailure(test, status: .badRequest, code: "PAYMENT_DUPLICATION_ORDER_NO")
        }
    }

    @Test func payTokensAreUniqueAndShort() async throws {
        try await withTestServer { server in
            var tokens: Set<String> = []
            for index in 0..<20 {
                let token = try await server.madePayToken(orderNo: "token-\(index)")
                #expect(token.count <= 30)
                #expect(token.count >= 22, "≥ 128 bits of base-62 randomness needs ≥ 22 characters: \(token)")
                tokens.insert(token)
            }
            #expect(tokens.count == 20)
        }
    }
}

import NIOCore
import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import Logging
import Testing
import TossPayCore
import TossPayServer
import TossPayTestSupport

/// SPEC §3: make → checkout → execute → status → refund, the answers field for field, and
/// every refusal along the way.
@Suite("The whole payment flow")
struct PaymentFlowTests {
    /// execute-payment's `success` fields, in the guide's order.
    static let executeFields = [
        "code", "mode", "orderNo", "amount", "approvalTime", "stateMsg", "discountedAmount", "paidAmount",
        "payMethod", "payToken", "transactionId", "cardCompanyCode", "cardCompanyName", "cardAuthorizationNo",
        "spreadOut", "noInterest", "salesCheckLinkUrl", "cardMethodType", "cardNumber", "cardUserType",
        "cardNum4Print", "cardBinNumber", "cashReceiptMgtKey", "accountBankCode", "accountBankName",
        "accountNumber", "msg", "errorCode",
    ]
    static let executeCardFields = [
        "cardCompanyCode", "cardCompanyName", "cardAuthorizationNo", "spreadOut", "noInterest", "salesCheckLinkUrl",
        "cardMethodType", "cardNumber", "cardUserType", "cardNum4Print", "cardBinNumber",
    ]
    static let accountFields = ["accountBankCode", "accountBankName", "accountNumber"]

    /// refund-payment's `success` fields, in the guide's order.
    static let refundFields = [
        "refundNo", "approvalTime", "cashReceiptMgtKey", "refundableAmount", "discountedAmount", "paidAmount",
        "refundedAmount", "refundedDiscountAmount", "refundedPaidAmount", "payToken", "transactionId",
        "cardMethodType", "cardNumber", "cardUserType", "cardNum4Print", "cardBinNumber", "accountBankCode",
        "accountBankName", "accountNumber",
    ]

    /// get-payment-status's `success` fields, in the guide's order.
    static let statusFields = [
        "mode", "payToken", "orderNo", "payStatus", "payMethod", "amount", "discountedAmount", "discountAmountV2",
        "paidPointV2", "paidAmount", "refundableAmount", "amountTaxable", "amountTaxFree", "amountVat",
        "amountServiceFee", "disposableCupDeposit", "accountBankCode", "accountBankName", "accountNumber", "card",
        "transactions", "createdTs", "paidTs",
    ]
    static let statusCardFields = [
        "noInterest", "spreadOut", "cardAuthorizationNo", "cardMethodType", "cardUserType", "cardNumber",
        "cardBinNumber", "cardNum4Print", "salesCheckLinkUrl", "cardCompanyName", "cardCompanyCode",
    ]
    static let transactionFields = [
        "stepType", "transactionId", "paidAmount", "transactionAmount", "discountedAmount", "pointAmount", "regTs",
    ]

    /// Checks that `object` has exactly `fields` and, in `reply`'s raw text, in that order.
    static func expectFieldsInOrder(
        _ object: JSONObject, _ fields: [String], in reply: Reply, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(Set(object.keys) == Set(fields), "fields: \(object.keys.sorted())", sourceLocation: sourceLocation)
        let positions = reply.keyPositions(fields)
        #expect(!positions.contains(nil), "every field is written", sourceLocation: sourceLocation)
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "fields in the guide's order: \(reply.text)", sourceLocation: sourceLocation)
    }


    // MARK: Toss Money, end to end

    @Test func tossMoneyPaymentRunsFromMakeToFullRefund() async throws {
        try await withTestServer { server in
            let orderNo = "flow-money-1"
            let balanceBefore = try await server.tossMoneyBalance()
            let token = try await server.authorizedPayToken(orderNo: orderNo, amount: 10_000, payMethod: "TOSS_MONEY")

            // execute
            let executeReply = try await server.execute(payToken: token, orderNo: orderNo)
            #expect(executeReply.status == .ok)
            let executed = try executeReply.requireSuccess()
            Self.expectFieldsInOrder(executed, Self.executeFields, in: executeReply)
            #expect(executed["code"].int64 == 0)
            #expect(executed["msg"].isNull)
            #expect(executed["errorCode"].isNull)
            #expect(executed["mode"].string == "TEST")
            #expect(executed["orderNo"].string == orderNo)
            #expect(executed["amount"].int64 == 10_000)
            #expect(isKoreaTime(executed["approvalTime"]))
            #expect(executed["stateMsg"].string == "결제 완료")
            let discounted = try #require(executed["discountedAmount"].int64)
            #expect(executed["paidAmount"].int64 == 10_000 - discounted)
            #expect(executed["payMethod"].string == "TOSS_MONEY")
            #expect(executed["payToken"].string == token)
            let transactionId = try #require(executed["transactionId"].string)
            #expect(UUID(uuidString: transactionId) != nil, "transactionId is a UUID: \(transactionId)")
            for field in Self.executeCardFields {
                #expect(executed[field].isNull, "\(field) is null for Toss Money")
            }
            #expect(executed["cashReceiptMgtKey"].isNull, "no cash receipt was requested")
            #expect(executed["accountBankCode"].string == "092")
            #expect(executed["accountBankName"].string == "토스뱅크")
            #expect(isMaskedAccountNumber(executed["accountNumber"]), "masked: \(executed["accountNumber"].string ?? "nil")")
            #expect(try await server.tossMoneyBalance() == balanceBefore - 10_000)

            // status after payment
            let statusReply = try await server.status(payToken: token, orderNo: orderNo)
            let status = try statusReply.requireSuccess()
            Self.expectFieldsInOrder(status, Self.statusFields, in: statusReply)
            #expect(status["payStatus"].string == "PAY_COMPLETE")
            #expect(status["payMethod"].string == "TOSS_MONEY")
            #expect(status["refundableAmount"].int64 == 10_000)
            let statusDiscounted = try #require(status["discountedAmount"].int64)
            #expect(status["paidAmount"].int64 == 10_000 - statusDiscounted)
            #expect(status["disposableCupDeposit"].int64 == 0)
            #expect(status["card"].isNull, "no card{} for Toss Money")
            #expect(isMaskedAccountNumber(status["accountNumber"]))
            #expect(status["accountBankCode"].string == "092")
            #expect(isKoreaTime(status["createdTs"]))
            #expect(isKoreaTime(status["paidTs"]))
            #expect(status["paidTs"].string == executed["approvalTime"].string)
            let paySteps = try #require(status["transactions"].objects)
            try #require(paySteps.count == 1)
            #expect(paySteps[0]["stepType"].string == "PAY")
            #expect(paySteps[0]["transactionId"].string == transactionId)
            #expect(paySteps[0]["transactionAmount"].int64 == 10_000)

            // partial refund
            let partialReply = try await server.refund(payToken: token, amount: 3_000)
            let partial = try partialReply.requireSuccess()
            Self.expectFieldsInOrder(partial, Self.refundFields, in: partialReply)
            #expect(partial["refundedAmount"].int64 == 3_000)
            #expect(partial["refundableAmount"].int64 == 7_000)
            #expect(partial["refundedDiscountAmount"].int64 == 0)
            #expect(partial["refundedPaidAmount"].int64 == 3_000)
            #expect(isKoreaTime(partial["approvalTime"]))
            #expect(partial["payToken"].string == token)
            #expect(partial["refundNo"].string?.isEmpty == false)
            let refundTransactionId = try #require(partial["transactionId"].string)
            #expect(refundTransactionId != transactionId)
            #expect(isMaskedAccountNumber(partial["accountNumber"]))
            #expect(partial["cardNumber"].isNull)
            #expect(try await server.tossMoneyBalance() == balanceBefore - 7_000)
            let afterPartial = try await server.status(payToken: token).requireSuccess()
            #expect(afterPartial["payStatus"].string == "REFUND_SUCCESS")
            #expect(afterPartial["refundableAmount"].int64 == 7_000)

            // full refund of the rest
            let full = try await server.refund(payToken: token).requireSuccess()
            #expect(full["refundedAmount"].int64 == 7_000)
            #expect(full["refundableAmount"].int64 == 0)
            #expect(try await server.tossMoneyBalance() == balanceBefore)

            let finalReply = try await server.status(payToken: token)
            let final = try finalReply.requireSuccess()
            #expect(final["payStatus"].string == "REFUND_SUCCESS")
            #expect(final["refundableAmount"].int64 == 0)
            let steps = try #require(final["transactions"].objects)
            try #require(steps.count == 3, "PAY and two REFUNDs: \(finalReply.text)")
            #expect(steps.map { $0["stepType"].string } == ["PAY", "REFUND", "REFUND"])
            #expect(steps.map { $0["transactionAmount"].int64 } == [10_000, -3_000, -7_000])
            for step in steps {
                #expect(Set(step.keys) == Set(Self.transactionFields))
                #expect(isKoreaTime(step["regTs"]))
                #expect(step["paidAmount"].int64 != nil && step["discountedAmount"].int64 != nil && step["pointAmount"].int64 != nil)
            }
            #expect(steps[1]["paidAmount"].int64.map { $0 <= 0 } == true, "a refund's paid part is negative or zero")

            // nothing left
            let again = try await server.refund(payToken: token)
            expectFailure(again, status: .badRequest, code: "REFUND_ALREADY_REFUNDED")
        }
    }

    @Test func statusOfAWaitingPaymentHasEveryFieldWithNullsForWhatHasNotHappened() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "status-standby", amount: 5_000)
            let reply = try await server.status(payToken: token)
            let status = try reply.requireSuccess()
            Self.expectFieldsInOrder(status, Self.statusFields, in: reply)
            #expect(status["mode"].string == "TEST")
            #expect(status["orderNo"].string == "status-standby")
            #expect(status["payStatus"].string == "PAY_STANDBY")
            #expect(status["amount"].int64 == 5_000)
            #expect(status["refundableAmount"].int64 == 0)
            #expect(status["paidAmount"].int64 == 0)
            for field in ["payMethod", "accountBankCode", "accountBankName", "accountNumber", "card", "paidTs"] {
                #expect(status[field].isNull, "\(field) is null before payment")
            }
            #expect(status["transactions"].array?.isEmpty == true)
            #expect(isKoreaTime(status["createdTs"]))
            for field in ["amount", "discountedAmount", "discountAmountV2", "paidPointV2", "paidAmount", "refundableAmount",
                          "amountTaxable", "amountTaxFree", "amountVat", "amountServiceFee", "disposableCupDeposit"] {
                #expect(status[field].int64 != nil, "\(field) is an integer")
            }
        }
    }

    @Test func cashReceiptMgtKeyIsGivenForTossMoneyWhenRequested() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "cash-receipt-1", extra: ["cashReceipt": true])
            let executed = try await server.execute(payToken: token).requireSuccess()
            #expect(executed["cashReceiptMgtKey"].string?.isEmpty == false)
        }
    }

    @Test func cashReceiptMgtKeyIsNullForCards() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(
                orderNo: "cash-receipt-2", payMethod: "CARD", cardCompanyCode: 1, extra: ["cashReceipt": true]
            )
            let executed = try await server.execute(payToken: token).requireSuccess()
            #expect(executed["cashReceiptMgtKey"].isNull)
        }
    }

    // MARK: Cards

    @Test func cardPaymentAnswersCardFieldsAsStringsInExecuteAndTypedInStatus() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "flow-card-4", amount: 12_000, payMethod: "CARD", cardCompanyCode: 4)
            let reply = try await server.execute(payToken: token)
            let executed = try reply.requireSuccess()
            Self.expectFieldsInOrder(executed, Self.executeFields, in: reply)
            #expect(executed["payMethod"].string == "CARD")
            #expect(executed["cardCompanyCode"].string == "4", "a string in execute's answer")
            #expect(executed["cardCompanyName"].string == "국민")
            #expect(executed["spreadOut"].string == "0", "a string in execute's answer")
            let noInterest = try #require(executed["noInterest"].string, "a string in execute's answer")
            #expect(noInterest == "true" || noInterest == "false")
            #expect(executed["noInterest"].bool == nil)
            let cardNumber = try #require(executed["cardNumber"].string)
            #expect(isMaskedCardNumber(.string(cardNumber)), "BIN6******last4: \(cardNumber)")
            #expect(executed["cardBinNumber"].string == String(cardNumber.prefix(6)))
            #expect(executed["cardNum4Print"].string == String(cardNumber.suffix(4)))
            #expect(["CREDIT", "CHECK", "PREPAYMENT"].contains(executed["cardMethodType"].string ?? ""))
            #expect(executed["cardUserType"].string == "PERSONAL")
            #expect(executed["cardAuthorizationNo"].string?.isEmpty == false)
            let link = try #require(executed["salesCheckLinkUrl"].string)
            #expect(link.hasPrefix("http://") || link.hasPrefix("https://"))
            for field in Self.accountFields {
                #expect(executed[field].isNull, "\(field) is null for a card")
            }
            #expect(executed["code"].int64 == 0)

            let statusReply = try await server.status(payToken: token)
            let status = try statusReply.requireSuccess()
            let card = try #require(status["card"].object)
            #expect(Set(card.keys) == Set(Self.statusCardFields))
            #expect(card["cardCompanyCode"].int64 != nil && card["cardCompanyCode"].int64 == 4, "an integer in status")
            #expect(card["spreadOut"].int64 != nil && card["spreadOut"].int64 == 0, "an integer in status")
            #expect(card["noInterest"].bool != nil, "a boolean in status")
            #expect(card["cardNumber"].string == cardNumber)
            #expect(card["cardCompanyName"].string == "국민")
            for field in Self.accountFields {
                #expect(status[field].isNull, "\(field) is null for a card")
            }

            let cardUsed = try await Self.cardUsed(server, company: 4)
            #expect(cardUsed == 12_000, "the card, not Toss Money, was charged")
            #expect(try await server.tossMoneyBalance() == 1_000_000)

            let refundReply = try await server.refund(payToken: token)
            let refunded = try refundReply.requireSuccess()
            #expect(try await Self.cardUsed(server, company: 4) == 0)
            Self.expectFieldsInOrder(refunded, Self.refundFields, in: refundReply)
            #expect(refunded["cardNumber"].string == cardNumber)
            #expect(refunded["refundedAmount"].int64 == 12_000)
            #expect(refunded["refundableAmount"].int64 == 0)
        }
    }

    @Test func salesCheckLinkUrlIsAReceiptPageOnThisServer() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "sales-check-1", payMethod: "CARD", cardCompanyCode: 3)
            let executed = try await server.execute(payToken: token).requireSuccess()
            let link = try #require(executed["salesCheckLinkUrl"].string)
            let url = try #require(URL(string: link))
            #expect(url.path.contains(token) || url.query?.contains(token) == true, "the link names the payment: \(link)")
            let page = try await server.send(.get, url.path, contentType: nil, userKey: nil)
            #expect(page.status == .ok, "GET \(url.path) → \(page.status.code) \(page.text.prefix(200))")
            #expect(page.text.firstMatch(of: /\d{12,}/) == nil, "no unmasked card number on the receipt")
        }
    }

    @Test func salesCheckLinkUrlNamesThePortTheServerListensOnWhenPortIsZero() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.openMode = true
        configuration.databasePath = database.path
        // The full application (its own store, closed by its own service on shutdown).
        let app = try await buildApplication(configuration: configuration, logger: quietLogger())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let server = TestServer(client: client, ledger: nil)
            let token = try await server.authorizedPayToken(orderNo: "port-zero-1", payMethod: "CARD", cardCompanyCode: 2)
            // A real HTTP client (not the test client, which sends `Host: localhost`) names the
            // port in `Host`, as browsers and merchant servers do.
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(partnerPath)/execute-payment")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "x-toss-user-key", value: TestServer.buyer)
            request.body = .bytes(ByteBuffer(string: #"{"payToken":"\#(token)","isTestPayment":true}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            let executed = try #require(try JSONParser().parse(String(buffer: body))["success"].object)
            let link = try #require(executed["salesCheckLinkUrl"].string)
            #expect(URL(string: link)?.port == port, "a link a buyer can open: \(link), server on port \(port)")
            let page = try await HTTPClient.shared.get(url: link).get()
            #expect(page.status == .ok)
        }
    }

    /// What is used of the buyer's card of `company`.
    static func cardUsed(_ server: TestServer, company: Int) async throws -> Int64 {
        let user = try await server.get("/sandbox/v1/users/\(TestServer.buyer)").requireSuccess()
        let cards = try #require(user["cards"].objects)
        let card = try #require(cards.first { $0["cardCompanyCode"].int64 == Int64(company) })
        return try #require(card["used"].int64)
    }

    @Test func unknownUserKeyBecomesTheStandardBuyerAlwaysTheSameWay() async throws {
        let first = try await withTestServer { server in
            try await server.get("/sandbox/v1/users/new-buyer-7").text
        }
        let second = try await withTestServer { server in
            try await server.get("/sandbox/v1/users/new-buyer-7").text
        }
        #expect(first == second, "same userKey, same buyer")
        let user = try #require(try JSONParser().parse(first)["success"].object)
        #expect(user["tossMoneyBalance"].int64 == 1_000_000)
        #expect(user["status"].string == "ACTIVE")
        let account = try #require(user["bankAccount"].object)
        #expect(account["bankCode"].string == "092")
        #expect(account["balance"].int64 == 10_000_000)
        #expect(isMaskedAccountNumber(account["accountNumber"]))
        let cards = try #require(user["cards"].objects)
        #expect(Set(cards.compactMap { $0["cardCompanyCode"].int64 }) == [1, 2, 3, 4, 5, 6, 7, 8, 10])
        for card in cards {
            #expect(card["limit"].int64 == 5_000_000)
            #expect(isMaskedCardNumber(card["cardNumber"]), "masked: \(card["cardNumber"].string ?? "nil")")
        }
        #expect(first.wholeMatch(of: /.*\d{12,}.*/) == nil, "no unmasked card or account number")
    }

    @Test func installmentOf3MonthsOn50000WonIsReportedInExecuteAndStatus() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(
                orderNo: "flow-card-spread", amount: 50_000, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 3
            )
            let executed = try await server.execute(payToken: token).requireSuccess()
            #expect(executed["spreadOut"].string == "3")
            #expect(executed["cardCompanyCode"].string == "1")
            let card = try #require(try await server.status(payToken: token).requireSuccess()["card"].object)
            #expect(card["spreadOut"].int64 != nil && card["spreadOut"].int64 == 3)
        }
    }

    // MARK: Execute refusals

    @Test func executeBeforeAuthorizationIsExecutePayNotApproved() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "exec-standby")
            expectFailure(try await server.execute(payToken: token), status: .badRequest, code: "EXECUTE_PAY_NOT_APPROVED")
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY")
        }
    }

    @Test func secondExecuteIsPaymentExistingPaymentAndChargesOnce() async throws {
        try await withTestServer { server in
            let balance = try await server.tossMoneyBalance()
            let token = try await server.authorizedPayToken(orderNo: "exec-twice", amount: 5_000)
            _ = try await server.execute(payToken: token).requireSuccess()
            expectFailure(try await server.execute(payToken: token), status: .badRequest, code: "PAYMENT_EXISTING_PAYMENT")
            #expect(try await server.tossMoneyBalance() == balance - 5_000)
        }
    }

    @Test func executeAfterCheckoutCancelIsNotAbleToChangeStatus() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "exec-cancelled")
            _ = try await server.cancelCheckout(payToken: token).requireSuccess()
            expectFailure(try await server.execute(payToken: token), status: .badRequest, code: "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS")
        }
    }

    @Test func executeAfterExpiryIsNotAbleToChangeStatus() async throws {
        try await withTestServer { server in
            let balance = try await server.tossMoneyBalance()
            let token = try await server.authorizedPayToken(orderNo: "exec-expired")
            try await server.advanceClock(seconds: 901)
            expectFailure(try await server.execute(payToken: token), status: .badRequest, code: "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS")
            #expect(try await server.payStatus(payToken: token) == "PAY_CANCEL")
            #expect(try await server.tossMoneyBalance() == balance)
        }
    }

    @Test func executeByAnotherUserKeyIsPayUnauthorized() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "exec-other-user")
            expectFailure(try await server.execute(payToken: token, userKey: "someone-else"), status: .badRequest, code: "PAY_UNAUTHORIZED")
            #expect(try await server.payStatus(payToken: token) == "PAY_APPROVED")
        }
    }

    @Test func executeWithTheWrongIsTestPaymentIsTransactionNotFound() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "exec-wrong-mode")
            expectFailure(try await server.execute(payToken: token, test: false), status: .notFound, code: "TRANSACTION_NOT_FOUND")
            #expect(try await server.payStatus(payToken: token) == "PAY_APPROVED")
        }
    }

    @Test func executeWithAMismatchingOrderNoIsInvalidParameter() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "exec-order-a")
            let reply = try await server.execute(payToken: token, orderNo: "exec-order-b")
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "orderNo")
            #expect(try await server.payStatus(payToken: token) == "PAY_APPROVED")
        }
    }

    @Test func executeOfAnUnknownPayTokenIsTransactionNotFound() async throws {
        try await withTestServer { server in
            expectFailure(try await server.execute(payToken: "NoSuchToken1234567890ab"), status: .notFound, code: "TRANSACTION_NOT_FOUND")
        }
    }

    @Test func failedExecuteLeavesThePaymentApprovedAndMovesNoMoney() async throws {
        try await withTestServer { server in
            // 1,000,000 Toss Money + 10,000,000 in the bank cannot pay 20,000,000.
            let balance = try await server.tossMoneyBalance()
            let token = try await server.authorizedPayToken(orderNo: "exec-too-much", amount: 20_000_000)
            expectFailure(try await server.execute(payToken: token), status: .badRequest, code: "COMMON_NOT_ENOUGH_CASH")
            #expect(try await server.payStatus(payToken: token) == "PAY_APPROVED")
            #expect(try await server.tossMoneyBalance() == balance)
        }
    }

    // MARK: Refund rules

    @Test func repeatedRefundNoWithTheSameBodyReturnsTheFirstResult() async throws {
        try await withTestServer { server in
            let balance = try await server.tossMoneyBalance()
            let token = try await server.paidPayToken(orderNo: "refund-idem", amount: 10_000)
            let first = try await server.refund(payToken: token, amount: 2_500, refundNo: "r-1").requireSuccess()
            #expect(first["refundNo"].string == "r-1")
            let second = try await server.refund(payToken: token, amount: 2_500, refundNo: "r-1").requireSuccess()
            #expect(first == second, "identical answers:\n\(JSONWriter.string(.object(first)))\n\(JSONWriter.string(.object(second)))")
            let status = try await server.status(payToken: token).requireSuccess()
            let refunds = try #require(status["transactions"].objects).filter { $0["stepType"].string == "REFUND" }
            #expect(refunds.count == 1)
            #expect(status["refundableAmount"].int64 == 7_500)
            #expect(try await server.tossMoneyBalance() == balance - 7_500)
        }
    }

    @Test func repeatedRefundNoWithADifferentBodyIsRefundNoDuplicate() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: "refund-dup", amount: 10_000)
            _ = try await server.refund(payToken: token, amount: 2_500, refundNo: "r-1").requireSuccess()
            let reply = try await server.refund(payToken: token, amount: 3_000, refundNo: "r-1")
            expectFailure(reply, status: .badRequest, code: "REFUND_REFUND_NO_DUPLICATE")
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["refundableAmount"].int64 == 7_500)
        }
    }

    @Test func refundNoOf37CharactersIsRejected() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: "refund-no-long")
            let reply = try await server.refund(payToken: token, amount: 100, refundNo: String(repeating: "r", count: 37))
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "refundNo")
        }
    }

    @Test func refundAboveTheRefundableAmountIsRejectedAndChangesNothing() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: "refund-over", amount: 10_000)
            _ = try await server.refund(payToken: token, amount: 4_000).requireSuccess()
            let reply = try await server.refund(payToken: token, amount: 6_001)
            #expect(reply.status == .badRequest)
            #expect(reply.resultType == "FAIL")
            #expect(reply.reason?.isEmpty == false)
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["refundableAmount"].int64 == 6_000)
            // Exactly the refundable amount is fine.
            let rest = try await server.refund(payToken: token, amount: 6_000).requireSuccess()
            #expect(rest["refundableAmount"].int64 == 0)
        }
    }

    @Test func refundBeforePaymentIsCommonRefundError() async throws {
        try await withTestServer { server in
            let standby = try await server.madePayToken(orderNo: "refund-standby")
            expectFailure(try await server.refund(payToken: standby), status: .badRequest, code: "COMMON_REFUND_ERROR")
            let approved = try await server.authorizedPayToken(orderNo: "refund-approved")
            expectFailure(try await server.refund(payToken: approved), status: .badRequest, code: "COMMON_REFUND_ERROR")
            #expect(try await server.payStatus(payToken: approved) == "PAY_APPROVED")
        }
    }

    @Test func refundOfACancelledPaymentIsCommonRefundError() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "refund-cancelled")
            _ = try await server.cancelCheckout(payToken: token).requireSuccess()
            expectFailure(try await server.refund(payToken: token), status: .badRequest, code: "COMMON_REFUND_ERROR")
        }
    }

    @Test func refundReasonWithForbiddenCharactersIsRejected() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: "refund-reason")
            let reply = try await server.refund(payToken: token, reason: "환불 <script>")
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "reason")
        }
    }

    @Test func refundWithTheWrongIsTestPaymentIsTransactionNotFound() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: "refund-mode")
            expectFailure(try await server.refund(payToken: token, test: false), status: .notFound, code: "TRANSACTION_NOT_FOUND")
        }
    }

    // MARK: Checkout refusals

    @Test func methodNotEnabledForThePaymentIsRefusedAtCheckout() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "checkout-card-only", extra: ["enablePayMethods": "CARD"])
            let reply = try await server.authorize(payToken: token, payMethod: "TOSS_MONEY")
            #expect(reply.status == .badRequest)
            #expect(reply.resultType == "FAIL")
            #expect(reply.reason?.isEmpty == false)
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY")
            _ = try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 2).requireSuccess()
        }
    }

    @Test func cardUnder100WonIsCardMinAmountError() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "checkout-card-99", amount: 99)
            expectFailure(
                try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 4),
                status: .badRequest, code: "CARD_MIN_AMOUNT_ERROR"
            )
            let hundred = try await server.madePayToken(orderNo: "checkout-card-100", amount: 100)
            _ = try await server.authorize(payToken: hundred, payMethod: "CARD", cardCompanyCode: 4).requireSuccess()
        }
    }

    @Test func installmentUnder50000WonIsCardMinAmountForSpreadoutError() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "checkout-spread-49999", amount: 49_999)
            expectFailure(
                try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 4, spreadOut: 3),
                status: .badRequest, code: "CARD_MIN_AMOUNT_FOR_SPREADOUT_ERROR"
            )
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY")
        }
    }

    @Test func installmentWhenTheMerchantSaidNotUseIsRefused() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "checkout-not-use", amount: 60_000, extra: ["installment": "NOT_USE"])
            let reply = try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 4, spreadOut: 3)
            #expect(reply.status == .badRequest)
            #expect(reply.resultType == "FAIL")
            #expect(["CARD_SPREADOUT_ERROR", "COMMON_INVALID_PARAMETER"].contains(reply.errorCode ?? ""), "\(reply.text)")
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY")
            // A single payment is still fine.
            _ = try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 4, spreadOut: 0).requireSuccess()
        }
    }

    @Test func citiCardIsRefused() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "checkout-citi", amount: 10_000)
            let reply = try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 9)
            #expect(reply.status == .badRequest)
            #expect(reply.resultType == "FAIL")
            #expect(reply.reason?.isEmpty == false)
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY")
        }
    }

    @Test func secondAuthorizeIsNotAbleToChangeStatus() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "checkout-twice")
            expectFailure(
                try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 4),
                status: .badRequest, code: "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS"
            )
            // The first choice stands.
            let executed = try await server.execute(payToken: token).requireSuccess()
            #expect(executed["payMethod"].string == "TOSS_MONEY")
        }
    }

    @Test func authorizeByAnotherUserKeyIsPayUnauthorized() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "checkout-other-user")
            expectFailure(
                try await server.authorize(payToken: token, userKey: "someone-else"), status: .badRequest, code: "PAY_UNAUTHORIZED"
            )
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY")
        }
    }
}

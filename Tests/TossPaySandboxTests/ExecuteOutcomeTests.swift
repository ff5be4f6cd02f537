import Foundation
import HTTPTypes
import Testing
import TossPayServer
import TossPayTestSupport

/// SPEC §3 execute and §5: every method outcome comes from the buyer's state, and a failed
/// execute moves no money and leaves the payment PAY_APPROVED.
@Suite("Outcomes at execute")
struct ExecuteOutcomeTests {
    /// Asserts that `reply` failed with `code`, that the payment is still PAY_APPROVED and that
    /// the buyer's balances did not move.
    static func expectRefusedWithoutMovingMoney(
        _ reply: Reply, code: String, server: TestServer, token: String, userKey: String,
        before: TestServer.Balances, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        expectFailure(reply, code: code, sourceLocation: sourceLocation)
        #expect(try await server.payStatus(payToken: token, userKey: userKey) == "PAY_APPROVED", sourceLocation: sourceLocation)
        let after = try await server.balances(userKey, sourceLocation: sourceLocation)
        #expect(after == before, "balances moved: \(before) → \(after)", sourceLocation: sourceLocation)
        let status = try await server.status(payToken: token, userKey: userKey).requireSuccess(sourceLocation: sourceLocation)
        #expect(status["transactions"].array?.isEmpty == true, "no PAY step", sourceLocation: sourceLocation)
    }

    @Test func tossMoneyIsAutoChargedFromTheBankWhenShort() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 0, "bankAccount": ["bankCode": "092", "balance": 10_000]])
            let (_, executed) = try await server.paid(amount: 6_000, userKey: key)
            #expect(executed["paidAmount"].int64 == 6_000)
            #expect(executed["accountBankCode"].string == "092")
            #expect(executed["accountBankName"].string == "토스뱅크")
            #expect(isMaskedAccountNumber(executed["accountNumber"]))
            let after = try await server.balances(key)
            #expect(after.money == 0)
            #expect(after.bank == 4_000)

            // Only the shortfall is charged.
            let partial = newUserKey()
            try await server.createUser(["userKey": partial, "tossMoneyBalance": 1_000, "bankAccount": ["balance": 10_000]])
            try await server.paid(amount: 6_000, userKey: partial)
            let partialAfter = try await server.balances(partial)
            #expect(partialAfter.money == 0)
            #expect(partialAfter.bank == 5_000)

            // Exactly enough in the bank is enough.
            let exact = newUserKey()
            try await server.createUser(["userKey": exact, "tossMoneyBalance": 1_000, "bankAccount": ["balance": 5_000]])
            try await server.paid(amount: 6_000, userKey: exact)
            #expect(try await server.balances(exact).bank == 0)
        }
    }

    @Test func notEnoughCashWhenTheBankIsTooShort() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 1_000, "bankAccount": ["balance": 4_999]])
            let token = try await server.authorizedPayToken(amount: 6_000, userKey: key)
            let before = try await server.balances(key)
            let reply = try await server.execute(payToken: token, userKey: key)
            try await Self.expectRefusedWithoutMovingMoney(reply, code: "COMMON_NOT_ENOUGH_CASH", server: server, token: token, userKey: key, before: before)

            // Topping the account up lets the same payment go through.
            try await server.createUser(["userKey": key, "tossMoneyBalance": 1_000, "bankAccount": ["balance": 5_000]])
            try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(try await server.payStatus(payToken: token, userKey: key) == "PAY_COMPLETE")
        }
    }

    @Test func noLinkedAccountCannotAutoCharge() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 999, "bankAccount": NSNull()])
            let token = try await server.authorizedPayToken(amount: 1_000, userKey: key)
            let before = try await server.balances(key)
            let reply = try await server.execute(payToken: token, userKey: key)
            try await Self.expectRefusedWithoutMovingMoney(
                reply, code: "AUTO_CHARGE_NOT_YET_REGISTER_ACCOUNT", server: server, token: token, userKey: key, before: before
            )
            // Enough Toss Money needs no account.
            try await server.paid(amount: 999, userKey: key)
            #expect(try await server.balances(key).money == 0)
        }
    }

    @Test func creditCardLimitIsEnforced() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "cards": [["cardCompanyCode": 2, "cardMethodType": "CREDIT", "limit": 10_000]]])
            let token = try await server.authorizedPayToken(amount: 10_001, payMethod: "CARD", cardCompanyCode: 2, userKey: key)
            let before = try await server.balances(key)
            let reply = try await server.execute(payToken: token, userKey: key)
            try await Self.expectRefusedWithoutMovingMoney(reply, code: "CARD_EXCEED_LIMIT", server: server, token: token, userKey: key, before: before)

            let (_, executed) = try await server.paid(amount: 10_000, payMethod: "CARD", cardCompanyCode: 2, userKey: key)
            #expect(executed["cardMethodType"].string == "CREDIT")
            #expect(try await server.balances(key).cardAvailable[2] == 0)
        }
    }

    @Test(arguments: ["CHECK", "PREPAYMENT"])
    func checkAndPrepaidCardsNeedTheBalance(type: String) async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "cards": [["cardCompanyCode": 3, "cardMethodType": type, "limit": 5_000]]])
            let token = try await server.authorizedPayToken(amount: 5_001, payMethod: "CARD", cardCompanyCode: 3, userKey: key)
            let before = try await server.balances(key)
            let reply = try await server.execute(payToken: token, userKey: key)
            try await Self.expectRefusedWithoutMovingMoney(reply, code: "CARD_NOT_ENOUGH_BALANCE", server: server, token: token, userKey: key, before: before)

            let (_, executed) = try await server.paid(amount: 5_000, payMethod: "CARD", cardCompanyCode: 3, userKey: key)
            #expect(executed["cardMethodType"].string == type)
            #expect(try await server.balances(key).cardAvailable[3] == 0)
        }
    }

    @Test func citiCardsAreRefusedAtCheckout() async throws {
        try await withTestServer { server in
            // The standard buyer has no Citi card; a buyer given one still cannot pay with it.
            let standard = newUserKey()
            let holder = newUserKey()
            try await server.createUser(["userKey": holder, "cards": [["cardCompanyCode": 9], ["cardCompanyCode": 1]]])
            for key in [standard, holder] {
                let token = try await server.madePayToken(amount: 10_000, userKey: key)
                let reply = try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 9, userKey: key)
                expectFailure(reply, code: "CARD_NOT_AVAILABLE_SHOP")
                #expect(try await server.payStatus(payToken: token, userKey: key) == "PAY_STANDBY")
                // Another company works for the same payment.
                try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 1, userKey: key).requireSuccess()
            }
            let user = try await server.user(holder)
            let citi = try #require(user["cards"].objects?.first { $0["cardCompanyCode"].int64 == 9 })
            #expect(citi["cardCompanyName"].string == "씨티(미지원)")
        }
    }

    @Test(arguments: [("INACTIVE", "INACTIVE_USER"), ("PAUSED", "PAUSE_USER")])
    func inactiveAndPausedBuyersCannotPay(status: String, code: String) async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 50_000])
            let token = try await server.authorizedPayToken(amount: 10_000, userKey: key)
            try await server.createUser(["userKey": key, "tossMoneyBalance": 50_000, "status": status])
            let before = try await server.balances(key)
            let reply = try await server.execute(payToken: token, userKey: key)
            try await Self.expectRefusedWithoutMovingMoney(reply, code: code, server: server, token: token, userKey: key, before: before)

            // Nor can they authenticate a new payment.
            let another = try await server.madePayToken(amount: 1_000, userKey: key)
            expectFailure(try await server.authorize(payToken: another, userKey: key), code: code)
            #expect(try await server.payStatus(payToken: another, userKey: key) == "PAY_STANDBY")

            // Reactivated, the approved payment goes through.
            try await server.createUser(["userKey": key, "tossMoneyBalance": 50_000, "status": "ACTIVE"])
            try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(try await server.balances(key).money == 40_000)
        }
    }

    @Test func cardsTakeAtLeastOneHundredWon() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let token = try await server.madePayToken(amount: 99, userKey: key)
            expectFailure(try await server.authorize(payToken: token, payMethod: "CARD", cardCompanyCode: 1, userKey: key), code: "CARD_MIN_AMOUNT_ERROR")
            #expect(try await server.payStatus(payToken: token, userKey: key) == "PAY_STANDBY")
            // Toss Money takes the same 99 won.
            try await server.authorize(payToken: token, userKey: key).requireSuccess()
            try await server.execute(payToken: token, userKey: key).requireSuccess()

            let (_, executed) = try await server.paid(amount: 100, payMethod: "CARD", cardCompanyCode: 1, userKey: key)
            #expect(executed["paidAmount"].int64 == 100)
        }
    }

    @Test func installmentsNeedFiftyThousandWon() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let small = try await server.madePayToken(amount: 49_999, userKey: key)
            let refused = try await server.authorize(payToken: small, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 3, userKey: key)
            expectFailure(refused, code: "CARD_MIN_AMOUNT_FOR_SPREADOUT_ERROR")
            #expect(try await server.payStatus(payToken: small, userKey: key) == "PAY_STANDBY")
            // Paid at once, the same payment works.
            try await server.authorize(payToken: small, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 0, userKey: key).requireSuccess()

            let token = try await server.authorizedPayToken(amount: 50_000, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 3, userKey: key)
            let executed = try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(executed["spreadOut"].string == "3")
            let status = try await server.status(payToken: token, userKey: key).requireSuccess()
            let card = try #require(status["card"].object)
            #expect(card["spreadOut"].int64 == 3)

            // The merchant may forbid installments.
            let noInstallment = try await server.madePayToken(amount: 60_000, extra: ["installment": "NOT_USE"], userKey: key)
            let forbidden = try await server.authorize(payToken: noInstallment, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 2, userKey: key)
            expectFailure(forbidden, code: "CARD_SPREADOUT_ERROR")
        }
    }

    @Test func anInjectedFailureChangesNothing() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let token = try await server.authorizedPayToken(amount: 10_000, userKey: key)
            let before = try await server.balances(key)
            guard let name = HTTPField.Name("x-tosspay-test-code") else { throw TestFailure("header name") }
            let reply = try await server.execute(payToken: token, userKey: key, headers: [name: "CARD_EXCEED_LIMIT"])
            try await Self.expectRefusedWithoutMovingMoney(reply, code: "CARD_EXCEED_LIMIT", server: server, token: token, userKey: key, before: before)
            try await server.execute(payToken: token, userKey: key).requireSuccess()
        }
    }
}

import Foundation
import HTTPTypes
import Testing
import TossPayServer

/// SPEC §3 execute and §5: every method outcome comes from the buyer's state, and a failed
/// execute moves no money and leaves the payment PAY_APPROVED.
@Suite("Outcomes at execute")
struct ExecuteOutcomeTests {
    /// Asserts that `reply` failed with `code`, that the payment is still PAY_APPROVED and that
    /// the buyer's balances did not move.
    static func expectRefusedWithoutMovingMoney(
        _ reply: Reply, code: String, server: SandboxServer, token: String, userKey: String,
        before: SandboxServer.Balances, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        expectFailure(reply, code: code, sourceLocation: sourceLocation)
        #expect(try await server.payStatus(payToken: token, userKey: userKey) == "PAY_APPROVED", sourceLocation: sourceLocation)
        let after = try await server.balances(userKey, sourceLocation: sourceLocation)
        #expect(after == before, "balances moved: \(before) → \(after)", sourceLocation: sourceLocation)
        let status = try await server.status(payToken: token, userKey: userKey, sourceLocation: sourceLocation)
        #expect((status["transactions"] as? [Any])?.isEmpty == true, "no PAY step", sourceLocation: sourceLocation)
    }

    @Test func tossMoneyIsAutoChargedFromTheBankWhenShort() async throws {
        try await withSandboxServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 0, "bankAccount": ["bankCode": "092", "balance": 10_000]])
            let (_, executed) = try await server.paid(amount: 6_000, userKey: key)
            #expect(jsonInt(executed["paidAmount"]) == 6_000)
            #expect(executed["accountBankCode"] as? String == "092")
            #expect(executed["accountBankName"] as? String == "토스뱅크")
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
        try await withSandboxServer { server in
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
        try await withSandboxServer { server in
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
        try await withSandboxServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "cards": [["cardCompanyCode": 2, "cardMethodType": "CREDIT", "limit": 10_000]]])
            let token = try await server.authorizedPayToken(amount: 10_001, userKey: key, payMethod: "CARD", cardCompanyCode: 2)
            let before = try await server.balances(key)
            let reply = try await server.execute(payToken: token, userKey: key)
            try await Self.expectRefusedWithoutMovingMoney(reply, code: "CARD_EXCEED_LIMIT", server: server, token: token, userKey: key, before: before)

            let (_, executed) = try await server.paid(amount: 10_000, userKey: key, payMethod: "CARD", cardCompanyCode: 2)
            #expect(executed["cardMethodType"] as? String == "CREDIT")
            #expect(try await server.balances(key).cardAvailable[2] == 0)
        }
    }

    @Test(arguments: ["CHECK", "PREPAYMENT"])
    func checkAndPrepaidCardsNeedTheBalance(type: String) async throws {
        try await withSandboxServer { server in
            let key = newUserKey()
            try await server.createUser(["userKey": key, "cards": [["cardCompanyCode": 3, "cardMethodType": type, "limit": 5_000]]])
            let token = try await server.authorizedPayToken(amount: 5_001, userKey: key, payMethod: "CARD", cardCompanyCode: 3)
            let before = try await server.balances(key)
            let reply = try await server.execute(payToken: token, userKey: key)
            try await Self.expectRefusedWithoutMovingMoney(reply, code: "CARD_NOT_ENOUGH_BALANCE", server: server, token: token, userKey: key, before: before)

            let (_, executed) = try await server.paid(amount: 5_000, userKey: key, payMethod: "CARD", cardCompanyCode: 3)
            #expect(executed["cardMethodType"] as? String == type)
            #expect(try await server.balances(key).cardAvailable[3] == 0)
        }
    }

    @Test func citiCardsAreRefusedAtCheckout() async throws {
        try await withSandboxServer { server in
            // The standard buyer has no Citi card; a buyer given one still cannot pay with it.
            let standard = newUserKey()
            let holder = newUserKey()
            try await server.createUser(["userKey": holder, "cards": [["cardCompanyCode": 9], ["cardCompanyCode": 1]]])
            for key in [standard, holder] {
                let token = try await server.madePayToken(amount: 10_000, userKey: key)
                let reply = try await server.authorize(payToken: token, userKey: key, payMethod: "CARD", cardCompanyCode: 9)
                expectFailure(reply, code: "CARD_NOT_AVAILABLE_SHOP")
                #expect(try await server.payStatus(payToken: token, userKey: key) == "PAY_STANDBY")
                // Another company works for the same payment.
                try await server.authorize(payToken: token, userKey: key, payMethod: "CARD", cardCompanyCode: 1).requireSuccess()
            }
            let user = try await server.user(holder)
            let citi = try #require((user["cards"] as? [[String: Any]])?.first { jsonInt($0["cardCompanyCode"]) == 9 })
            #expect(citi["cardCompanyName"] as? String == "씨티(미지원)")
        }
    }

    @Test(arguments: [("INACTIVE", "INACTIVE_USER"), ("PAUSED", "PAUSE_USER")])
    func inactiveAndPausedBuyersCannotPay(status: String, code: String) async throws {
        try await withSandboxServer { server in
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
        try await withSandboxServer { server in
            let key = newUserKey()
            let token = try await server.madePayToken(amount: 99, userKey: key)
            expectFailure(try await server.authorize(payToken: token, userKey: key, payMethod: "CARD", cardCompanyCode: 1), code: "CARD_MIN_AMOUNT_ERROR")
            #expect(try await server.payStatus(payToken: token, userKey: key) == "PAY_STANDBY")
            // Toss Money takes the same 99 won.
            try await server.authorize(payToken: token, userKey: key).requireSuccess()
            try await server.execute(payToken: token, userKey: key).requireSuccess()

            let (_, executed) = try await server.paid(amount: 100, userKey: key, payMethod: "CARD", cardCompanyCode: 1)
            #expect(jsonInt(executed["paidAmount"]) == 100)
        }
    }

    @Test func installmentsNeedFiftyThousandWon() async throws {
        try await withSandboxServer { server in
            let key = newUserKey()
            let small = try await server.madePayToken(amount: 49_999, userKey: key)
            let refused = try await server.authorize(payToken: small, userKey: key, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 3)
            expectFailure(refused, code: "CARD_MIN_AMOUNT_FOR_SPREADOUT_ERROR")
            #expect(try await server.payStatus(payToken: small, userKey: key) == "PAY_STANDBY")
            // Paid at once, the same payment works.
            try await server.authorize(payToken: small, userKey: key, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 0).requireSuccess()

            let token = try await server.authorizedPayToken(amount: 50_000, userKey: key, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 3)
            let executed = try await server.execute(payToken: token, userKey: key).requireSuccess()
            #expect(executed["spreadOut"] as? String == "3")
            let status = try await server.status(payToken: token, userKey: key)
            let card = try #require(status["card"] as? [String: Any])
            #expect(jsonInt(card["spreadOut"]) == 3)

            // The merchant may forbid installments.
            let noInstallment = try await server.madePayToken(amount: 60_000, userKey: key, extra: ["installment": "NOT_USE"])
            let forbidden = try await server.authorize(payToken: noInstallment, userKey: key, payMethod: "CARD", cardCompanyCode: 1, spreadOut: 2)
            expectFailure(forbidden, code: "CARD_SPREADOUT_ERROR")
        }
    }

    @Test func anInjectedFailureChangesNothing() async throws {
        try await withSandboxServer { server in
            let key = newUserKey()
            let token = try await server.authorizedPayToken(amount: 10_000, userKey: key)
            let before = try await server.balances(key)
            guard let name = HTTPField.Name("x-tosspay-test-code") else { throw SandboxTestFailure(description: "header name") }
            let reply = try await server.execute(payToken: token, userKey: key, headers: [name: "CARD_EXCEED_LIMIT"])
            try await Self.expectRefusedWithoutMovingMoney(reply, code: "CARD_EXCEED_LIMIT", server: server, token: token, userKey: key, before: before)
            try await server.execute(payToken: token, userKey: key).requireSuccess()
        }
    }
}

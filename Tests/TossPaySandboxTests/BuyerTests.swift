import Foundation
import Testing
import TossPayServer
import TossPayTestSupport

/// SPEC §5 Users: a buyer is created with chosen balances, bank account, points, cards and
/// status, shown with numbers masked, and its balances move with every execute and refund.
@Suite("Sandbox buyers")
struct BuyerTests {
    static let fullCardNumbers = ["5412345678901234", "4111222233334444", "9400111122223333"]
    static let fullAccountNumber = "12345678901234"

    static func chosenBuyer(_ userKey: String) -> [String: Any] {
        [
            "userKey": userKey, "status": "ACTIVE", "tossMoneyBalance": 12_345, "points": 700,
            "bankAccount": ["bankCode": "004", "accountNumber": fullAccountNumber, "balance": 500_000],
            "cards": [
                ["cardCompanyCode": 1, "cardMethodType": "CREDIT", "cardUserType": "PERSONAL", "limit": 300_000, "cardNumber": fullCardNumbers[0]],
                ["cardCompanyCode": 4, "cardMethodType": "CHECK", "limit": 50_000, "cardNumber": fullCardNumbers[1]],
                ["cardCompanyCode": 10, "cardMethodType": "PREPAYMENT", "cardUserType": "CORP_COMPANY", "limit": 20_000, "cardNumber": fullCardNumbers[2]],
            ],
        ]
    }

    @Test func aBuyerIsCreatedWithChosenStateAndShownMasked() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let created = try await server.saveUser(Self.chosenBuyer(key))
            let shown = try await server.get("/sandbox/v1/users/\(key)")
            for reply in [created, shown] {
                let user = try reply.requireSuccess()
                #expect(user["userKey"].string == key)
                #expect(user["status"].string == "ACTIVE")
                #expect(user["tossMoneyBalance"].int64 == 12_345)
                #expect(user["points"].int64 == 700)
                let account = try #require(user["bankAccount"].object)
                #expect(account["bankCode"].string == "004")
                #expect(account["bankName"].string == "KB국민은행")
                #expect(account["balance"].int64 == 500_000)
                #expect(isMaskedAccountNumber(account["accountNumber"]), "\(account)")
                #expect(account["accountNumber"].string == "123********234")

                let cards = try #require(user["cards"].objects)
                #expect(cards.count == 3)
                let byCode = Dictionary(uniqueKeysWithValues: cards.compactMap { card in card["cardCompanyCode"].int64.map { ($0, card) } })
                let credit = try #require(byCode[1])
                #expect(credit["cardMethodType"].string == "CREDIT")
                #expect(credit["cardUserType"].string == "PERSONAL")
                #expect(credit["cardCompanyName"].string == "신한")
                #expect(credit["limit"].int64 == 300_000)
                #expect(credit["available"].int64 == 300_000)
                #expect(credit["cardNumber"].string == "541234******1234")
                let check = try #require(byCode[4])
                #expect(check["cardMethodType"].string == "CHECK")
                #expect(check["available"].int64 == 50_000)
                let prepaid = try #require(byCode[10])
                #expect(prepaid["cardMethodType"].string == "PREPAYMENT")
                #expect(prepaid["cardUserType"].string == "CORP_COMPANY")
                for card in cards { #expect(isMaskedCardNumber(card["cardNumber"]), "\(card)") }

                for number in Self.fullCardNumbers + [Self.fullAccountNumber] {
                    #expect(!reply.text.contains(number), "full number \(number) in \(reply.text)")
                }
            }
        }
    }

    @Test func aBuyerMayBeInactiveOrPausedAndHaveNoAccountOrCards() async throws {
        try await withTestServer { server in
            for status in ["INACTIVE", "PAUSED", "ACTIVE"] {
                let key = newUserKey()
                let user = try await server.createUser([
                    "userKey": key, "status": status, "tossMoneyBalance": 0, "points": 0, "bankAccount": NSNull(), "cards": [],
                ])
                #expect(user["status"].string == status)
                #expect(user["bankAccount"].isNull)
                #expect(user["cards"].array?.isEmpty == true)
                #expect(user["tossMoneyBalance"].int64 == 0)
                let shown = try await server.user(key)
                #expect(shown["status"].string == status)
            }
        }
    }

    @Test func anUnknownBuyerIsTheStandardOne() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let user = try await server.user(key)
            #expect(user["tossMoneyBalance"].int64 == 1_000_000)
            #expect(user["points"].int64 == 0)
            #expect(user["status"].string == "ACTIVE")
            let account = try #require(user["bankAccount"].object)
            #expect(account["bankCode"].string == "092")
            #expect(account["balance"].int64 == 10_000_000)
            let cards = try #require(user["cards"].objects)
            #expect(Set(cards.compactMap { $0["cardCompanyCode"].int64 }) == [1, 2, 3, 4, 5, 6, 7, 8, 10])
            #expect(cards.allSatisfy { $0["limit"].int64 == 5_000_000 && $0["cardMethodType"].string == "CREDIT" })
            // Always the same way.
            let again = try await server.user(key)
            #expect(again == user)
        }
    }

    /// Each invalid field just outside its rule (JSON fields), next to a value just inside.
    @Test(arguments: [
        ("bankAccount.bankCode", #"{"bankAccount": {"bankCode": "999", "balance": 1000}}"#, #"{"bankAccount": {"bankCode": "002", "balance": 1000}}"#),
        ("cards[0].cardCompanyCode", #"{"cards": [{"cardCompanyCode": 11}]}"#, #"{"cards": [{"cardCompanyCode": 10}]}"#),
        ("cards[0].cardCompanyCode", #"{"cards": [{"cardCompanyCode": 0}]}"#, #"{"cards": [{"cardCompanyCode": 1}]}"#),
        ("cards[1].cardCompanyCode", #"{"cards": [{"cardCompanyCode": 3}, {"cardCompanyCode": 3}]}"#, #"{"cards": [{"cardCompanyCode": 3}, {"cardCompanyCode": 5}]}"#),
        ("tossMoneyBalance", #"{"tossMoneyBalance": -1}"#, #"{"tossMoneyBalance": 0}"#),
        ("points", #"{"points": -1}"#, #"{"points": 0}"#),
        ("bankAccount.balance", #"{"bankAccount": {"balance": -1}}"#, #"{"bankAccount": {"balance": 0}}"#),
        ("bankAccount.accountNumber", #"{"bankAccount": {"accountNumber": "12345"}}"#, #"{"bankAccount": {"accountNumber": "123456"}}"#),
        ("cards[0].limit", #"{"cards": [{"cardCompanyCode": 1, "limit": -1}]}"#, #"{"cards": [{"cardCompanyCode": 1, "limit": 0}]}"#),
        ("cards[0].cardNumber", #"{"cards": [{"cardCompanyCode": 1, "cardNumber": "54123456789012345"}]}"#, #"{"cards": [{"cardCompanyCode": 1, "cardNumber": "5412345678901234"}]}"#),
        ("cards[0].cardNumber", #"{"cards": [{"cardCompanyCode": 1, "cardNumber": "541234567890123"}]}"#, #"{"cards": [{"cardCompanyCode": 1, "cardNumber": "5412345678901234"}]}"#),
        ("cards[0].cardMethodType", #"{"cards": [{"cardCompanyCode": 1, "cardMethodType": "DEBIT"}]}"#, #"{"cards": [{"cardCompanyCode": 1, "cardMethodType": "PREPAYMENT"}]}"#),
        ("cards[0].cardUserType", #"{"cards": [{"cardCompanyCode": 1, "cardUserType": "FRIEND"}]}"#, #"{"cards": [{"cardCompanyCode": 1, "cardUserType": "CORP_PRIVATE"}]}"#),
        ("status", #"{"status": "FROZEN"}"#, #"{"status": "PAUSED"}"#),
    ])
    func buyerSetupIsValidatedAtTheEdges(field: String, outside: String, inside: String) async throws {
        try await withTestServer { server in
            let key = newUserKey()
            var bad = try #require(try JSONSerialization.jsonObject(with: Data(outside.utf8)) as? [String: Any])
            bad["userKey"] = key
            let refused = try await server.saveUser(bad)
            expectFailure(refused, code: "COMMON_INVALID_PARAMETER", field: field)
            // Nothing was written: the buyer is still the standard one.
            let user = try await server.user(key)
            #expect(user["tossMoneyBalance"].int64 == 1_000_000)
            #expect(user["status"].string == "ACTIVE")

            var good = try #require(try JSONSerialization.jsonObject(with: Data(inside.utf8)) as? [String: Any])
            good["userKey"] = newUserKey()
            try await server.saveUser(good).requireSuccess()
        }
    }

    @Test func aBuyerNeedsAValidUserKey() async throws {
        try await withTestServer { server in
            expectFailure(try await server.saveUser(["userKey": ""]), code: "COMMON_INVALID_PARAMETER", field: "userKey")
            expectFailure(try await server.saveUser(["userKey": "한글"]), code: "COMMON_INVALID_PARAMETER", field: "userKey")
            expectFailure(try await server.saveUser(["tossMoneyBalance": 1]), code: "COMMON_INVALID_PARAMETER", field: "userKey")
            try await server.saveUser(["userKey": "a"]).requireSuccess()
        }
    }

    @Test func balancesMoveWithExecuteAndRefund() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            try await server.createUser(Self.chosenBuyer(key))
            let start = try await server.balances(key)

            // Toss Money: 10,000 of 12,345 → 2,345; a 4,000 refund → 6,345.
            let money = try await server.paid(amount: 10_000, userKey: key)
            #expect(try await server.balances(key).money == start.money - 10_000)
            try await server.refund(payToken: money.token, amount: 4_000, userKey: key).requireSuccess()
            #expect(try await server.balances(key).money == start.money - 6_000)

            // Credit card: the limit in use moves.
            let credit = try await server.paid(amount: 30_000, payMethod: "CARD", cardCompanyCode: 1, userKey: key)
            #expect(try await server.balances(key).cardAvailable[1] == 270_000)
            let creditUser = try await server.user(key)
            let card1 = try #require(creditUser["cards"].objects?.first { $0["cardCompanyCode"].int64 == 1 })
            #expect(card1["used"].int64 == 30_000)
            try await server.refund(payToken: credit.token, userKey: key).requireSuccess()
            #expect(try await server.balances(key).cardAvailable[1] == 300_000)

            // Check card: the balance moves.
            let check = try await server.paid(amount: 20_000, payMethod: "CARD", cardCompanyCode: 4, userKey: key)
            #expect(try await server.balances(key).cardAvailable[4] == 30_000)
            try await server.refund(payToken: check.token, amount: 5_000, userKey: key).requireSuccess()
            #expect(try await server.balances(key).cardAvailable[4] == 35_000)

            let end = try await server.balances(key)
            #expect(end.bank == start.bank, "no auto-charge was needed")
            #expect(end.points == start.points)
        }
    }

    @Test func replacingABuyerKeepsItsKeyAndNewBalances() async throws {
        try await withTestServer { server in
            let ledger = try #require(server.ledger)
            let key = newUserKey()
            try await server.createUser(["userKey": key, "tossMoneyBalance": 5_000])
            try await server.createUser(["userKey": key, "tossMoneyBalance": 7_000, "points": 30])
            let balances = try await server.balances(key)
            #expect(balances.money == 7_000)
            #expect(balances.points == 30)
            let unbalanced = try await ledger.store.read { try await $0.unbalancedEntries() }
            #expect(unbalanced.isEmpty)
        }
    }
}

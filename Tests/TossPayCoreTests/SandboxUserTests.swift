import Testing
import TossPayCore

/// SPEC §5 "Users": an unknown userKey becomes, always the same way, a buyer with 1,000,000 won
/// of Toss Money, a Toss Bank (092) account of 10,000,000 won and a personal credit card of
/// every supported company (1–8 and 10) with a 5,000,000-won limit.
@Suite("Sandbox user: the standard buyer")
struct SandboxUserTests {
    @Test func theSameKeyAlwaysGivesTheSameUser() {
        #expect(SandboxUser.standard(merchantId: "m1", userKey: "443731104") == SandboxUser.standard(merchantId: "m1", userKey: "443731104"))
    }

    @Test func theUserCarriesItsKeyAndIsActive() {
        let user = SandboxUser.standard(merchantId: "m1", userKey: "buyer-7")
        #expect(user.userKey == "buyer-7")
        #expect(user.status == .active)
    }

    @Test func aStandardUserHasOneMillionWonOfTossMoneyAndNoPoints() {
        let user = SandboxUser.standard(merchantId: "m1", userKey: "u1")
        #expect(user.tossMoneyBalance == 1_000_000)
        #expect(user.points == 0)
    }

    @Test func aStandardUserHasTenMillionWonInTossBank092() throws {
        let account = try #require(SandboxUser.standard(merchantId: "m1", userKey: "u1").bankAccount)
        #expect(account.bankCode == "092")
        #expect(account.balance == 10_000_000)
        #expect(account.accountNumber.allSatisfy { $0.isWholeNumber })
        #expect(account.accountNumber.count > 6, "long enough to be shown masked")
    }

    @Test func aStandardUserHasACreditCardOfCompanies1To8And10ButNot9() {
        let user = SandboxUser.standard(merchantId: "m1", userKey: "u1")
        #expect(user.cards.map(\.companyCode).sorted() == [1, 2, 3, 4, 5, 6, 7, 8, 10])
        #expect(user.card(company: 9) == nil)
        #expect(user.card(company: 10) != nil)
    }

    @Test func everyStandardCardIsAPersonalCreditCardWithAFiveMillionLimitUnused() {
        for card in SandboxUser.standard(merchantId: "m1", userKey: "u1").cards {
            #expect(card.methodType == .credit, "company \(card.companyCode)")
            #expect(card.userType == "PERSONAL")
            #expect(card.limit == 5_000_000)
            #expect(card.used == 0)
            #expect(card.available == 5_000_000)
            #expect(card.number.wholeMatch(of: /[0-9]{6}\*{6}[0-9]{4}/) != nil, "kept as BIN6******last4: \(card.number)")
        }
    }

    @Test func cardNumbersOfOneUserAreDistinct() {
        let numbers = SandboxUser.standard(merchantId: "m1", userKey: "u1").cards.map(\.number)
        #expect(Set(numbers).count == numbers.count)
    }

    @Test func theOpeningEntryIsBalancedAndFundsEveryBalance() {
        let user = SandboxUser.standard(merchantId: "m1", userKey: "u1")
        let entry = user.openingEntry
        #expect(entry.kind == .open)
        #expect(entry.isBalanced)
        let balances = ledgerBalances([entry])
        #expect(balances[JournalEntry.Account.money("m1", "u1")] == 1_000_000)
        #expect(balances[JournalEntry.Account.bank("m1", "u1")] == 10_000_000)
        #expect(balances[JournalEntry.Account.funding] == -11_000_000)
        #expect(balances[JournalEntry.Account.points("m1", "u1"), default: 0] == 0)
        for card in user.cards {
            #expect(balances[JournalEntry.Account.card("m1", "u1", card.companyCode), default: 0] == 0, "an unused credit card holds 0")
        }
    }

    @Test func theOpeningEntryOfACustomUserIsBalancedAndMatchesItsBalances() {
        let user = SandboxUser(
            merchantId: "m1", userKey: "c1", status: .active, tossMoneyBalance: 123, points: 45,
            bankAccount: .init(bankCode: "004", accountNumber: "12345678901", balance: 6_789),
            cards: [
                .init(companyCode: 1, number: "5411111111111111", methodType: .credit, userType: "PERSONAL", limit: 1_000, used: 300),
                .init(companyCode: 3, number: "5433333333333333", methodType: .check, userType: "PERSONAL", limit: 2_000),
            ]
        )
        let entry = user.openingEntry
        #expect(entry.isBalanced)
        let balances = ledgerBalances([entry])
        #expect(balances[JournalEntry.Account.money("m1", "c1")] == 123)
        #expect(balances[JournalEntry.Account.points("m1", "c1")] == 45)
        #expect(balances[JournalEntry.Account.bank("m1", "c1")] == 6_789)
        #expect(balances[JournalEntry.Account.card("m1", "c1", 1)] == -300)
        #expect(balances[JournalEntry.Account.card("m1", "c1", 3)] == 2_000)
        #expect(balances[JournalEntry.Account.funding] == -(123 + 45 + 6_789 - 300 + 2_000))
    }

    @Test func journalEntriesDropZeroPostingsAndKnowWhetherTheyBalance() {
        let entry = JournalEntry(kind: .pay, payToken: "t", postings: [.init("a", 5), .init("b", 0), .init("c", -5)])
        #expect(entry.postings.map(\.account) == ["a", "c"])
        #expect(entry.isBalanced)
        #expect(!JournalEntry(kind: .pay, payToken: "t", postings: [.init("a", 5), .init("c", -4)]).isBalanced)
    }
}

/// Sums postings per account.
func ledgerBalances(_ entries: [JournalEntry]) -> [String: Int64] {
    var balances: [String: Int64] = [:]
    for entry in entries {
        for posting in entry.postings { balances[posting.account, default: 0] += posting.amount }
    }
    return balances
}

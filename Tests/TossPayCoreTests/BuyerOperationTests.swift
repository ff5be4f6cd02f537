import Testing
import TossPayCore

/// design.md #17: a sandbox buyer is created on first use with its `OPEN` entry, and
/// `POST /sandbox/v1/users` replaces one with an entry for the difference, so the journal still
/// matches every balance — `PaymentOperations.saveBuyer` and `PaymentOperations.buyerOnFirstUse`.
@Suite("Operation: buyers")
struct BuyerOperationTests {
    @Test func savingANewBuyerCreatesItWithItsOpeningBalances() throws {
        let buyer = Fixture.buyer(tossMoney: 5_000, bank: 20_000, points: 300)
        let effects = PaymentOperations.saveBuyer(buyer, previous: nil)
        let creation = try #require(effects.createdBuyer)
        #expect(creation.buyer == buyer)
        #expect(creation.openingEntry == buyer.adjustmentEntry(from: nil))
        #expect(creation.openingEntry.kind == .open)
        #expect(creation.openingEntry.isBalanced)
        let balances = ledgerBalances([creation.openingEntry])
        #expect(balances[JournalEntry.Account.money(Fixture.merchant, Fixture.userKey)] == 5_000)
        #expect(balances[JournalEntry.Account.bank(Fixture.merchant, Fixture.userKey)] == 20_000)
        #expect(balances[JournalEntry.Account.points(Fixture.merchant, Fixture.userKey)] == 300)
        #expect(balances[JournalEntry.Account.funding] == -25_300)
        #expect(effects.updatedBuyer == nil && effects.journal.isEmpty && effects.updatedPayments.isEmpty)
    }

    struct ChangeRow: Sendable, CustomTestStringConvertible {
        let name: String
        let after: SandboxUser
        /// The postings expected, by account (funding included).
        let postings: [String: Int64]
        var testDescription: String { name }
    }

    static let key = Fixture.userKey

    @Test(arguments: [
        ChangeRow(
            name: "more Toss Money", after: Fixture.buyer(tossMoney: 1_500_000),
            postings: [JournalEntry.Account.money(Fixture.merchant, key): 500_000, JournalEntry.Account.funding: -500_000]
        ),
        ChangeRow(
            name: "less in the bank, some points", after: Fixture.buyer(bank: 9_000_000, points: 700),
            postings: [JournalEntry.Account.bank(Fixture.merchant, key): -1_000_000, JournalEntry.Account.points(Fixture.merchant, key): 700, JournalEntry.Account.funding: 999_300]
        ),
        ChangeRow(
            name: "bank account removed", after: Fixture.buyer(bank: nil),
            postings: [JournalEntry.Account.bank(Fixture.merchant, key): -10_000_000, JournalEntry.Account.funding: 10_000_000]
        ),
        ChangeRow(name: "nothing changed", after: Fixture.buyer(), postings: [:]),
        ChangeRow(name: "only the status changed", after: Fixture.buyer(status: .paused), postings: [:]),
    ])
    func savingAKnownBuyerReplacesItAndJournalsTheDifference(_ row: ChangeRow) throws {
        let previous = Fixture.buyer()
        let effects = PaymentOperations.saveBuyer(row.after, previous: previous)
        #expect(effects.createdBuyer == nil)
        #expect(effects.updatedBuyer == row.after)
        #expect(effects.journal.count == 1)
        let entry = try #require(effects.journal.first)
        #expect(entry == row.after.adjustmentEntry(from: previous))
        #expect(entry.kind == .open)
        #expect(entry.isBalanced)
        #expect(ledgerBalances([entry]) == row.postings)
        // Opening + adjustment = the new buyer's balances.
        let journal = ledgerBalances([previous.openingEntry, entry])
        for (account, balance) in row.after.accountBalances { #expect(journal[account, default: 0] == balance, "\(account)") }
    }

    @Test func aBuyerOnFirstUseIsTheStandardBuyerWithItsCreation() throws {
        let (buyer, effects) = PaymentOperations.buyerOnFirstUse(nil, merchantId: Fixture.merchant, userKey: "someone-new")
        #expect(buyer == SandboxUser.standard(merchantId: Fixture.merchant, userKey: "someone-new"))
        #expect(effects == LedgerEffects(createdBuyer: BuyerCreation(buyer: buyer, openingEntry: buyer.openingEntry)))
        #expect(buyer.tossMoneyBalance == 1_000_000 && buyer.points == 0 && buyer.status == .active)
    }

    @Test func aStoredBuyerIsUsedAsItIsAndNothingIsWritten() {
        let stored = Fixture.buyer(tossMoney: 7, points: 3, status: .inactive)
        let (buyer, effects) = PaymentOperations.buyerOnFirstUse(stored, merchantId: Fixture.merchant, userKey: Fixture.userKey)
        #expect(buyer == stored)
        #expect(effects.isEmpty)
    }
}

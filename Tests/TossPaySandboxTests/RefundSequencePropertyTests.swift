import Foundation
import PropertyBased
import Testing
import TossPayCore
import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// SPEC §3 refunds and §4 money conservation, over random payments: random amounts, a random
/// merchant promotion, random buyer points, Toss Money or card, then random partial refunds
/// and a final full refund. No amount goes negative, the parts always add up, no won drifts,
/// the journal balances and agrees with every buyer's stored balances.
///
/// Drives ``PaymentLedger`` (from `buildParts`) over a real SQLite file, for speed.
@Suite("Refund sequences (property)")
struct RefundSequencePropertyTests {
    /// One random case.
    struct Case: CustomStringConvertible {
        var amount: Int64
        var promotionKind: Int  // 0 none, 1 fixed, 2 rate
        var promotionValue: Int64
        var pointsPermille: Int64
        var card: Bool
        var moneyStart: Int64
        var refundPermilles: [Int64]

        var description: String {
            "amount \(amount), promotion \(["none", "fixed", "rate"][promotionKind]) \(promotionValue), points ‰\(pointsPermille), "
                + "\(card ? "card" : "money \(moneyStart)"), refunds ‰\(refundPermilles)"
        }
    }

    /// Everything the buyer holds that a payment can move.
    struct Holdings: Equatable {
        var money: Int64
        var bank: Int64
        var points: Int64
        var cardAvailable: Int64

        init(_ user: SandboxUser) {
            money = user.tossMoneyBalance
            bank = user.bankAccount?.balance ?? 0
            points = user.points
            cardAvailable = user.card(company: 1)?.available ?? 0
        }
    }

    @Test func randomPartialRefundsNeverDriftAndTheJournalBalances() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let logger = quietLogger()
        let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
        do {
            var configuration = ServerConfiguration()
            configuration.databasePath = database.path
            let ledger = try await buildParts(configuration: configuration, store: store, logger: logger).ledger

            await propertyCheck(
                count: 100,
                input: Gen.int(in: 1...300_000), Gen.int(in: 0...4), Gen.int(in: 0...2), Gen.int(in: 1...60_000),
                Gen.int(in: 0...1_000), Gen.int(in: 0...1), Gen.int(in: 0...400_000), Gen.int(in: 1...1_000).array(of: 0...7)
            ) { raw, scale, promotionKind, promotionValue, pointsPermille, card, moneyStart, refunds in
                let divisor = [1, 10, 100, 1_000, 10_000][scale]
                let testCase = Case(
                    amount: Int64(max(1, raw / divisor)), promotionKind: promotionKind, promotionValue: Int64(promotionValue),
                    pointsPermille: Int64(pointsPermille), card: card == 1, moneyStart: Int64(moneyStart),
                    refundPermilles: refunds.map(Int64.init)
                )
                try await Self.check(testCase, ledger: ledger)
            }
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// A few cases chosen by hand: the spec's example, one won, everything discounted.
    @Test(arguments: [
        (10_000, 1, 1_000, 0, [400, 1_000]),
        (1, 1, 1, 0, [1_000]),
        (3, 2, 34, 1_000, [334, 500]),
        (7, 0, 1, 1_000, [143, 167, 200, 250]),
        (100_001, 2, 33, 333, [1, 1, 1, 999, 3]),
    ] as [(Int64, Int, Int64, Int64, [Int64])])
    func chosenRefundSequencesNeverDrift(amount: Int64, kind: Int, value: Int64, pointsPermille: Int64, refunds: [Int64]) async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let logger = quietLogger()
        let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
        do {
            var configuration = ServerConfiguration()
            configuration.databasePath = database.path
            let ledger = try await buildParts(configuration: configuration, store: store, logger: logger).ledger
            for card in [false, true] {
                try await Self.check(
                    Case(amount: amount, promotionKind: kind, promotionValue: value, pointsPermille: pointsPermille, card: card,
                         moneyStart: 0, refundPermilles: refunds),
                    ledger: ledger
                )
            }
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Runs one case and checks every rule after every step.
    static func check(_ testCase: Case, ledger: PaymentLedger, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let merchant = Merchant(id: "m_prop_\(UUID().uuidString.prefix(12))", name: "property", createdAt: 0)
        try await ledger.createMerchant(merchant, keys: [])
        switch testCase.promotionKind {
        case 1:
            try await ledger.savePromotion(Promotion(
                id: "promo_\(merchant.id)", merchantId: merchant.id, name: "fixed", discountAmount: testCase.promotionValue
            ))
        case 2:
            try await ledger.savePromotion(Promotion(
                id: "promo_\(merchant.id)", merchantId: merchant.id, name: "rate", discountRate: testCase.promotionValue % 100 + 1,
                maximumDiscount: testCase.promotionValue
            ))
        default: break
        }
        let amount = testCase.amount
        let expectedPromotion = try await ledger.promotions(merchantId: merchant.id).first?.discount(for: amount) ?? 0
        let pointsUsed = (amount - expectedPromotion) * testCase.pointsPermille / 1_000
        let paidExpected = amount - expectedPromotion - pointsUsed
        // A card takes at least 100 won; below that the buyer pays with Toss Money.
        let useCard = testCase.card && paidExpected >= 100

        let userKey = "prop-\(UUID().uuidString.prefix(12))"
        var start = SandboxUser.standard(merchantId: merchant.id, userKey: userKey)
        start.tossMoneyBalance = testCase.moneyStart
        start.points = pointsUsed + 17
        try await ledger.saveUser(start)
        let before = Holdings(try await ledger.user(userKey, merchantId: merchant.id))

        let payment = try await ledger.makePayment(merchant: merchant, userKey: userKey, request: MakePaymentRequest(
            orderNo: "prop-\(UUID().uuidString.prefix(12))", productDesc: "property", amount: amount,
            taxSplit: TaxSplit(taxable: 0, taxFree: amount, vat: 0, serviceFee: 0), mode: .test
        ))
        _ = try await ledger.authorize(payToken: payment.payToken, userKey: userKey, choice: .init(
            payMethod: useCard ? .card : .tossMoney, cardCompanyCode: useCard ? 1 : nil, points: pointsUsed
        ))
        let executed = try await ledger.execute(
            merchant: merchant, userKey: userKey, request: ExecutePaymentRequest(payToken: payment.payToken, mode: .test)
        )
        let execution = try #require(executed.execution, sourceLocation: sourceLocation)
        #expect(execution.promotionAmount == expectedPromotion, "\(testCase)", sourceLocation: sourceLocation)
        #expect(execution.pointAmount == pointsUsed, "\(testCase)", sourceLocation: sourceLocation)
        #expect(execution.paidAmount == paidExpected, "\(testCase)", sourceLocation: sourceLocation)
        #expect(execution.paidAmount + execution.discountedAmount == amount, "\(testCase)", sourceLocation: sourceLocation)
        #expect(executed.refundableAmount == amount, "\(testCase)", sourceLocation: sourceLocation)
        try await expectJournalAgrees(ledger: ledger, merchantId: merchant.id, userKey: userKey, testCase, sourceLocation: sourceLocation)

        var refundedTotal: Int64 = 0
        var refundedPaid: Int64 = 0
        var refundedDiscount: Int64 = 0
        var refundedPoints: Int64 = 0
        var current = executed

        func refund(_ requested: Int64?) async throws {
            let remainingPaid = execution.paidAmount - refundedPaid
            let remainingDiscount = execution.discountedAmount - refundedDiscount
            let remainingTotal = amount - refundedTotal
            let outcome = try await ledger.refund(merchant: merchant, userKey: userKey, request: RefundPaymentRequest(
                payToken: payment.payToken, reason: "property", mode: .test, amount: requested
            ))
            let step = outcome.refund
            let refunded = -step.transactionAmount
            #expect(refunded == (requested ?? remainingTotal), "\(testCase)", sourceLocation: sourceLocation)
            #expect(step.paidAmount <= 0 && step.discountedAmount <= 0 && step.pointAmount <= 0, "\(testCase): \(step)", sourceLocation: sourceLocation)
            #expect(step.pointAmount >= step.discountedAmount, "points are part of the discount: \(testCase)", sourceLocation: sourceLocation)
            #expect(-step.paidAmount - step.discountedAmount == refunded, "parts add up: \(testCase)", sourceLocation: sourceLocation)
            // In proportion to what remained: the discount share is the exact proportion rounded down, within 2 won.
            let exact = refunded * remainingDiscount
            let share = -step.discountedAmount
            #expect(share * remainingTotal <= exact && (share + 2) * remainingTotal > exact,
                    "discount share \(share) of \(refunded) with \(remainingDiscount)/\(remainingTotal) discounted: \(testCase)",
                    sourceLocation: sourceLocation)
            #expect(-step.paidAmount <= remainingPaid, "\(testCase)", sourceLocation: sourceLocation)

            refundedTotal += refunded
            refundedPaid += -step.paidAmount
            refundedDiscount += -step.discountedAmount
            refundedPoints += -step.pointAmount
            current = outcome.payment
            #expect(current.refundableAmount == amount - refundedTotal, "\(testCase)", sourceLocation: sourceLocation)
            #expect(current.refundableAmount >= 0, "\(testCase)", sourceLocation: sourceLocation)
            #expect(current.currentDiscountedAmount >= 0 && current.currentPaidAmount >= 0, "\(testCase)", sourceLocation: sourceLocation)
            #expect(current.currentDiscountedAmount == execution.discountedAmount - refundedDiscount, "\(testCase)", sourceLocation: sourceLocation)
            #expect(current.currentPaidAmount == execution.paidAmount - refundedPaid, "\(testCase)", sourceLocation: sourceLocation)
            #expect(current.refunded.paid == refundedPaid && current.refunded.points == refundedPoints, "\(testCase)", sourceLocation: sourceLocation)
            #expect(current.refunded.promotion == refundedDiscount - refundedPoints, "\(testCase)", sourceLocation: sourceLocation)
            #expect(refundedPaid + refundedDiscount == refundedTotal, "\(testCase)", sourceLocation: sourceLocation)
            #expect(refundedPoints <= execution.pointAmount, "\(testCase)", sourceLocation: sourceLocation)
            #expect(refundedDiscount - refundedPoints <= execution.promotionAmount, "\(testCase)", sourceLocation: sourceLocation)
            #expect(step.refundableAfter == current.refundableAmount, "\(testCase)", sourceLocation: sourceLocation)
            try await expectJournalAgrees(ledger: ledger, merchantId: merchant.id, userKey: userKey, testCase, sourceLocation: sourceLocation)
        }

        for permille in testCase.refundPermilles {
            let refundable = amount - refundedTotal
            guard refundable > 0 else { break }
            try await refund(max(1, refundable * permille / 1_000))
        }
        if amount - refundedTotal > 0 { try await refund(nil) }

        // Everything came back: exactly the paid and discount parts, not a won more or less.
        #expect(refundedTotal == amount, "\(testCase)", sourceLocation: sourceLocation)
        #expect(refundedPaid == execution.paidAmount, "\(testCase)", sourceLocation: sourceLocation)
        #expect(refundedDiscount == execution.discountedAmount, "\(testCase)", sourceLocation: sourceLocation)
        #expect(refundedPoints == execution.pointAmount, "\(testCase)", sourceLocation: sourceLocation)
        #expect(current.status == .refunded, "\(testCase)", sourceLocation: sourceLocation)
        let steps = try await ledger.store.read { try await $0.transactions(payToken: payment.payToken) }
        #expect(steps.map(\.transactionAmount).reduce(0, +) == 0, "PAY and REFUND steps cancel out: \(testCase)", sourceLocation: sourceLocation)
        #expect(steps.map(\.paidAmount).reduce(0, +) == 0, "\(testCase)", sourceLocation: sourceLocation)
        #expect(steps.map(\.discountedAmount).reduce(0, +) == 0, "\(testCase)", sourceLocation: sourceLocation)
        #expect(steps.map(\.pointAmount).reduce(0, +) == 0, "\(testCase)", sourceLocation: sourceLocation)

        // The buyer is back where they started; an auto-charge only moved bank money into Toss Money.
        let after = Holdings(try await ledger.user(userKey, merchantId: merchant.id))
        #expect(after.points == before.points, "\(testCase)", sourceLocation: sourceLocation)
        #expect(after.cardAvailable == before.cardAvailable, "\(testCase)", sourceLocation: sourceLocation)
        #expect(after.money + after.bank == before.money + before.bank, "\(testCase)", sourceLocation: sourceLocation)
        let charged = max(0, useCard ? 0 : execution.paidAmount - before.money)
        #expect(after.money == before.money + charged, "\(testCase)", sourceLocation: sourceLocation)
        #expect(after.bank == before.bank - charged, "\(testCase)", sourceLocation: sourceLocation)
        // The merchant's books for this payment are empty again.
        let merchantAccounts = try await ledger.store.read { try await $0.accountBalances(prefix: "merchant:\(merchant.id):") }
        #expect(merchantAccounts.values.allSatisfy { $0 == 0 }, "\(merchantAccounts): \(testCase)", sourceLocation: sourceLocation)
    }

    /// The journal balances, and the buyer's journal accounts hold what the stored buyer holds.
    static func expectJournalAgrees(
        ledger: PaymentLedger, merchantId: String, userKey: String, _ testCase: Case, sourceLocation: SourceLocation
    ) async throws {
        let unbalanced = try await ledger.store.read { try await $0.unbalancedEntries() }
        #expect(unbalanced.isEmpty, "unbalanced entries \(unbalanced.map(\.entryId)): \(testCase)", sourceLocation: sourceLocation)
        let journal = try await ledger.store.read { try await $0.accountBalances(prefix: JournalEntry.Account.buyer(merchantId, userKey)) }
        let user = try await ledger.user(userKey, merchantId: merchantId)
        let stored = user.accountBalances
        let accounts = Set(journal.keys).union(stored.keys)
        for account in accounts.sorted() {
            #expect(journal[account] ?? 0 == stored[account] ?? 0,
                    "\(account): journal \(journal[account] ?? 0), buyer \(stored[account] ?? 0): \(testCase)", sourceLocation: sourceLocation)
        }
    }
}

import Testing
import TossPayCore

/// The background sweeps: expiry of waiting payments (SPEC §3, 15 minutes) and settlement
/// after the settlement period (design.md "Settlement") — `PaymentOperations.expire` and
/// `PaymentOperations.settle`.
@Suite("Operation: expiry and settlement sweeps")
struct SweepOperationTests {
    // MARK: expire

    struct ExpireRow: Sendable, CustomTestStringConvertible {
        let status: PaymentStatus
        let sinceExpiry: Int64
        let expires: Bool
        var testDescription: String { "\(status.rawValue) at expiresAt\(sinceExpiry >= 0 ? "+" : "")\(sinceExpiry) ms → \(expires ? "PAY_CANCEL" : "untouched")" }
    }

    @Test(arguments: [
        ExpireRow(status: .standby, sinceExpiry: -1, expires: false),
        ExpireRow(status: .standby, sinceExpiry: 0, expires: true),
        ExpireRow(status: .standby, sinceExpiry: 1, expires: true),
        ExpireRow(status: .approved, sinceExpiry: -1, expires: false),
        ExpireRow(status: .approved, sinceExpiry: 0, expires: true),
        ExpireRow(status: .cancelled, sinceExpiry: 0, expires: false),
        ExpireRow(status: .inProgress, sinceExpiry: 0, expires: false),
        ExpireRow(status: .complete, sinceExpiry: 0, expires: false),
        ExpireRow(status: .refundInProgress, sinceExpiry: 0, expires: false),
        ExpireRow(status: .refunded, sinceExpiry: 0, expires: false),
        ExpireRow(status: .settled, sinceExpiry: 0, expires: false),
        ExpireRow(status: .refundSettled, sinceExpiry: 0, expires: false),
    ])
    func onlyAWaitingPaymentDueAtOrBeforeNowExpires(_ row: ExpireRow) throws {
        let payment = try Fixture.payment(in: row.status)
        let effects = PaymentOperations.expire([payment], now: payment.expiresAt + row.sinceExpiry)
        if row.expires {
            let expired = try #require(effects.updatedPayments.first)
            #expect(effects.updatedPayments.count == 1)
            #expect(expired.status == .cancelled)
            #expect(expired.cancelledAt == payment.expiresAt, "as of its expiry, however late the sweep runs")
            #expect(try Fixture.stored(expired, status: payment.status) == { var p = payment; p.cancelledAt = payment.expiresAt; return p }())
        } else {
            #expect(effects.isEmpty)
        }
        #expect(effects.journal.isEmpty && effects.updatedBuyer == nil && effects.step == nil)
    }

    @Test func aSweepExpiresOnlyTheDueAmongMany() throws {
        let due = try Fixture.made(payToken: "tok-due", at: Fixture.noon)
        let notYet = try Fixture.made(payToken: "tok-not-yet", at: Fixture.noon + 1)
        let paid = try Fixture.paid(payToken: "tok-paid").payment
        let effects = PaymentOperations.expire([due, notYet, paid], now: due.expiresAt)
        #expect(effects.updatedPayments.map(\.payToken) == ["tok-due"])
    }

    // MARK: settle

    static let period: Int64 = 7 * 86_400_000
    static let policy = PaymentPolicy(settlementPeriodMillis: period)

    struct SettleRow: Sendable, CustomTestStringConvertible {
        let status: PaymentStatus
        let sincePaid: Int64
        let settledAs: PaymentStatus?
        var testDescription: String { "\(status.rawValue) at paidAt+period\(sincePaid >= 0 ? "+" : "")\(sincePaid) ms → \(settledAs?.rawValue ?? "untouched")" }
    }

    @Test(arguments: [
        SettleRow(status: .complete, sincePaid: -1, settledAs: nil),
        SettleRow(status: .complete, sincePaid: 0, settledAs: .settled),
        SettleRow(status: .complete, sincePaid: 1, settledAs: .settled),
        SettleRow(status: .refunded, sincePaid: -1, settledAs: nil),
        SettleRow(status: .refunded, sincePaid: 0, settledAs: .refundSettled),
        SettleRow(status: .refundInProgress, sincePaid: 0, settledAs: nil),
        SettleRow(status: .settled, sincePaid: 0, settledAs: nil),
        SettleRow(status: .refundSettled, sincePaid: 0, settledAs: nil),
    ])
    func aPaidPaymentIsSettledOnceItsSettlementPeriodHasPassed(_ row: SettleRow) throws {
        let payment = try Fixture.payment(in: row.status)
        let paidAt = try #require(payment.execution?.paidAt)
        let now = paidAt + Self.period + row.sincePaid
        let effects = PaymentOperations.settle([payment], policy: Self.policy, now: now)
        if let settledAs = row.settledAs {
            let settled = try #require(effects.updatedPayments.first)
            #expect(settled.status == settledAs)
            #expect(settled.settledAt == now)
            #expect(effects.journal.count == 1)
            #expect(effects.journal.first?.kind == .settle)
        } else {
            #expect(effects.isEmpty)
        }
    }

    @Test(arguments: [PaymentStatus.standby, .approved, .cancelled, .inProgress])
    func aPaymentNeverPaidIsNeverSettled(_ status: PaymentStatus) throws {
        let payment = try Fixture.payment(in: status)
        #expect(PaymentOperations.settle([payment], policy: Self.policy, now: payment.createdAt + 10 * Self.period).isEmpty)
    }

    @Test func theDefaultPeriodIsOneYear() throws {
        let payment = try Fixture.paid().payment
        let paidAt = try #require(payment.execution?.paidAt)
        #expect(PaymentOperations.settle([payment], policy: Fixture.policy, now: paidAt + 365 * 86_400_000 - 1).isEmpty)
        #expect(PaymentOperations.settle([payment], policy: Fixture.policy, now: paidAt + 365 * 86_400_000).updatedPayments.count == 1)
    }

    struct OwedRow: Sendable, CustomTestStringConvertible {
        let name: String
        let refunds: [Int64?]
        /// sales, promotion and settled postings of the SETTLE entry.
        let sales: Int64
        let promotion: Int64
        let settled: Int64
        var testDescription: String { "\(name): settles \(settled)" }
    }

    /// 10,000 won with a 1,000-won promotion and 1,000 points: the merchant is owed what was
    /// sold less what was refunded, less the promotion it still funds.
    @Test(arguments: [
        OwedRow(name: "no refund", refunds: [], sales: -10_000, promotion: 1_000, settled: 9_000),
        OwedRow(name: "half refunded", refunds: [5_000], sales: -5_000, promotion: 500, settled: 4_500),
        OwedRow(name: "refunded in two", refunds: [3_000, 3_000], sales: -4_000, promotion: 400, settled: 3_600),
        OwedRow(name: "fully refunded", refunds: [nil], sales: 0, promotion: 0, settled: 0),
    ])
    func settlementMovesWhatTheMerchantIsOwedToSettled(_ row: OwedRow) throws {
        var paid = try Fixture.paid(
            choice: .init(payMethod: .tossMoney, points: 1_000), buyer: Fixture.buyer(points: 1_000),
            promotions: [Fixture.promotion(discount: 1_000)]
        )
        for (index, amount) in row.refunds.enumerated() {
            try paid.refund(Fixture.refundRequest(amount: amount), transactionId: "tx-\(index)")
        }
        let paidAt = try #require(paid.payment.execution?.paidAt)
        let effects = PaymentOperations.settle([paid.payment], policy: Self.policy, now: paidAt + Self.period)
        let entry = try #require(effects.journal.first)
        #expect(entry.isBalanced)
        let posted = ledgerBalances([entry])
        #expect(posted[JournalEntry.Account.sales(Fixture.merchant), default: 0] == row.sales)
        #expect(posted[JournalEntry.Account.promotion(Fixture.merchant), default: 0] == row.promotion)
        #expect(posted[JournalEntry.Account.settled(Fixture.merchant), default: 0] == row.settled)
        // After settlement the merchant's sales and promotion accounts are empty and its
        // settled account holds exactly what it is owed.
        let journal = ledgerBalances(paid.journal + effects.journal)
        #expect(journal[JournalEntry.Account.sales(Fixture.merchant), default: 0] == 0)
        #expect(journal[JournalEntry.Account.promotion(Fixture.merchant), default: 0] == 0)
        #expect(journal[JournalEntry.Account.settled(Fixture.merchant), default: 0] == row.settled)
        #expect(journal.values.reduce(0, +) == 0)
    }

    @Test func aSweepSettlesOnlyTheDueAmongMany() throws {
        let early = try Fixture.paid(payToken: "tok-early", at: Fixture.noon).payment
        let late = try Fixture.paid(payToken: "tok-late", at: Fixture.noon + 1).payment
        let waiting = try Fixture.made(payToken: "tok-waiting")
        let now = try #require(early.execution?.paidAt) + Self.period
        let effects = PaymentOperations.settle([early, late, waiting], policy: Self.policy, now: now)
        #expect(effects.updatedPayments.map(\.payToken) == ["tok-early"])
        #expect(effects.journal.map(\.payToken) == ["tok-early"])
    }
}

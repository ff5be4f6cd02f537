import Foundation
import Testing
import TossPayCore
@testable import TossPayStorage

/// Issue 15 §3 in the store, on every backend: a reset deletes one merchant's world whole —
/// journal entries with all their postings, so every entry left balances and `verify` is clean —
/// and nothing of any other merchant, not even one whose id starts with the same characters.
@Suite("World reset in the store")
struct WorldResetStoreTests {
    /// Merchants whose ids share a beginning: `m_1`'s accounts must not reach `m_10`'s.
    static let short = "m_1"
    static let long = "m_10"
    /// A userKey holding `:`, as account names allow.
    static let buyer = "u:1"

    static func withLedger(_ backend: StoreBackend, _ body: (PaymentLedger) async throws -> Void) async throws {
        let (store, _, cleanup) = try await backend.make()
        defer { cleanup() }
        do {
            let ledger = PaymentLedger(store: store, clock: SandboxClock(remembersOffsets: store is SQLitePaymentStore))
            for id in [short, long] {
                try await ledger.createMerchant(Merchant(id: id, name: id, createdAt: 0), keys: [("hash-\(id)", "TEST")])
            }
            try await body(ledger)
        } catch {
            try? await store.close()
            throw error
        }
        try? await store.close()
    }

    /// A world for `merchantId`: a buyer who paid 1,000 (TEST) and got 400 back, a LIVE payment
    /// that expired, a promotion, its own maintenance window, a clock an hour ahead. Returns the
    /// paid payment's token.
    @discardableResult
    static func populate(_ ledger: PaymentLedger, merchantId: String) async throws -> String {
        let merchant = Merchant(id: merchantId, name: merchantId, createdAt: 0)
        let made = try await ledger.makePayment(
            merchant: merchant, userKey: buyer,
            request: try MakePaymentRequest(orderNo: "order-1", productDesc: "커피", amount: 1_000, amountTaxFree: 0, isTestPayment: true)
        )
        _ = try await ledger.authorize(payToken: made.payToken, userKey: buyer, choice: .init(payMethod: .tossMoney))
        _ = try await ledger.execute(merchant: merchant, userKey: buyer, request: ExecutePaymentRequest(payToken: made.payToken, mode: .test))
        _ = try await ledger.refund(
            merchant: merchant, userKey: buyer,
            request: RefundPaymentRequest(payToken: made.payToken, reason: "단순 변심", mode: .test, amount: 400)
        )
        _ = try await ledger.makePayment(
            merchant: merchant, userKey: buyer,
            request: try MakePaymentRequest(orderNo: "order-2", productDesc: "케이크", amount: 2_000, amountTaxFree: 0, isTestPayment: false)
        )
        try await ledger.savePromotion(Promotion(id: "promo-\(merchantId)", merchantId: merchantId, name: "할인", discountAmount: 100))
        try await ledger.setMaintenanceWindows([try MaintenanceWindow(parsing: "23:30-00:30")], merchantId: merchantId)
        try await ledger.advanceClock(merchantId: merchantId, byMillis: 3_600_000)
        return made.payToken
    }

    /// Everything of `merchantId`'s world a reset would remove, as stored.
    struct WorldRows: Equatable {
        var payments: [Payment]
        var steps: [PaymentTransaction]
        var journal: [JournalEntry]
        var buyer: SandboxUser?
        var orderNoFirstUse: Int64?
        var promotions: [Promotion]
        var balances: [String: Int64]
        var settings: [String: String]
    }

    static func rows(_ ledger: PaymentLedger, merchantId: String) async throws -> WorldRows {
        try await ledger.store.read { transaction in
            let payments = try await transaction.payments(merchantId: merchantId, orderNo: "order-1")
                + transaction.payments(merchantId: merchantId, orderNo: "order-2")
            var steps: [PaymentTransaction] = []
            var journal: [JournalEntry] = []
            for payment in payments {
                steps += try await transaction.transactions(payToken: payment.payToken)
                journal += try await transaction.journal(payToken: payment.payToken)
            }
            return WorldRows(
                payments: payments, steps: steps, journal: journal,
                buyer: try await transaction.user(merchantId: merchantId, key: buyer),
                orderNoFirstUse: try await transaction.orderNoFirstUse(merchantId: merchantId, orderNo: "order-1"),
                promotions: try await transaction.promotions(merchantId: merchantId),
                balances: try await transaction.accountBalances(prefix: "buyer:\(merchantId):")
                    .merging(try await transaction.accountBalances(prefix: "merchant:\(merchantId):")) { $1 },
                settings: try await transaction.latestSettings([
                    SandboxClock.key(merchantId: merchantId), PaymentLedger.maintenanceKey(merchantId: merchantId),
                ])
            )
        }
    }

    @Test(arguments: StoreBackend.all)
    func aResetRemovesOneWorldWholeAndNothingElse(backend: StoreBackend) async throws {
        try await Self.withLedger(backend) { ledger in
            try await Self.populate(ledger, merchantId: Self.short)
            try await Self.populate(ledger, merchantId: Self.long)
            let before = try await Self.rows(ledger, merchantId: Self.short)
            let other = try await Self.rows(ledger, merchantId: Self.long)
            #expect(before.payments.count == 2 && before.buyer != nil && !before.balances.isEmpty && before.settings.count == 2)

            let reset = try await ledger.resetWorld(merchantId: Self.short)
            var expected = WorldResetCounts()
            expected.payments = 2
            expected.transactions = 2
            // The buyer's opening entry, PAY and REFUND.
            expected.journalEntries = before.journal.count + 1
            expected.buyers = 1
            expected.orderNumbers = 2
            expected.promotions = 1
            expected.settings = 2
            #expect(reset.removed == expected)
            #expect(reset.maintenanceWindows == 1)
            #expect(reset.clockMovedBackMillis == 3_600_000)

            let after = try await Self.rows(ledger, merchantId: Self.short)
            #expect(after == WorldRows(
                payments: [], steps: [], journal: [], buyer: nil, orderNoFirstUse: nil, promotions: [], balances: [:], settings: [:]
            ))
            #expect(try await Self.rows(ledger, merchantId: Self.long) == other, "m_10 shares m_1's first characters, not its world")
            #expect(try await ledger.merchant(keyHash: "hash-\(Self.short)")?.id == Self.short, "the merchant and its key stay")
            #expect(try await ledger.clock(merchantId: Self.short).offsetMillis == 0)
            #expect(try await ledger.clock(merchantId: Self.long).offsetMillis == 3_600_000)
            #expect(try await ledger.maintenanceWindows(merchantId: Self.short).isEmpty)
            #expect(try await ledger.store.read { try await $0.unbalancedEntries() }.isEmpty)
            let report = try await LedgerVerifier(store: ledger.store).run()
            #expect(report.violations.isEmpty, "\(report.violations)")
            #expect(report.buyers == 1)

            // The same world again, from nothing: the orderNo is free.
            try await Self.populate(ledger, merchantId: Self.short)
            #expect(try await LedgerVerifier(store: ledger.store).run().violations.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func anEntryThatAlsoPostsToAnotherMerchantRefusesTheResetAndDeletesNothing(backend: StoreBackend) async throws {
        try await Self.withLedger(backend) { ledger in
            try await Self.populate(ledger, merchantId: Self.short)
            let shared = JournalEntry(kind: .open, payToken: nil, postings: [
                .init(JournalEntry.Account.money(Self.short, Self.buyer), 5), .init(JournalEntry.Account.money(Self.long, Self.buyer), -5),
            ])
            try await ledger.store.write { try await $0.append([shared]) }
            let before = try await Self.rows(ledger, merchantId: Self.short)
            await #expect {
                try await ledger.resetWorld(merchantId: Self.short)
            } throws: { error in
                guard case WorldResetError.entrySharedWithAnotherMerchant = error else { return false }
                return true
            }
            #expect(try await Self.rows(ledger, merchantId: Self.short) == before)
            #expect(try await ledger.clock(merchantId: Self.short).offsetMillis == 3_600_000, "the clock stays where it was")
        }
    }

    @Test(arguments: StoreBackend.all)
    func aResetOfAnEmptyOrUnknownWorldRemovesNothing(backend: StoreBackend) async throws {
        try await Self.withLedger(backend) { ledger in
            try await Self.populate(ledger, merchantId: Self.long)
            let other = try await Self.rows(ledger, merchantId: Self.long)
            // `m_` and `m_1` (a merchant with an empty world) begin `m_10`; `m_100` begins with it.
            for id in ["m_", Self.short, "m_100"] {
                #expect(try await ledger.resetWorld(merchantId: id).removed == WorldResetCounts())
            }
            #expect(try await Self.rows(ledger, merchantId: Self.long) == other)
        }
    }
}

extension WorldResetStoreTests {
    /// Payments of the merchant made, executed and refunded while it resets its world, on 8
    /// tasks: each operation commits wholly before the reset or wholly after it, so the journal
    /// and the buyers still agree (on PostgreSQL this needs the reset's table locks). An
    /// operation whose payment the reset removed is refused, never half done. Each task has a
    /// buyer of its own: two first uses of one buyer at once are another race, retried a bounded
    /// number of times by the ledger and not this test's subject.
    @Test(arguments: StoreBackend.all)
    func operationsRacingAResetLeaveTheJournalClean(backend: StoreBackend) async throws {
        try await Self.withLedger(backend) { ledger in
            try await Self.populate(ledger, merchantId: Self.long)
            let merchant = Merchant(id: Self.short, name: Self.short, createdAt: 0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for round in 0..<6 {
                            do {
                                let made = try await ledger.makePayment(
                                    merchant: merchant, userKey: "buyer-\(worker)",
                                    request: try MakePaymentRequest(
                                        orderNo: "race-\(worker)-\(round)", productDesc: "경주", amount: 1_000, amountTaxFree: 0,
                                        isTestPayment: true
                                    )
                                )
                                _ = try await ledger.authorize(
                                    payToken: made.payToken, userKey: "buyer-\(worker)", choice: .init(payMethod: .tossMoney)
                                )
                                _ = try await ledger.execute(
                                    merchant: merchant, userKey: "buyer-\(worker)",
                                    request: ExecutePaymentRequest(payToken: made.payToken, mode: .test)
                                )
                                _ = try await ledger.refund(
                                    merchant: merchant, userKey: "buyer-\(worker)",
                                    request: RefundPaymentRequest(payToken: made.payToken, reason: "경주", mode: .test, amount: 300)
                                )
                            } catch is TossPayError {
                                // The reset removed the payment (or its orderNo's payment) midway.
                            }
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<3 {
                        _ = try await ledger.resetWorld(merchantId: Self.short)
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
                try await group.waitForAll()
            }
            let report = try await LedgerVerifier(store: ledger.store).run()
            #expect(report.violations.isEmpty, "\(report.violations)")
            #expect(try await ledger.store.read { try await $0.unbalancedEntries() }.isEmpty)
        }
    }
}

/// What a SQLite server remembers of clock offsets (``RememberedOffsets``): never a value an
/// overlapping write may have overtaken — the reset moves a clock backwards, so "keep the larger"
/// cannot decide.
@Suite("Remembered clock offsets")
struct RememberedOffsetsTests {
    @Test func aWriteAloneIsRemembered() {
        var memory = RememberedOffsets()
        let ticket = memory.beginChange("m")
        memory.endChange("m", ticket: ticket, offset: 0)
        #expect(memory.lookUp("m").offset == 0)
    }

    @Test func aReadFromBeforeAResetIsNotRememberedAfterIt() throws {
        var memory = RememberedOffsets()
        let read = memory.lookUp("m")
        #expect(read.offset == nil)
        let ticket = memory.beginChange("m")
        memory.endChange("m", ticket: ticket, offset: 0)
        // The read saw the old offset in its snapshot and comes back late.
        memory.remember(86_400_000, merchantId: "m", ticket: try #require(read.ticket))
        #expect(memory.lookUp("m").offset == 0)
    }

    @Test func noReadIsRememberedWhileAWriteIsUnderWay() {
        var memory = RememberedOffsets()
        let ticket = memory.beginChange("m")
        let during = memory.lookUp("m")
        #expect(during.offset == nil && during.ticket == nil, "operations read the store meanwhile")
        memory.endChange("m", ticket: ticket, offset: 5)
        #expect(memory.lookUp("m").offset == 5)
    }

    @Test func overlappingWritesAreForgotten() {
        var memory = RememberedOffsets()
        let advance = memory.beginChange("m")
        let reset = memory.beginChange("m")
        memory.endChange("m", ticket: reset, offset: 0)
        memory.endChange("m", ticket: advance, offset: 3_600_000)
        let looked = memory.lookUp("m")
        #expect(looked.offset == nil, "which committed last is unknown: the next read asks the store")
        #expect(looked.ticket != nil)
    }

    @Test func aFailedWriteForgetsAndOtherMerchantsStay() {
        var memory = RememberedOffsets()
        let other = memory.beginChange("n")
        memory.endChange("n", ticket: other, offset: 7)
        let ticket = memory.beginChange("m")
        memory.endChange("m", ticket: ticket, offset: nil)
        #expect(memory.lookUp("m").offset == nil)
        #expect(memory.lookUp("n").offset == 7)
    }
}

import Foundation
import Testing
@testable import TossPayCore
import TossPayStorage

/// The storage contract, run against every backend.
@Suite("Payment store")
struct PaymentStoreTests {
    static func payment(_ token: String, orderNo: String = "order-1", merchant: String = "m1", at time: Int64 = 1_000) -> Payment {
        let request = MakePaymentRequest(
            orderNo: orderNo, productDesc: "상품", amount: 1_000,
            taxSplit: TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0), mode: .test
        )
        return Payment(payToken: token, merchantId: merchant, userKey: "u1", request: request, createdAt: time, expiresAt: time + 900_000)
    }

    static func withStore(_ backend: StoreBackend, _ body: (any PaymentStore, @Sendable () async throws -> any PaymentStore) async throws -> Void) async throws {
        let (store, reopen, cleanup) = try await backend.make()
        defer { cleanup() }
        do {
            try await store.write { try await $0.insert(Merchant(id: "m1", name: "A", createdAt: 0), keys: [("hash-a", "TEST")]) }
            try await body(store, reopen)
        } catch {
            try? await store.close()
            throw error
        }
        try? await store.close()
    }

    @Test(arguments: StoreBackend.all)
    func committedWritesSurviveReopening(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, reopen in
            try await store.write { try await $0.insert(Self.payment("tok-1")) }
            try await store.close()
            let again = try await reopen()
            let found = try await again.read { try await $0.payment(token: "tok-1") }
            #expect(found == Self.payment("tok-1"))
            let merchant = try await again.read { try await $0.merchant(keyHash: "hash-a") }
            #expect(merchant?.id == "m1")
            try await again.close()
        }
    }

    @Test(arguments: StoreBackend.all)
    func aFailedWriteLeavesNothingBehind(backend: StoreBackend) async throws {
        struct Abort: Error {}
        try await Self.withStore(backend) { store, _ in
            await #expect(throws: Abort.self) {
                try await store.write { transaction in
                    try await transaction.insert(Self.payment("tok-half"))
                    try await transaction.append([JournalEntry(kind: .pay, payToken: "tok-half", postings: [.init("a", 5), .init("b", -5)])])
                    throw Abort()
                }
            }
            let found = try await store.read { try await $0.payment(token: "tok-half") }
            #expect(found == nil)
            let journal = try await store.read { try await $0.journal(payToken: "tok-half") }
            #expect(journal.isEmpty)
            let firstUse = try await store.read { try await $0.orderNoFirstUse(merchantId: "m1", orderNo: "order-1") }
            #expect(firstUse == nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func theDatabaseRefusesASecondPayStep(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            try await store.write { try await $0.insert(Self.payment("tok-2")) }
            let step = PaymentTransaction(
                transactionId: "t-1", payToken: "tok-2", stepType: .pay, transactionAmount: 1_000, paidAmount: 1_000,
                discountedAmount: 0, pointAmount: 0, registeredAt: 2_000
            )
            try await store.write { try await $0.insert(step) }
            var duplicate = step
            duplicate.transactionId = "t-2"
            let second = duplicate
            await #expect(throws: (any Error).self) {
                try await store.write { try await $0.insert(second) }
            }
            let steps = try await store.read { try await $0.transactions(payToken: "tok-2") }
            #expect(steps.map(\.transactionId) == ["t-1"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRefundNumberIsUniquePerPayment(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            try await store.write { try await $0.insert(Self.payment("tok-3")) }
            let refund = PaymentTransaction(
                transactionId: "r-1", payToken: "tok-3", stepType: .refund, transactionAmount: -100, paidAmount: -100,
                discountedAmount: 0, pointAmount: 0, registeredAt: 3_000, refundNo: "R1", requestFingerprint: "x"
            )
            try await store.write { try await $0.insert(refund) }
            var duplicate = refund
            duplicate.transactionId = "r-2"
            let again = duplicate
            await #expect(throws: (any Error).self) { try await store.write { try await $0.insert(again) } }
            let found = try await store.read { try await $0.refund(payToken: "tok-3", refundNo: "R1") }
            #expect(found?.transactionId == "r-1")
        }
    }

    @Test(arguments: StoreBackend.all)
    func concurrentWritesAreSerialised(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await store.write { transaction in
                            let current = Int(try await transaction.setting("counter") ?? "0") ?? 0
                            try await Task.sleep(for: .microseconds(50))
                            try await transaction.setSetting("counter", String(current + 1))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try await store.read { try await $0.setting("counter") }
            #expect(final == "100")
        }
    }

    @Test(arguments: StoreBackend.all)
    func ordersAreListedNewestFirstAndFirstUseIsKept(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            try await store.write { try await $0.insert(Self.payment("old", at: 1_000)) }
            try await store.write { try await $0.insert(Self.payment("new", at: 5_000)) }
            try await store.write { try await $0.insert(Self.payment("other", orderNo: "order-2", at: 6_000)) }
            let listed = try await store.read { try await $0.payments(merchantId: "m1", orderNo: "order-1") }
            #expect(listed.map(\.payToken) == ["new", "old"])
            let firstUse = try await store.read { try await $0.orderNoFirstUse(merchantId: "m1", orderNo: "order-1") }
            #expect(firstUse == 1_000)
        }
    }

    @Test(arguments: StoreBackend.all)
    func expiredAndSettleablePaymentsAreFound(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            try await store.write { try await $0.insert(Self.payment("waiting", at: 0)) }
            var paid = Self.payment("paid", orderNo: "order-9", at: 0)
            paid.status = .complete
            paid.execution = .init(
                transactionId: "t", paidAt: 10_000, promotionAmount: 0, pointAmount: 0, paidAmount: 1_000,
                card: nil, account: nil, cashReceiptMgtKey: nil
            )
            let paidPayment = paid
            try await store.write { try await $0.insert(paidPayment) }
            let notYet = try await store.read { try await $0.expiredPayments(merchantId: nil, now: 899_999, limit: 10) }
            #expect(notYet.isEmpty)
            let due = try await store.read { try await $0.expiredPayments(merchantId: nil, now: 900_000, limit: 10) }
            #expect(due.map(\.payToken) == ["waiting"])
            let settleable = try await store.read { try await $0.settleablePayments(merchantId: nil, paidBefore: 10_000, limit: 10) }
            #expect(settleable.map(\.payToken) == ["paid"])
            let early = try await store.read { try await $0.settleablePayments(merchantId: nil, paidBefore: 9_999, limit: 10) }
            #expect(early.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func theJournalKeepsBalancesAndFindsUnbalancedEntries(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            let user = SandboxUser.standard(merchantId: "m_store", userKey: "buyer_1")
            try await store.write { transaction in
                try await transaction.save(user)
                try await transaction.append([user.openingEntry])
            }
            let balances = try await store.read { try await $0.accountBalances(prefix: "buyer:m_store:buyer_1:") }
            #expect(balances[JournalEntry.Account.money("m_store", "buyer_1")] == 1_000_000)
            #expect(balances[JournalEntry.Account.bank("m_store", "buyer_1")] == 10_000_000)
            // `_` must not act as a wildcard: another buyer's accounts stay out.
            let other = SandboxUser.standard(merchantId: "m_store", userKey: "buyerX1")
            try await store.write { try await $0.append([other.openingEntry]) }
            let again = try await store.read { try await $0.accountBalances(prefix: "buyer:m_store:buyer_1:") }
            #expect(again == balances)
            #expect(try await store.read { try await $0.unbalancedEntries() }.isEmpty)
            try await store.write { try await $0.append([JournalEntry(kind: .pay, payToken: nil, postings: [.init("x", 1)])]) }
            let unbalanced = try await store.read { try await $0.unbalancedEntries() }
            #expect(unbalanced.map(\.sum) == [1])
            let stored = try await store.read { try await $0.user(merchantId: "m_store", key: "buyer_1") }
            #expect(stored == user)
        }
    }

    @Test(arguments: StoreBackend.all)
    func migrationsRunOnceAcrossReopens(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, reopen in
            try await store.write { try await $0.setSetting("k", "v") }
            try await store.close()
            let second = try await reopen()
            try await second.close()
            let third = try await reopen()
            #expect(try await third.read { try await $0.setting("k") } == "v")
            try await third.close()
        }
    }

    @Test(arguments: StoreBackend.all)
    func theConsoleQueryFiltersAMerchantsPaymentsNewestFirst(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            try await store.write { try await $0.insert(Merchant(id: "m2", name: "B", createdAt: 0), keys: []) }
            var paid = Self.payment("b-paid", orderNo: "order-b", at: 2_000)
            paid.status = .complete
            var otherBuyer = Self.payment("c-other", orderNo: "order-c", at: 3_000)
            otherBuyer.userKey = "u2"
            for payment in [Self.payment("a-first", at: 1_000), paid, otherBuyer, Self.payment("z-theirs", merchant: "m2", at: 2_500)] {
                try await store.write { try await $0.insert(payment) }
            }
            func tokens(_ query: PaymentQuery) async throws -> [String] {
                try await store.read { try await $0.payments(matching: query) }.map(\.payToken)
            }
            #expect(try await tokens(PaymentQuery(merchantId: "m1")) == ["c-other", "b-paid", "a-first"])
            #expect(try await tokens(PaymentQuery(merchantId: "m2")) == ["z-theirs"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", status: .complete)) == ["b-paid"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", mode: .test)) == ["c-other", "b-paid", "a-first"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", mode: .live)).isEmpty)
            #expect(try await tokens(PaymentQuery(merchantId: "m1", orderNo: "order-1")) == ["a-first"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", userKey: "u2")) == ["c-other"])
            // createdFrom is inclusive, createdBefore exclusive.
            #expect(try await tokens(PaymentQuery(merchantId: "m1", createdFrom: 2_000, createdBefore: 3_000)) == ["b-paid"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", createdFrom: 2_001, createdBefore: 3_001)) == ["c-other"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", limit: 2)) == ["c-other", "b-paid"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", limit: 2, offset: 2)) == ["a-first"])
            #expect(try await tokens(PaymentQuery(merchantId: "m1", orderNo: "order\u{0}1")).isEmpty)
        }
    }

    @Test func aPaymentQueryKeepsItsLimitsSane() {
        #expect(PaymentQuery(merchantId: "m", limit: 0).limit == 1)
        #expect(PaymentQuery(merchantId: "m", limit: 500).limit == 500)
        #expect(PaymentQuery(merchantId: "m", limit: 501).limit == 500)
        #expect(PaymentQuery(merchantId: "m", offset: -1).offset == 0)
    }

    @Test(arguments: StoreBackend.all)
    func keysAreAddedAndListedWithoutTheKeys(backend: StoreBackend) async throws {
        try await Self.withStore(backend) { store, _ in
            try await store.write { try await $0.addKeys(merchantId: "m1", keys: [("bbbbbbbbbbbb", "LIVE"), ("cccccccccccc", "TEST")], createdAt: 7_000) }
            let keys = try await store.read { try await $0.apiKeys(merchantId: "m1") }
            #expect(keys == [
                ApiKeyRecord(kind: "TEST", createdAt: 0, fingerprint: "hash-a"),
                ApiKeyRecord(kind: "LIVE", createdAt: 7_000, fingerprint: "bbbbbbbb"),
                ApiKeyRecord(kind: "TEST", createdAt: 7_000, fingerprint: "cccccccc"),
            ])
            #expect(try await store.read { try await $0.merchant(keyHash: "cccccccccccc") }?.id == "m1")
            #expect(try await store.read { try await $0.apiKeys(merchantId: "nobody") }.isEmpty)
        }
    }
}

import Foundation
import Testing
@testable import TossPayCore
import TossPayStorage

/// Writes that race: one process with SQLite's single writer, or many instances on one
/// PostgreSQL database (row locks, advisory locks, SKIP LOCKED). Each test would fail on
/// PostgreSQL if the store read without holding what it decides on.
@Suite("Concurrent writes")
struct ConcurrentWriteTests {
    static let merchant = Merchant(id: "m1", name: "A", createdAt: 0)

    static func request(orderNo: String, amount: Int64 = 10_000) -> MakePaymentRequest {
        MakePaymentRequest(
            orderNo: orderNo, productDesc: "상품", amount: amount,
            taxSplit: TaxSplit(taxable: amount * 10 / 11, taxFree: 0, vat: amount - amount * 10 / 11, serviceFee: 0), mode: .test
        )
    }

    /// Runs `count` copies of `body` at once; returns the results in no particular order.
    static func race<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async -> [Result<T, any Error>] {
        await withTaskGroup(of: Result<T, any Error>.self) { group in
            for index in 0..<count {
                group.addTask {
                    do { return .success(try await body(index)) } catch { return .failure(error) }
                }
            }
            var results: [Result<T, any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
    }

    @Test(arguments: StoreBackend.all)
    func twoWritesRacingOnOnePaymentRowApplyOnce(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            var approved = PaymentStoreTests.payment("tok-race")
            approved.status = .approved
            let payment = approved
            try await store.write { try await $0.insert(payment) }
            let results = await Self.race(16) { index in
                try await store.write { transaction -> Bool in
                    guard var current = try await transaction.payment(token: "tok-race"), current.status == .approved else { return false }
                    // Widen the window between the read and the write.
                    try await Task.sleep(for: .milliseconds(2))
                    current.status = .complete
                    try await transaction.update(current)
                    try await transaction.insert(PaymentTransaction(
                        transactionId: "t-\(index)", payToken: "tok-race", stepType: .pay, transactionAmount: 1_000,
                        paidAmount: 1_000, discountedAmount: 0, pointAmount: 0, registeredAt: 2_000
                    ))
                    return true
                }
            }
            let applied = try results.map { try $0.get() }.filter { $0 }
            #expect(applied.count == 1)
            let steps = try await store.read { try await $0.transactions(payToken: "tok-race") }
            #expect(steps.count == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func concurrentExecutesOfOnePaymentChargeOnce(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let ledger = PaymentLedger(store: store, clock: SandboxClock())
            let payment = try await ledger.makePayment(merchant: Self.merchant, userKey: "buyer-x", request: Self.request(orderNo: "exec-1"))
            _ = try await ledger.authorize(payToken: payment.payToken, userKey: "buyer-x", choice: .init(payMethod: .tossMoney))
            let results = await Self.race(20) { _ in
                try await ledger.execute(
                    merchant: Self.merchant, userKey: "buyer-x", request: ExecutePaymentRequest(payToken: payment.payToken, mode: .test)
                )
            }
            let succeeded = results.filter { (try? $0.get()) != nil }
            #expect(succeeded.count == 1)
            for case .failure(let error) in results {
                let code = (error as? TossPayError)?.code
                #expect(code == .paymentExistingPayment || code == .transactionPendingError, "unexpected \(error)")
            }
            let buyer = try #require(try await store.read { try await $0.user(merchantId: Self.merchant.id, key: "buyer-x") })
            #expect(buyer.tossMoneyBalance == 1_000_000 - 10_000)
            let balances = try await store.read { try await $0.accountBalances(prefix: JournalEntry.Account.buyer(Self.merchant.id, "buyer-x")) }
            #expect(balances[JournalEntry.Account.money(Self.merchant.id, "buyer-x")] == buyer.tossMoneyBalance)
            #expect(try await store.read { try await $0.unbalancedEntries() }.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func concurrentRefundsNeverExceedThePayment(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let ledger = PaymentLedger(store: store, clock: SandboxClock())
            let payment = try await ledger.makePayment(merchant: Self.merchant, userKey: "buyer-r", request: Self.request(orderNo: "refund-1"))
            _ = try await ledger.authorize(payToken: payment.payToken, userKey: "buyer-r", choice: .init(payMethod: .tossMoney))
            _ = try await ledger.execute(merchant: Self.merchant, userKey: "buyer-r", request: .init(payToken: payment.payToken, mode: .test))
            // 24 refunds of 1,000 on a 10,000 payment, six refundNos repeated four times each.
            let results = await Self.race(24) { index in
                try await ledger.refund(merchant: Self.merchant, userKey: "buyer-r", request: RefundPaymentRequest(
                    payToken: payment.payToken, reason: "부분 환불", mode: .test, amount: 1_000, refundNo: "R\(index % 6)"
                ))
            }
            let outcomes = results.compactMap { try? $0.get() }
            #expect(outcomes.count == 24, "a repeated refundNo returns the first result: \(results.filter { (try? $0.get()) == nil })")
            #expect(Set(outcomes.map(\.refund.transactionId)).count == 6)
            let steps = try await store.read { try await $0.transactions(payToken: payment.payToken) }
            #expect(steps.filter { $0.stepType == .refund }.count == 6)
            let stored = try #require(try await store.read { try await $0.payment(token: payment.payToken) })
            #expect(stored.refundableAmount == 4_000)
            let buyer = try #require(try await store.read { try await $0.user(merchantId: Self.merchant.id, key: "buyer-r") })
            #expect(buyer.tossMoneyBalance == 1_000_000 - 4_000)
        }
    }

    @Test(arguments: StoreBackend.all)
    func createsOfOneOrderNoMakeOnePayment(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let ledger = PaymentLedger(store: store, clock: SandboxClock())
            let results = await Self.race(20) { index in
                try await ledger.makePayment(merchant: Self.merchant, userKey: "buyer-\(index % 3)", request: Self.request(orderNo: "same-order"))
            }
            #expect(results.filter { (try? $0.get()) != nil }.count == 1)
            for case .failure(let error) in results {
                #expect((error as? TossPayError)?.code == .paymentExistingPayment, "unexpected \(error)")
            }
            let stored = try await store.read { try await $0.payments(merchantId: "m1", orderNo: "same-order") }
            #expect(stored.count == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aBuyerCreatedByManyWritesAtOnceOpensOnce(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let ledger = PaymentLedger(store: store, clock: SandboxClock())
            let results = await Self.race(12) { _ in try await ledger.user("fresh-buyer", merchantId: Self.merchant.id) }
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            let balances = try await store.read { try await $0.accountBalances(prefix: JournalEntry.Account.buyer(Self.merchant.id, "fresh-buyer")) }
            #expect(balances[JournalEntry.Account.money(Self.merchant.id, "fresh-buyer")] == 1_000_000)
            #expect(balances[JournalEntry.Account.bank(Self.merchant.id, "fresh-buyer")] == 10_000_000)
        }
    }

    @Test(arguments: StoreBackend.all)
    func claimsOfDuePaymentsNeverOverlap(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            for index in 0..<10 {
                try await store.write { try await $0.insert(PaymentStoreTests.payment("due-\(index)", orderNo: "due-\(index)", at: 0)) }
            }
            let results = await Self.race(3) { _ in
                try await store.write { transaction -> [String] in
                    let due = try await transaction.expiredPayments(merchantId: nil, now: 1_000_000, limit: 10)
                    try await Task.sleep(for: .milliseconds(200))
                    for var payment in due {
                        payment.status = .cancelled
                        try await transaction.update(payment)
                    }
                    return due.map(\.payToken)
                }
            }
            let claims = try results.map { try $0.get() }
            let all = claims.flatMap { $0 }
            #expect(all.count == 10, "claims: \(claims)")
            #expect(Set(all).count == all.count, "a due payment was claimed twice: \(claims)")
        }
    }

    @Test(arguments: StoreBackend.all)
    func clockAdvancesFromManyInstancesAddUpPerMerchant(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            // One clock per simulated server instance, all on one store.
            let results = await Self.race(10) { _ in try await SandboxClock().advance(merchantId: "m_a", by: 1_000, store: store) }
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            let fresh = SandboxClock()
            let offsets = try await store.read { transaction in
                (try await fresh.offset(merchantId: "m_a", in: transaction), try await fresh.offset(merchantId: "m_b", in: transaction))
            }
            #expect(offsets.0 == 10_000)
            #expect(offsets.1 == 0, "another merchant's clock did not move")
            // The wall clock is read before, so the bound holds however long the read takes.
            let before = SandboxClock.systemMillis()
            let seen = try await store.read { try await fresh.now(merchantId: "m_a", in: $0) }
            #expect(seen >= before + 10_000)
        }
    }
}

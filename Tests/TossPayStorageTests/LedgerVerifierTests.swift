import Foundation
import Testing
@testable import TossPayCore
import TossPayStorage

/// `tosspay verify`'s checks: a consistent store passes; each kind of damage is reported with
/// the payment it concerns.
@Suite("Ledger verifier")
struct LedgerVerifierTests {
    static let merchant = Merchant(id: "m1", name: "A", createdAt: 0)

    /// A ledger with one executed and partly refunded payment, made through the real operations.
    static func withPaidPayment(_ backend: StoreBackend, _ body: (any PaymentStore, Payment) async throws -> Void) async throws {
        let (store, _, cleanup) = try await backend.make()
        do {
            let ledger = PaymentLedger(store: store, clock: SandboxClock())
            try await ledger.createMerchant(merchant, keys: [])
            let request = try MakePaymentRequest(orderNo: "v-1", productDesc: "상품", amount: 10_000, amountTaxFree: 0, isTestPayment: true)
            let made = try await ledger.makePayment(merchant: merchant, userKey: "buyer", request: request)
            _ = try await ledger.authorize(payToken: made.payToken, userKey: "buyer", choice: .init(payMethod: .tossMoney))
            _ = try await ledger.execute(merchant: merchant, userKey: "buyer", request: .init(payToken: made.payToken, mode: .test))
            let refunded = try await ledger.refund(
                merchant: merchant, userKey: "buyer", request: .init(payToken: made.payToken, reason: "부분", mode: .test, amount: 4_000)
            )
            try await body(store, refunded.payment)
        } catch {
            try? await store.close()
            cleanup()
            throw error
        }
        try? await store.close()
        cleanup()
    }

    @Test(arguments: StoreBackend.all)
    func aConsistentStoreHasNoViolations(backend: StoreBackend) async throws {
        try await Self.withPaidPayment(backend) { store, _ in
            let report = try await LedgerVerifier(store: store).run()
            #expect(report.violations.isEmpty, "\(report.violations)")
            #expect(report.payments == 1)
            #expect(report.buyers == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRefundableAmountThatDisagreesWithTheStepsIsReported(backend: StoreBackend) async throws {
        try await Self.withPaidPayment(backend) { store, payment in
            var damaged = payment
            damaged.refunded.paid -= 1_000
            let broken = damaged
            try await store.write { try await $0.update(broken) }
            let report = try await LedgerVerifier(store: store).run()
            #expect(report.violations.contains { $0.subject == payment.payToken && $0.problem.contains("refundable") })
        }
    }

    @Test(arguments: StoreBackend.all)
    func aSecondPayStepIsReported(backend: StoreBackend) async throws {
        try await Self.withPaidPayment(backend) { store, payment in
            let extra = PaymentTransaction(
                transactionId: "extra", payToken: payment.payToken, stepType: .refund, transactionAmount: 500, paidAmount: 500,
                discountedAmount: 0, pointAmount: 0, registeredAt: 0
            )
            try await store.write { try await $0.insert(extra) }
            let report = try await LedgerVerifier(store: store).run()
            #expect(report.violations.contains { $0.problem.contains("not negative") })
        }
    }

    @Test(arguments: StoreBackend.all)
    func anUnbalancedJournalEntryIsReported(backend: StoreBackend) async throws {
        try await Self.withPaidPayment(backend) { store, payment in
            try await store.write {
                try await $0.append([JournalEntry(kind: .pay, payToken: payment.payToken, postings: [.init("buyer:m1:buyer:money", -7)])])
            }
            let report = try await LedgerVerifier(store: store).run()
            #expect(report.violations.contains { $0.subject == "journal" })
            #expect(report.violations.contains { $0.subject == "user:m1:buyer" && $0.problem.contains("money") })
        }
    }

    @Test(arguments: StoreBackend.all)
    func aStatusThatDisagreesWithItsStepsIsReported(backend: StoreBackend) async throws {
        try await Self.withPaidPayment(backend) { store, payment in
            var damaged = payment
            damaged.status = .complete
            let broken = damaged
            try await store.write { try await $0.update(broken) }
            let report = try await LedgerVerifier(store: store).run()
            #expect(report.violations.contains { $0.problem.contains("PAY_COMPLETE with REFUND steps") })
        }
    }
}

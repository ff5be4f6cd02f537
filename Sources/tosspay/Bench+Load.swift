import ArgumentParser
import Foundation
import Logging
import TossPayStorage

extension Bench {
    /// `--load`: stores `payments` paid payments of the sandbox merchant in `database` (the
    /// server has created the merchant by now), numbered after those already loaded, and prints
    /// how long it took.
    static func fill(database: String, payments: Int) async throws {
        var logger = Logger(label: "tosspay.bench.load")
        logger.logLevel = .warning
        let store = try await PaymentStores.open(database, mustExist: true, logger: logger)
        do {
            let clock = SandboxClock()
            try await clock.load(from: store)
            let ledger = PaymentLedger(store: store, clock: clock)
            guard let merchant = try await ledger.merchant(id: Merchant.sandboxId) else {
                throw ValidationError("the sandbox merchant is not in \(database)")
            }
            let already = try await Self.loadedCount(store)
            let started = ContinuousClock.now
            let stored = try await ledger.load(merchant: merchant, first: already, count: payments)
            let elapsed = Self.seconds(ContinuousClock.now - started)
            print("loaded \(stored) paid payments (sandbox merchant, \(already) loaded before) in \(String(format: "%.1f", elapsed)) s: \(Int(Double(stored) / max(elapsed, 0.001))) payments/s")
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// How many payments earlier loads stored (their orderNos are `load-0` … `load-(n−1)`).
    static func loadedCount(_ store: any PaymentStore) async throws -> Int {
        var low = 0
        var high = 1
        func exists(_ number: Int) async throws -> Bool {
            try await !store.read { try await $0.payments(merchantId: Merchant.sandboxId, orderNo: "load-\(number)") }.isEmpty
        }
        while try await exists(high - 1) { low = high; high *= 2 }
        // load-(low−1) exists (or low is 0), load-(high−1) does not.
        while low < high {
            let middle = (low + high) / 2
            if try await exists(middle) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

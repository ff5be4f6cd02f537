import TossPayCore

extension StoreTransaction {
    /// Writes what Core decided, in one order for every operation: a first-use buyer with its
    /// opening entry, the new payment, changed payments, buyer and promotion, the step, the
    /// journal. A buyer another transaction created first is ``LedgerRetry/buyerCreatedConcurrently``.
    func save(_ effects: LedgerEffects) async throws {
        if let creation = effects.createdBuyer {
            guard try await insertIfAbsent(creation.buyer) else { throw LedgerRetry.buyerCreatedConcurrently }
            try await append([creation.openingEntry])
        }
        if let payment = effects.createdPayment { try await insert(payment) }
        for payment in effects.updatedPayments { try await update(payment) }
        if let buyer = effects.updatedBuyer { try await save(buyer) }
        if let promotion = effects.updatedPromotion { try await save(promotion) }
        if let step = effects.step { try await insert(step) }
        if !effects.journal.isEmpty { try await append(effects.journal) }
    }

    /// The bank maintenance windows in force, as last committed (not held: a concurrent change
    /// of the windows need not wait for payments).
    /// A merchant has its own windows once it sets them; until then the server-wide ones
    /// (`bank.maintenance` at start) apply.
    func maintenanceWindows(merchantId: String) async throws -> [MaintenanceWindow] {
        // The merchant's own windows, else the configured ones: both read in one statement.
        let own = PaymentLedger.maintenanceKey(merchantId: merchantId)
        let values = try await latestSettings([own, PaymentLedger.maintenanceKey])
        guard let text = values[own] ?? values[PaymentLedger.maintenanceKey] else { return [] }
        do {
            return try MaintenanceWindow.parseList(text)
        } catch {
            throw StoreError.corruptRow(table: "settings", column: "value")
        }
    }
}

/// A decision made on rows another transaction changed before it could be saved: the whole
/// operation runs again (load → decide → save) on the rows as they are now.
enum LedgerRetry: Error {
    /// Two transactions created one buyer at once; the one whose insert lost reloads it.
    case buyerCreatedConcurrently
}

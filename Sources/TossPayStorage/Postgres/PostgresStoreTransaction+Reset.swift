import PostgresNIO
import TossPayCore

/// Deleting one merchant's sandbox world in PostgreSQL (`POST /sandbox/v1/reset`).
///
/// Operations lock rows, not worlds, and run at READ COMMITTED: a statement sees what committed
/// before it began. Without more, an execute committing between the reset's delete of the
/// postings and its delete of the payments would leave a PAY entry behind for a payment and a
/// buyer that are gone. So the reset first takes the world tables in EXCLUSIVE mode: writes to
/// them (and `FOR UPDATE` reads) from every instance wait until it commits, plain reads go on.
/// Operations already under way finish first (the lock waits for them); a deadlock with one
/// is resolved by PostgreSQL and the reset runs again (``PostgresPaymentStore`` retries 40P01).
/// The tables are taken in the order operations touch them, payments first, so that is rare.
extension PostgresStoreTransaction {
    /// The tables a world lives in, in the order operations take them.
    static let worldTables = [
        "payments", "users", "promotions", "order_numbers", "transactions", "journal_entries", "journal_postings",
        "login_consents", "login_grants", "login_callbacks",
    ]

    /// The tables whose rows name their merchant, after the payments' steps are gone, with what
    /// each count is.
    static let merchantTables: [(table: String, kind: any WritableKeyPath<WorldResetCounts, Int> & Sendable)] = [
        ("payments", \.payments), ("order_numbers", \.orderNumbers), ("users", \.buyers), ("promotions", \.promotions),
        ("login_grants", \.loginGrants), ("login_consents", \.loginConsents), ("login_callbacks", \.loginCallbacks),
    ]

    func resetWorld(merchantId: String, settingKeys: [String]) async throws -> WorldResetCounts {
        guard Self.storable(merchantId) else { return WorldResetCounts() }
        try await query(PostgresQuery(unsafeSQL: "LOCK TABLE \(Self.worldTables.joined(separator: ", ")) IN EXCLUSIVE MODE"))
        // As `setting(_:)` does: a concurrent clock advance or maintenance change of these keys
        // queues behind the reset.
        let keys = settingKeys.filter(Self.storable)
        for key in keys { try await advisoryLock("setting\u{1F}\(key)") }

        let accounts = WorldAccounts(merchantId: merchantId)
        let (buyers, own) = (accounts.buyers, accounts.merchant)
        // The entries go whole: those of the merchant's payments and those posting to its
        // accounts, listed once before any posting is deleted.
        let listed = try await query(
            """
            SELECT COALESCE(array_agg(id ORDER BY id), '{}')::bigint[] FROM (
                SELECT id FROM journal_entries WHERE pay_token IN (SELECT pay_token FROM payments WHERE merchant_id = \(merchantId))
                UNION
                SELECT entry_id FROM journal_postings
                WHERE (account >= \(buyers.lower) AND account < \(buyers.upper)) OR (account >= \(own.lower) AND account < \(own.upper))
            ) AS entries(id)
            """
        )
        let entries = try listed.first.map { try $0.value(0, [Int64].self, column: "id", of: "journal_entries") } ?? []
        let (anyBuyer, anyMerchant) = (WorldAccounts.anyBuyer, WorldAccounts.anyMerchant)
        let shared = try await query(
            """
            SELECT entry_id FROM journal_postings WHERE entry_id = ANY(\(entries)::bigint[])
            AND ((account >= \(anyBuyer.lower) AND account < \(anyBuyer.upper))
                 OR (account >= \(anyMerchant.lower) AND account < \(anyMerchant.upper)))
            AND NOT ((account >= \(buyers.lower) AND account < \(buyers.upper)) OR (account >= \(own.lower) AND account < \(own.upper)))
            LIMIT 1
            """
        )
        if let entryId = try shared.first.map({ try $0.value(0, Int64.self, column: "entry_id", of: "journal_postings") }) {
            throw WorldResetError.entrySharedWithAnotherMerchant(entryId: entryId)
        }

        var removed = WorldResetCounts()
        try await query("DELETE FROM journal_postings WHERE entry_id = ANY(\(entries)::bigint[])")
        removed.journalEntries = try await count(
            "WITH gone AS (DELETE FROM journal_entries WHERE id = ANY(\(entries)::bigint[]) RETURNING 1) SELECT count(*) FROM gone"
        )
        removed.transactions = try await count(
            """
            WITH gone AS (
                DELETE FROM transactions WHERE pay_token IN (SELECT pay_token FROM payments WHERE merchant_id = \(merchantId)) RETURNING 1
            ) SELECT count(*) FROM gone
            """
        )
        for (table, kind) in Self.merchantTables {
            var binds = PostgresBindings()
            binds.append(merchantId)
            removed[keyPath: kind] = try await count(PostgresQuery(
                unsafeSQL: "WITH gone AS (DELETE FROM \(table) WHERE merchant_id = $1 RETURNING 1) SELECT count(*) FROM gone", binds: binds
            ))
        }
        if !keys.isEmpty {
            removed.settings = try await count(
                "WITH gone AS (DELETE FROM settings WHERE key = ANY(\(keys)::text[]) RETURNING 1) SELECT count(*) FROM gone"
            )
        }
        return removed
    }

    /// The single count a `WITH gone AS (DELETE …) SELECT count(*)` statement answers.
    private func count(_ statement: PostgresQuery) async throws -> Int {
        guard let row = try await query(statement).first else { throw StoreError.unexpectedRow("a count") }
        return Int(try row.value(0, Int64.self, column: "count", of: "reset"))
    }
}

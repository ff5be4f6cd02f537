import TossPayCore

/// Deleting one merchant's sandbox world in SQLite (`POST /sandbox/v1/reset`). The single writer
/// runs it as one write, so no other write of any merchant interleaves.
extension SQLiteStoreTransaction {
    func resetWorld(merchantId: String, settingKeys: [String]) async throws -> WorldResetCounts {
        let accounts = WorldAccounts(merchantId: merchantId)
        let (buyers, own) = (accounts.buyers, accounts.merchant)
        // The entries go whole: those of the merchant's payments and those posting to its
        // accounts, listed once before any posting is deleted.
        let entryIds = try await query(
            """
            SELECT id FROM journal_entries WHERE pay_token IN (SELECT pay_token FROM payments WHERE merchant_id = ?1)
            UNION
            SELECT entry_id AS id FROM journal_postings WHERE (account >= ?2 AND account < ?3) OR (account >= ?4 AND account < ?5)
            """,
            [.text(merchantId), .text(buyers.lower), .text(buyers.upper), .text(own.lower), .text(own.upper)]
        ).map { try $0.int64("id", of: "journal_entries") }
        // One bind for any number of entries: a JSON array read by json_each.
        let entries = "[" + entryIds.map(String.init).joined(separator: ",") + "]"
        let shared = try await query(
            """
            SELECT entry_id FROM journal_postings WHERE entry_id IN (SELECT value FROM json_each(?1))
            AND ((account >= ?2 AND account < ?3) OR (account >= ?4 AND account < ?5))
            AND NOT ((account >= ?6 AND account < ?7) OR (account >= ?8 AND account < ?9)) LIMIT 1
            """,
            [
                .text(entries), .text(WorldAccounts.anyBuyer.lower), .text(WorldAccounts.anyBuyer.upper),
                .text(WorldAccounts.anyMerchant.lower), .text(WorldAccounts.anyMerchant.upper),
                .text(buyers.lower), .text(buyers.upper), .text(own.lower), .text(own.upper),
            ]
        )
        if let entryId = try shared.first.map({ try $0.int64("entry_id", of: "journal_postings") }) {
            throw WorldResetError.entrySharedWithAnotherMerchant(entryId: entryId)
        }

        var removed = WorldResetCounts()
        try await query("DELETE FROM journal_postings WHERE entry_id IN (SELECT value FROM json_each(?))", [.text(entries)])
        removed.journalEntries = try await query(
            "DELETE FROM journal_entries WHERE id IN (SELECT value FROM json_each(?)) RETURNING id", [.text(entries)]
        ).count
        removed.transactions = try await query(
            "DELETE FROM transactions WHERE pay_token IN (SELECT pay_token FROM payments WHERE merchant_id = ?) RETURNING transaction_id",
            [.text(merchantId)]
        ).count
        removed.payments = try await query("DELETE FROM payments WHERE merchant_id = ? RETURNING pay_token", [.text(merchantId)]).count
        removed.orderNumbers = try await query("DELETE FROM order_numbers WHERE merchant_id = ? RETURNING order_no", [.text(merchantId)]).count
        removed.buyers = try await query("DELETE FROM users WHERE merchant_id = ? RETURNING user_key", [.text(merchantId)]).count
        removed.promotions = try await query("DELETE FROM promotions WHERE merchant_id = ? RETURNING id", [.text(merchantId)]).count
        removed.loginGrants = try await query("DELETE FROM login_grants WHERE merchant_id = ? RETURNING hash", [.text(merchantId)]).count
        removed.loginConsents = try await query("DELETE FROM login_consents WHERE merchant_id = ? RETURNING person", [.text(merchantId)]).count
        removed.loginCallbacks = try await query("DELETE FROM login_callbacks WHERE merchant_id = ? RETURNING id", [.text(merchantId)]).count
        if !settingKeys.isEmpty {
            let marks = Array(repeating: "?", count: settingKeys.count).joined(separator: ", ")
            removed.settings = try await query(
                "DELETE FROM settings WHERE key IN (\(marks)) RETURNING key", settingKeys.map { .text($0) }
            ).count
        }
        return removed
    }
}

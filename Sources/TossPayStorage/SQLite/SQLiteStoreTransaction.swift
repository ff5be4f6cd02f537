import Foundation
import TossPayCore

/// ``StoreTransaction`` on one SQLite connection inside `BEGIN … COMMIT`.
struct SQLiteStoreTransaction: StoreTransaction {
    let connection: SQLiteHandle
    /// Counts the statements of the operation this transaction (or batched write) runs for.
    let counter: StatementCounter

    /// Runs one statement of this transaction.
    ///
    /// A statement with an `ORDER BY` takes its values as `CAST(? AS TEXT)` / `CAST(? AS
    /// INTEGER)` (in `WHERE` and `LIMIT`): SQLite 3.54 otherwise plans such a statement again for
    /// every new bound value (its reprepare counter rises on every run, measured), while the
    /// cast keeps the plan — the same index — and the statement prepared once.
    /// `SQLiteStatementReuseTests` holds the payment path, the console list and verification to that.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLiteValue] = []) async throws -> [SQLiteResultRow] {
        counter.inlineStatement()
        return try connection.query(sql, binds)
    }

    // MARK: Merchants

    func merchant(id: String) async throws -> Merchant? {
        try await query("SELECT id, name, created_at FROM merchants WHERE id = ?", [.text(id)]).first.map(Self.merchant(row:))
    }

    func merchant(keyHash: String) async throws -> Merchant? {
        try await query(
            "SELECT m.id, m.name, m.created_at FROM api_keys k JOIN merchants m ON m.id = k.merchant_id WHERE k.key_hash = ? AND k.revoked_at IS NULL",
            [.text(keyHash)]
        ).first.map(Self.merchant(row:))
    }

    static func merchant(row: SQLiteResultRow) throws -> Merchant {
        Merchant(
            id: try row.text("id", of: "merchants"), name: try row.text("name", of: "merchants"),
            createdAt: try row.int64("created_at", of: "merchants")
        )
    }

    func insert(_ merchant: Merchant, keys: [(hash: String, kind: String)]) async throws {
        try await query(
            "INSERT INTO merchants (id, name, created_at) VALUES (?, ?, ?)",
            [.text(merchant.id), .text(merchant.name), .integer(Int(merchant.createdAt))]
        )
        for key in keys {
            try await query(
                "INSERT INTO api_keys (key_hash, merchant_id, kind, created_at) VALUES (?, ?, ?, ?)",
                [.text(key.hash), .text(merchant.id), .text(key.kind), .integer(Int(merchant.createdAt))]
            )
        }
    }

    func addKeys(merchantId: String, keys: [(hash: String, kind: String)], createdAt: Int64) async throws {
        for key in keys {
            try await query(
                "INSERT INTO api_keys (key_hash, merchant_id, kind, created_at) VALUES (?, ?, ?, ?)",
                [.text(key.hash), .text(merchantId), .text(key.kind), .integer(Int(createdAt))]
            )
        }
    }

    func apiKeys(merchantId: String) async throws -> [ApiKeyRecord] {
        try await query(
            "SELECT kind, created_at, key_hash, revoked_at FROM api_keys WHERE merchant_id = CAST(? AS TEXT) ORDER BY created_at, key_hash",
            [.text(merchantId)]
        ).map { row in
            ApiKeyRecord(
                kind: try row.text("kind", of: "api_keys"),
                createdAt: try row.int64("created_at", of: "api_keys"),
                fingerprint: String(try row.text("key_hash", of: "api_keys").prefix(8)),
                revokedAt: try row.optionalInt64("revoked_at", of: "api_keys")
            )
        }
    }

    func revokeKeys(merchantId: String, fingerprint: String, at: Int64) async throws -> Int {
        try await query(
            "UPDATE api_keys SET revoked_at = ? WHERE merchant_id = ? AND substr(key_hash, 1, 8) = ? AND revoked_at IS NULL RETURNING key_hash",
            [.integer(Int(at)), .text(merchantId), .text(fingerprint)]
        ).count
    }

    // MARK: Payments

    func payment(token: String) async throws -> Payment? {
        try await query("SELECT record FROM payments WHERE pay_token = ?", [.text(token)]).first.map(Self.decode)
    }

    func payments(merchantId: String, orderNo: String) async throws -> [Payment] {
        try await query(
            "SELECT record FROM payments WHERE merchant_id = CAST(? AS TEXT) AND order_no = CAST(? AS TEXT) ORDER BY created_at DESC, rowid DESC",
            [.text(merchantId), .text(orderNo)]
        ).map(Self.decode)
    }

    func orderNoFirstUse(merchantId: String, orderNo: String) async throws -> Int64? {
        try await query(
            "SELECT first_used_at FROM order_numbers WHERE merchant_id = ? AND order_no = ?",
            [.text(merchantId), .text(orderNo)]
        ).first.map { try $0.int64("first_used_at", of: "order_numbers") }
    }

    func insert(_ payment: Payment) async throws {
        try await query(
            "INSERT INTO order_numbers (merchant_id, order_no, first_used_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [.text(payment.merchantId), .text(payment.orderNo), .integer(Int(payment.createdAt))]
        )
        try await query(
            """
            INSERT INTO payments (pay_token, merchant_id, order_no, mode, user_key, status, amount, refunded_amount,
                                  created_at, expires_at, paid_at, record)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(payment.payToken), .text(payment.merchantId), .text(payment.orderNo), .text(payment.mode.rawValue),
                .text(payment.userKey), .text(payment.status.rawValue), .integer(Int(payment.amount)),
                .integer(Int(payment.refunded.total)), .integer(Int(payment.createdAt)), .integer(Int(payment.expiresAt)),
                payment.execution.map { .integer(Int($0.paidAt)) } ?? .null, .text(try Self.encode(payment)),
            ]
        )
    }

    func update(_ payment: Payment) async throws {
        try await query(
            "UPDATE payments SET status = ?, refunded_amount = ?, paid_at = ?, record = ? WHERE pay_token = ?",
            [
                .text(payment.status.rawValue), .integer(Int(payment.refunded.total)),
                payment.execution.map { .integer(Int($0.paidAt)) } ?? .null, .text(try Self.encode(payment)),
                .text(payment.payToken),
            ]
        )
    }

    func expiredPayments(merchantId: String?, now: Int64, limit: Int) async throws -> [Payment] {
        try await query(
            """
            SELECT record FROM payments WHERE status IN ('PAY_STANDBY', 'PAY_APPROVED') AND expires_at <= ?
            AND (? IS NULL OR merchant_id = ?) ORDER BY expires_at LIMIT ?
            """,
            [.integer(Int(now)), Self.optional(merchantId), Self.optional(merchantId), .integer(limit)]
        ).map(Self.decode)
    }

    func settleablePayments(merchantId: String?, paidBefore: Int64, limit: Int) async throws -> [Payment] {
        try await query(
            """
            SELECT record FROM payments WHERE status IN ('PAY_COMPLETE', 'REFUND_SUCCESS') AND paid_at <= ?
            AND (? IS NULL OR merchant_id = ?) ORDER BY paid_at LIMIT ?
            """,
            [.integer(Int(paidBefore)), Self.optional(merchantId), Self.optional(merchantId), .integer(limit)]
        ).map(Self.decode)
    }

    /// A text bind, or NULL.
    static func optional(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }

    func heldPayments(limit: Int) async throws -> [Payment] {
        try await query(
            "SELECT record FROM payments WHERE status IN ('PAY_PROGRESS', 'REFUND_PROGRESS') ORDER BY created_at LIMIT ?", [.integer(limit)]
        ).map(Self.decode)
    }

    func allPayments(after token: String?, limit: Int) async throws -> [Payment] {
        try await query(
            "SELECT record FROM payments WHERE pay_token > CAST(? AS TEXT) ORDER BY pay_token LIMIT CAST(? AS INTEGER)",
            [.text(token ?? ""), .integer(limit)]
        ).map(Self.decode)
    }

    func payments(matching filter: PaymentQuery) async throws -> [Payment] {
        let statement = Self.paymentsStatement(matching: filter)
        let payments: [Payment] = try await query(statement.sql, statement.binds).map(Self.decode)
        return statement.ascending ? payments.reversed() : payments
    }

    /// The console list's statement for `filter` (also what a test asks SQLite to plan).
    /// `ascending`: the rows come oldest first (a previous page) and are to be reversed.
    static func paymentsStatement(matching filter: PaymentQuery) -> (sql: String, binds: [SQLiteValue], ascending: Bool) {
        // The index is named, not left to the planner: without statistics it takes whichever
        // index also gives the order (an orderNo filter would walk all of the merchant's
        // payments on `payments_console`, status with mode the mode's). The most selective
        // filter's index is taken; each ends in (created_at, pay_token), the list's order,
        // except an order number's, whose few rows are sorted. The other filters are checked on
        // the rows it yields.
        let index = filter.orderNo != nil ? "payments_by_order"
            : filter.userKey != nil ? "payments_console_buyer"
            : filter.status != nil ? "payments_console_status"
            : filter.mode != nil ? "payments_console_mode"
            : "payments_console"
        var sql = "SELECT record FROM payments INDEXED BY \(index) WHERE merchant_id = CAST(? AS TEXT)"
        var binds: [SQLiteValue] = [.text(filter.merchantId)]
        if let status = filter.status {
            sql += " AND status = CAST(? AS TEXT)"
            binds.append(.text(status.rawValue))
        }
        if let mode = filter.mode {
            sql += " AND mode = CAST(? AS TEXT)"
            binds.append(.text(mode.rawValue))
        }
        if let orderNo = filter.orderNo {
            sql += " AND order_no = CAST(? AS TEXT)"
            binds.append(.text(orderNo))
        }
        if let userKey = filter.userKey {
            sql += " AND user_key = CAST(? AS TEXT)"
            binds.append(.text(userKey))
        }
        if let from = filter.createdFrom {
            sql += " AND created_at >= CAST(? AS INTEGER)"
            binds.append(.integer(Int(from)))
        }
        if let before = filter.createdBefore {
            sql += " AND created_at < CAST(? AS INTEGER)"
            binds.append(.integer(Int(before)))
        }
        // Keyset pages: the rows past the cursor, read from the index in the list's order (or,
        // for the previous page, against it, nearest the cursor first) — no row is skipped over.
        var ascending = false
        switch filter.page {
        case .newest:
            break
        case .after(let cursor):
            sql += " AND (created_at, pay_token) < (CAST(? AS INTEGER), CAST(? AS TEXT))"
            binds += [.integer(Int(cursor.createdAt)), .text(cursor.payToken)]
        case .before(let cursor):
            sql += " AND (created_at, pay_token) > (CAST(? AS INTEGER), CAST(? AS TEXT))"
            binds += [.integer(Int(cursor.createdAt)), .text(cursor.payToken)]
            ascending = true
        }
        let order = ascending ? "ASC" : "DESC"
        sql += " ORDER BY created_at \(order), pay_token \(order) LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)"
        binds += [.integer(filter.limit), .integer(filter.offset)]
        return (sql, binds, ascending)
    }

    // MARK: Transactions

    func transactions(payToken: String) async throws -> [PaymentTransaction] {
        try await query(
            "SELECT record FROM transactions WHERE pay_token = CAST(? AS TEXT) ORDER BY registered_at, rowid", [.text(payToken)]
        ).map(Self.decode)
    }

    func refund(payToken: String, refundNo: String) async throws -> PaymentTransaction? {
        try await query(
            "SELECT record FROM transactions WHERE pay_token = ? AND refund_no = ?", [.text(payToken), .text(refundNo)]
        ).first.map(Self.decode)
    }

    func insert(_ transaction: PaymentTransaction) async throws {
        try await query(
            """
            INSERT INTO transactions (transaction_id, pay_token, step_type, transaction_amount, refund_no, registered_at, record)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(transaction.transactionId), .text(transaction.payToken), .text(transaction.stepType.rawValue),
                .integer(Int(transaction.transactionAmount)), transaction.refundNo.map(SQLiteValue.text) ?? .null,
                .integer(Int(transaction.registeredAt)), .text(try Self.encode(transaction)),
            ]
        )
    }

    // MARK: Buyers

    func user(merchantId: String, key: String) async throws -> SandboxUser? {
        let rows = try await query("SELECT record FROM users WHERE merchant_id = ? AND user_key = ?", [.text(merchantId), .text(key)])
        return try rows.first.map { row in
            let user: SandboxUser = try Self.decode(row)
            guard user.merchantId == merchantId, user.userKey == key else { throw StoreError.corruptRow(table: "users", column: "record") }
            return user
        }
    }

    func save(_ user: SandboxUser) async throws {
        try await query(
            """
            INSERT INTO users (merchant_id, user_key, record) VALUES (?, ?, ?)
            ON CONFLICT (merchant_id, user_key) DO UPDATE SET record = excluded.record
            """,
            [.text(user.merchantId), .text(user.userKey), .text(try Self.encode(user))]
        )
    }

    func insertIfAbsent(_ user: SandboxUser) async throws -> Bool {
        let rows = try await query(
            "INSERT INTO users (merchant_id, user_key, record) VALUES (?, ?, ?) ON CONFLICT (merchant_id, user_key) DO NOTHING RETURNING user_key",
            [.text(user.merchantId), .text(user.userKey), .text(try Self.encode(user))]
        )
        return !rows.isEmpty
    }

    // MARK: Journal

    func append(_ entries: [JournalEntry]) async throws {
        for entry in entries where !entry.postings.isEmpty {
            let rows = try await query(
                "INSERT INTO journal_entries (kind, pay_token) VALUES (?, ?) RETURNING id",
                [.text(entry.kind.rawValue), entry.payToken.map(SQLiteValue.text) ?? .null]
            )
            guard let id = try rows.first.map({ try $0.int64("id", of: "journal_entries") }) else {
                throw StoreError.unexpectedRow("journal entry id")
            }
            // Every posting of the entry in one statement (a statement is a hop to SQLite's thread).
            let values = Array(repeating: "(?, ?, ?)", count: entry.postings.count).joined(separator: ", ")
            try await query(
                "INSERT INTO journal_postings (entry_id, account, amount) VALUES \(values)",
                entry.postings.flatMap { [SQLiteValue.integer(Int(id)), .text($0.account), .integer(Int($0.amount))] }
            )
        }
    }

    func accountBalances(prefix: String) async throws -> [String: Int64] {
        let rows = try await query(
            "SELECT account, SUM(amount) AS balance FROM journal_postings WHERE substr(account, 1, ?) = ? GROUP BY account",
            [.integer(prefix.utf8.count), .text(prefix)]
        )
        var balances: [String: Int64] = [:]
        for row in rows {
            balances[try row.text("account", of: "journal_postings")] = try row.int64("balance", of: "journal_postings")
        }
        return balances
    }

    func unbalancedEntries() async throws -> [(entryId: Int64, sum: Int64)] {
        try await query(
            "SELECT entry_id, SUM(amount) AS total FROM journal_postings GROUP BY entry_id HAVING SUM(amount) <> 0"
        ).map { (try $0.int64("entry_id", of: "journal_postings"), try $0.int64("total", of: "journal_postings")) }
    }

    func journal(payToken: String) async throws -> [JournalEntry] {
        let rows = try await query(
            """
            SELECT e.id, e.kind, p.account, p.amount FROM journal_entries e JOIN journal_postings p ON p.entry_id = e.id
            WHERE e.pay_token = CAST(? AS TEXT) ORDER BY e.id, p.rowid
            """,
            [.text(payToken)]
        )
        var entries: [(Int64, JournalEntry)] = []
        for row in rows {
            let id = try row.int64("id", of: "journal_entries")
            let posting = JournalEntry.Posting(try row.text("account", of: "journal_postings"), try row.int64("amount", of: "journal_postings"))
            if let last = entries.last, last.0 == id {
                entries[entries.count - 1].1.postings.append(posting)
            } else {
                guard let kind = JournalEntry.Kind(rawValue: try row.text("kind", of: "journal_entries")) else {
                    throw StoreError.corruptRow(table: "journal_entries", column: "kind")
                }
                entries.append((id, JournalEntry(kind: kind, payToken: payToken, postings: [posting])))
            }
        }
        return entries.map(\.1)
    }

    // MARK: Promotions

    func promotions(merchantId: String) async throws -> [Promotion] {
        try await query("SELECT record FROM promotions WHERE merchant_id = CAST(? AS TEXT) ORDER BY rowid", [.text(merchantId)]).map(Self.decode)
    }

    func deletePromotion(id: String, merchantId: String) async throws -> Bool {
        !(try await query(
            "DELETE FROM promotions WHERE id = ? AND merchant_id = ? RETURNING id", [.text(id), .text(merchantId)]
        )).isEmpty
    }

    func save(_ promotion: Promotion) async throws {
        try await query(
            "INSERT INTO promotions (id, merchant_id, record) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record",
            [.text(promotion.id), .text(promotion.merchantId), .text(try Self.encode(promotion))]
        )
    }

    // MARK: Settings

    func setting(_ key: String) async throws -> String? {
        try await query("SELECT value FROM settings WHERE key = ?", [.text(key)]).first.map { try $0.text("value", of: "settings") }
    }

    /// The single writer already holds everything, so this is ``setting(_:)``.
    func latestSetting(_ key: String) async throws -> String? {
        try await setting(key)
    }

    func latestSettings(_ keys: [String]) async throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        var settings: [String: String] = [:]
        let marks = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        for row in try await query("SELECT key, value FROM settings WHERE key IN (\(marks))", keys.map(SQLiteValue.text)) {
            settings[try row.text("key", of: "settings")] = try row.text("value", of: "settings")
        }
        return settings
    }

    func settings(prefix: String) async throws -> [String: String] {
        var settings: [String: String] = [:]
        for row in try await query(
            "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?", [.integer(prefix.utf8.count), .text(prefix)]
        ) {
            settings[try row.text("key", of: "settings")] = try row.text("value", of: "settings")
        }
        return settings
    }

    func setSetting(_ key: String, _ value: String) async throws {
        try await query(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)]
        )
    }

    // MARK: Records

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ row: SQLiteResultRow) throws -> T {
        try row.record(T.self, of: RecordTable.name(of: T.self))
    }
}

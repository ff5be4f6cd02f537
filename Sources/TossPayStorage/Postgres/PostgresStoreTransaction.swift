import Foundation
import Logging
import PostgresNIO
import Synchronization
import TossPayCore

/// ``StoreTransaction`` on one PostgreSQL connection inside `BEGIN … COMMIT`.
///
/// A write transaction runs at READ COMMITTED and holds what it decides on: the payment, buyer
/// and promotions it reads are locked `FOR UPDATE` (a waiting reader gets the row as the other
/// transaction committed it); an orderNo or a setting key is held by a transaction-scoped
/// advisory lock, which also covers a key with no row yet; due payments are claimed
/// `FOR UPDATE SKIP LOCKED`, so two instances sweeping at once take different rows. A read
/// transaction is REPEATABLE READ READ ONLY and locks nothing.
struct PostgresStoreTransaction: StoreTransaction {
    let connection: PostgresConnection
    let logger: Logger
    /// Whether this is a write transaction (locks) or a read-only snapshot.
    let forWrite: Bool
    let state: State
    /// Counts the statements of the operation this transaction runs for.
    let counter = StatementCounter()

    /// Remembers a failed statement: PostgreSQL turns the COMMIT of an aborted transaction into
    /// a silent ROLLBACK, so the store refuses to commit after one even if the error was caught.
    final class State: Sendable {
        let failed = Mutex(false)
    }

    init(connection: PostgresConnection, logger: Logger, forWrite: Bool) {
        self.connection = connection
        self.logger = logger
        self.forWrite = forWrite
        self.state = State()
    }

    var hasFailed: Bool { state.failed.withLock { $0 } }

    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        counter.statement()
        do {
            return try await connection.query(query, logger: logger).collect()
        } catch {
            state.failed.withLock { $0 = true }
            throw error
        }
    }

    /// ` FOR UPDATE` in a write transaction.
    var lockClause: String { forWrite ? " FOR UPDATE" : "" }

    /// Text PostgreSQL can hold: no NUL character. A key with one matches no row.
    static func storable(_ text: String) -> Bool { !text.utf8.contains(0) }

    /// Holds `key` until the transaction ends: concurrent write transactions on one key queue.
    func advisoryLock(_ key: String) async throws {
        try await query("SELECT pg_advisory_xact_lock(\(Self.lockKey(key)))")
    }

    /// A stable 64-bit key for an advisory lock: FNV-1a over the UTF-8 bytes (the same in every
    /// process, unlike Swift's seeded `hashValue`).
    static func lockKey(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }

    // MARK: Merchants

    func merchant(id: String) async throws -> Merchant? {
        guard Self.storable(id) else { return nil }
        return try await query("SELECT id, name, created_at FROM merchants WHERE id = \(id)").first.map(Self.merchant(row:))
    }

    func merchant(keyHash: String) async throws -> Merchant? {
        guard Self.storable(keyHash) else { return nil }
        return try await query(
            "SELECT m.id, m.name, m.created_at FROM api_keys k JOIN merchants m ON m.id = k.merchant_id WHERE k.key_hash = \(keyHash) AND k.revoked_at IS NULL"
        ).first.map(Self.merchant(row:))
    }

    static func merchant(row: PostgresRow) throws -> Merchant {
        Merchant(
            id: try row.value(0, String.self, column: "id", of: "merchants"),
            name: try row.value(1, String.self, column: "name", of: "merchants"),
            createdAt: try row.value(2, Int64.self, column: "created_at", of: "merchants")
        )
    }

    func insert(_ merchant: Merchant, keys: [(hash: String, kind: String)]) async throws {
        try await query("INSERT INTO merchants (id, name, created_at) VALUES (\(merchant.id), \(merchant.name), \(merchant.createdAt))")
        for key in keys {
            try await query(
                "INSERT INTO api_keys (key_hash, merchant_id, kind, created_at) VALUES (\(key.hash), \(merchant.id), \(key.kind), \(merchant.createdAt))"
            )
        }
    }

    func addKeys(merchantId: String, keys: [(hash: String, kind: String)], createdAt: Int64) async throws {
        for key in keys {
            try await query(
                "INSERT INTO api_keys (key_hash, merchant_id, kind, created_at) VALUES (\(key.hash), \(merchantId), \(key.kind), \(createdAt))"
            )
        }
    }

    func apiKeys(merchantId: String) async throws -> [ApiKeyRecord] {
        guard Self.storable(merchantId) else { return [] }
        return try await query(
            "SELECT kind, created_at, key_hash, revoked_at FROM api_keys WHERE merchant_id = \(merchantId) ORDER BY created_at, key_hash"
        ).map { row in
            ApiKeyRecord(
                kind: try row.value(0, String.self, column: "kind", of: "api_keys"),
                createdAt: try row.value(1, Int64.self, column: "created_at", of: "api_keys"),
                fingerprint: String(try row.value(2, String.self, column: "key_hash", of: "api_keys").prefix(8)),
                revokedAt: try row.value(3, Int64?.self, column: "revoked_at", of: "api_keys")
            )
        }
    }

    func revokeKeys(merchantId: String, fingerprint: String, at: Int64) async throws -> Int {
        guard Self.storable(merchantId), Self.storable(fingerprint) else { return 0 }
        return try await query(
            "UPDATE api_keys SET revoked_at = \(at) WHERE merchant_id = \(merchantId) AND substr(key_hash, 1, 8) = \(fingerprint) AND revoked_at IS NULL RETURNING key_hash"
        ).count
    }

    // MARK: Payments

    func payment(token: String) async throws -> Payment? {
        guard Self.storable(token) else { return nil }
        return try await query("SELECT record FROM payments WHERE pay_token = \(token)\(unescaped: lockClause)").first.map(Self.decode)
    }

    func payments(merchantId: String, orderNo: String) async throws -> [Payment] {
        guard Self.storable(merchantId), Self.storable(orderNo) else { return [] }
        if forWrite {
            // Creates of one orderNo queue here, so the second sees the first's payment: a row
            // lock alone cannot guard an orderNo that has no payment yet.
            try await advisoryLock("order\u{1F}\(merchantId)\u{1F}\(orderNo)")
        }
        return try await query(
            """
            SELECT record FROM payments WHERE merchant_id = \(merchantId) AND order_no = \(orderNo)
            ORDER BY created_at DESC, seq DESC\(unescaped: lockClause)
            """
        ).map(Self.decode)
    }

    func orderNoFirstUse(merchantId: String, orderNo: String) async throws -> Int64? {
        guard Self.storable(merchantId), Self.storable(orderNo) else { return nil }
        return try await query(
            "SELECT first_used_at FROM order_numbers WHERE merchant_id = \(merchantId) AND order_no = \(orderNo)"
        ).first.map { try $0.value(0, Int64.self, column: "first_used_at", of: "order_numbers") }
    }

    func insert(_ payment: Payment) async throws {
        try await query(
            """
            INSERT INTO order_numbers (merchant_id, order_no, first_used_at)
            VALUES (\(payment.merchantId), \(payment.orderNo), \(payment.createdAt)) ON CONFLICT DO NOTHING
            """
        )
        let record = try Self.encode(payment)
        try await query(
            """
            INSERT INTO payments (pay_token, merchant_id, order_no, mode, user_key, status, amount, refunded_amount,
                                  created_at, expires_at, paid_at, record)
            VALUES (\(payment.payToken), \(payment.merchantId), \(payment.orderNo), \(payment.mode.rawValue),
                    \(payment.userKey), \(payment.status.rawValue), \(payment.amount), \(payment.refunded.total),
                    \(payment.createdAt), \(payment.expiresAt), \(payment.execution?.paidAt), \(record))
            """
        )
    }

    func update(_ payment: Payment) async throws {
        let record = try Self.encode(payment)
        try await query(
            """
            UPDATE payments SET status = \(payment.status.rawValue), refunded_amount = \(payment.refunded.total),
                paid_at = \(payment.execution?.paidAt), record = \(record)
            WHERE pay_token = \(payment.payToken)
            """
        )
    }

    /// ` FOR UPDATE SKIP LOCKED` in a write transaction: rows another instance is working on
    /// are left to it.
    private var claimClause: String { forWrite ? " FOR UPDATE SKIP LOCKED" : "" }

    func expiredPayments(merchantId: String?, now: Int64, limit: Int) async throws -> [Payment] {
        guard Self.storable(merchantId ?? "") else { return [] }
        return try await query(
            """
            SELECT record FROM payments WHERE status IN ('PAY_STANDBY', 'PAY_APPROVED') AND expires_at <= \(now)
            AND (\(merchantId)::text IS NULL OR merchant_id = \(merchantId)::text)
            ORDER BY expires_at LIMIT \(Int64(limit))\(unescaped: claimClause)
            """
        ).map(Self.decode)
    }

    func settleablePayments(merchantId: String?, paidBefore: Int64, limit: Int) async throws -> [Payment] {
        guard Self.storable(merchantId ?? "") else { return [] }
        return try await query(
            """
            SELECT record FROM payments WHERE status IN ('PAY_COMPLETE', 'REFUND_SUCCESS') AND paid_at <= \(paidBefore)
            AND (\(merchantId)::text IS NULL OR merchant_id = \(merchantId)::text)
            ORDER BY paid_at LIMIT \(Int64(limit))\(unescaped: claimClause)
            """
        ).map(Self.decode)
    }

    func heldPayments(limit: Int) async throws -> [Payment] {
        try await query(
            """
            SELECT record FROM payments WHERE status IN ('PAY_PROGRESS', 'REFUND_PROGRESS')
            ORDER BY created_at LIMIT \(Int64(limit))\(unescaped: claimClause)
            """
        ).map(Self.decode)
    }

    func allPayments(after token: String?, limit: Int) async throws -> [Payment] {
        try await query(
            "SELECT record FROM payments WHERE pay_token > \(token ?? "") ORDER BY pay_token LIMIT \(Int64(limit))"
        ).map(Self.decode)
    }

    func payments(matching filter: PaymentQuery) async throws -> [Payment] {
        guard let statement = Self.paymentsStatement(matching: filter) else { return [] }
        let payments: [Payment] = try await query(statement.query).map(Self.decode)
        return statement.ascending ? payments.reversed() : payments
    }

    /// The console list's statement for `filter` (also what a test asks PostgreSQL to explain);
    /// `nil` when a text holds NUL and so matches nothing. `ascending`: the rows come oldest
    /// first (a previous page) and are to be reversed.
    static func paymentsStatement(matching filter: PaymentQuery) -> (query: PostgresQuery, ascending: Bool)? {
        let cursor: PaymentCursor? = switch filter.page {
        case .newest: nil
        case .after(let cursor), .before(let cursor): cursor
        }
        guard storable(filter.merchantId), storable(filter.orderNo ?? ""), storable(filter.userKey ?? ""),
              storable(cursor?.payToken ?? "") else {
            return nil
        }
        // Only the filters given are in the statement, so the planner sees plain equalities and
        // a range on (created_at, pay_token) and picks one of the console's indexes (each ends in
        // the list's order; migration 9) by its statistics.
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var sql = "SELECT record FROM payments WHERE merchant_id = \(bind(filter.merchantId))"
        if let status = filter.status { sql += " AND status = \(bind(status.rawValue))" }
        if let mode = filter.mode { sql += " AND mode = \(bind(mode.rawValue))" }
        if let orderNo = filter.orderNo { sql += " AND order_no = \(bind(orderNo))" }
        if let userKey = filter.userKey { sql += " AND user_key = \(bind(userKey))" }
        if let from = filter.createdFrom { sql += " AND created_at >= \(bind(from))" }
        if let before = filter.createdBefore { sql += " AND created_at < \(bind(before))" }
        // Keyset pages: the rows past the cursor in the list's order (for the previous page,
        // against it, nearest the cursor first); no row is skipped over.
        var ascending = false
        switch filter.page {
        case .newest:
            break
        case .after(let cursor):
            sql += " AND (created_at, pay_token) < (\(bind(cursor.createdAt)), \(bind(cursor.payToken)))"
        case .before(let cursor):
            sql += " AND (created_at, pay_token) > (\(bind(cursor.createdAt)), \(bind(cursor.payToken)))"
            ascending = true
        }
        let order = ascending ? "ASC" : "DESC"
        sql += " ORDER BY created_at \(order), pay_token \(order) LIMIT \(bind(Int64(filter.limit))) OFFSET \(bind(Int64(filter.offset)))"
        return (PostgresQuery(unsafeSQL: sql, binds: binds), ascending)
    }

    // MARK: Transactions

    func transactions(payToken: String) async throws -> [PaymentTransaction] {
        guard Self.storable(payToken) else { return [] }
        return try await query(
            "SELECT record FROM transactions WHERE pay_token = \(payToken) ORDER BY registered_at, seq"
        ).map(Self.decode)
    }

    func refund(payToken: String, refundNo: String) async throws -> PaymentTransaction? {
        guard Self.storable(payToken), Self.storable(refundNo) else { return nil }
        return try await query(
            "SELECT record FROM transactions WHERE pay_token = \(payToken) AND refund_no = \(refundNo)"
        ).first.map(Self.decode)
    }

    func insert(_ transaction: PaymentTransaction) async throws {
        let record = try Self.encode(transaction)
        try await query(
            """
            INSERT INTO transactions (transaction_id, pay_token, step_type, transaction_amount, refund_no, registered_at, record)
            VALUES (\(transaction.transactionId), \(transaction.payToken), \(transaction.stepType.rawValue),
                    \(transaction.transactionAmount), \(transaction.refundNo), \(transaction.registeredAt), \(record))
            """
        )
    }

    // MARK: Buyers

    func user(merchantId: String, key: String) async throws -> SandboxUser? {
        guard Self.storable(key), Self.storable(merchantId) else { return nil }
        let rows = try await query(
            "SELECT record FROM users WHERE merchant_id = \(merchantId) AND user_key = \(key)\(unescaped: lockClause)"
        )
        return try rows.first.map { row in
            let user: SandboxUser = try Self.decode(row)
            guard user.merchantId == merchantId, user.userKey == key else { throw StoreError.corruptRow(table: "users", column: "record") }
            return user
        }
    }

    func save(_ user: SandboxUser) async throws {
        let record = try Self.encode(user)
        try await query(
            """
            INSERT INTO users (merchant_id, user_key, record) VALUES (\(user.merchantId), \(user.userKey), \(record))
            ON CONFLICT (merchant_id, user_key) DO UPDATE SET record = excluded.record
            """
        )
    }

    func insertIfAbsent(_ user: SandboxUser) async throws -> Bool {
        let record = try Self.encode(user)
        // If another transaction inserted the key and has not committed, this waits for it;
        // when it commits, nothing is inserted and no row comes back.
        let rows = try await query(
            """
            INSERT INTO users (merchant_id, user_key, record) VALUES (\(user.merchantId), \(user.userKey), \(record))
            ON CONFLICT (merchant_id, user_key) DO NOTHING RETURNING user_key
            """
        )
        return !rows.isEmpty
    }

    // MARK: Journal

    func append(_ entries: [JournalEntry]) async throws {
        for entry in entries where !entry.postings.isEmpty {
            let accounts = entry.postings.map(\.account)
            let amounts = entry.postings.map(\.amount)
            // One round trip per entry: the entry and its postings in one statement.
            try await query(
                """
                WITH entry AS (INSERT INTO journal_entries (kind, pay_token) VALUES (\(entry.kind.rawValue), \(entry.payToken)) RETURNING id)
                INSERT INTO journal_postings (entry_id, position, account, amount)
                SELECT entry.id, posting.position, posting.account, posting.amount
                FROM entry, unnest(\(accounts)::text[], \(amounts)::bigint[]) WITH ORDINALITY AS posting(account, amount, position)
                """
            )
        }
    }

    func accountBalances(prefix: String) async throws -> [String: Int64] {
        guard Self.storable(prefix) else { return [:] }
        let rows = try await query(
            """
            SELECT account, SUM(amount)::bigint FROM journal_postings
            WHERE left(account, char_length(\(prefix)::text)) = \(prefix)::text GROUP BY account
            """
        )
        var balances: [String: Int64] = [:]
        for row in rows {
            balances[try row.value(0, String.self, column: "account", of: "journal_postings")] =
                try row.value(1, Int64.self, column: "amount", of: "journal_postings")
        }
        return balances
    }

    func unbalancedEntries() async throws -> [(entryId: Int64, sum: Int64)] {
        try await query(
            "SELECT entry_id, SUM(amount)::bigint FROM journal_postings GROUP BY entry_id HAVING SUM(amount) <> 0 ORDER BY entry_id"
        ).map {
            (try $0.value(0, Int64.self, column: "entry_id", of: "journal_postings"),
             try $0.value(1, Int64.self, column: "amount", of: "journal_postings"))
        }
    }

    func journal(payToken: String) async throws -> [JournalEntry] {
        guard Self.storable(payToken) else { return [] }
        let rows = try await query(
            """
            SELECT e.id, e.kind, p.account, p.amount FROM journal_entries e JOIN journal_postings p ON p.entry_id = e.id
            WHERE e.pay_token = \(payToken) ORDER BY e.id, p.position
            """
        )
        var entries: [(Int64, JournalEntry)] = []
        for row in rows {
            let id = try row.value(0, Int64.self, column: "id", of: "journal_entries")
            let kind = try row.value(1, String.self, column: "kind", of: "journal_entries")
            let posting = JournalEntry.Posting(
                try row.value(2, String.self, column: "account", of: "journal_postings"),
                try row.value(3, Int64.self, column: "amount", of: "journal_postings")
            )
            if let last = entries.last, last.0 == id {
                entries[entries.count - 1].1.postings.append(posting)
            } else {
                guard let kind = JournalEntry.Kind(rawValue: kind) else { throw StoreError.corruptRow(table: "journal_entries", column: "kind") }
                entries.append((id, JournalEntry(kind: kind, payToken: payToken, postings: [posting])))
            }
        }
        return entries.map(\.1)
    }

    // MARK: Promotions

    func promotions(merchantId: String) async throws -> [Promotion] {
        guard Self.storable(merchantId) else { return [] }
        return try await query(
            "SELECT record FROM promotions WHERE merchant_id = \(merchantId) ORDER BY seq\(unescaped: lockClause)"
        ).map(Self.decode)
    }

    func deletePromotion(id: String, merchantId: String) async throws -> Bool {
        guard Self.storable(id), Self.storable(merchantId) else { return false }
        return !(try await query("DELETE FROM promotions WHERE id = \(id) AND merchant_id = \(merchantId) RETURNING id")).isEmpty
    }

    func save(_ promotion: Promotion) async throws {
        let record = try Self.encode(promotion)
        try await query(
            """
            INSERT INTO promotions (id, merchant_id, record) VALUES (\(promotion.id), \(promotion.merchantId), \(record))
            ON CONFLICT (id) DO UPDATE SET record = excluded.record
            """
        )
    }

    // MARK: Settings

    func setting(_ key: String) async throws -> String? {
        guard Self.storable(key) else { return nil }
        if forWrite { try await advisoryLock("setting\u{1F}\(key)") }
        return try await latestSetting(key)
    }

    func latestSetting(_ key: String) async throws -> String? {
        guard Self.storable(key) else { return nil }
        return try await query("SELECT value FROM settings WHERE key = \(key)").first.map {
            try $0.value(0, String.self, column: "value", of: "settings")
        }
    }

    func latestSettings(_ keys: [String]) async throws -> [String: String] {
        let keys = keys.filter(Self.storable)
        guard !keys.isEmpty else { return [:] }
        var settings: [String: String] = [:]
        for row in try await query("SELECT key, value FROM settings WHERE key = ANY(\(keys)::text[])") {
            settings[try row.value(0, String.self, column: "key", of: "settings")] = try row.value(1, String.self, column: "value", of: "settings")
        }
        return settings
    }

    func settings(prefix: String) async throws -> [String: String] {
        guard Self.storable(prefix) else { return [:] }
        var settings: [String: String] = [:]
        for row in try await query("SELECT key, value FROM settings WHERE left(key, char_length(\(prefix)::text)) = \(prefix)::text") {
            settings[try row.value(0, String.self, column: "key", of: "settings")] = try row.value(1, String.self, column: "value", of: "settings")
        }
        return settings
    }

    func setSetting(_ key: String, _ value: String) async throws {
        try await query(
            "INSERT INTO settings (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
    }

    // MARK: Records

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ row: PostgresRow) throws -> T {
        try row.record(T.self, of: RecordTable.name(of: T.self))
    }
}

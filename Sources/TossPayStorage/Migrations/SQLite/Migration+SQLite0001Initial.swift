extension Migration {
    /// The first schema: merchants and keys, payments and their steps, buyers, the journal.
    static let sqlite0001Initial = Migration(version: 1, name: "initial", statements: [
        """
        CREATE TABLE merchants (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL)
        """,
        """
        CREATE TABLE api_keys (
            key_hash TEXT PRIMARY KEY, merchant_id TEXT NOT NULL REFERENCES merchants(id),
            kind TEXT NOT NULL, created_at INTEGER NOT NULL)
        """,
        """
        CREATE TABLE order_numbers (
            merchant_id TEXT NOT NULL, order_no TEXT NOT NULL, first_used_at INTEGER NOT NULL,
            PRIMARY KEY (merchant_id, order_no))
        """,
        """
        CREATE TABLE payments (
            pay_token TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, order_no TEXT NOT NULL,
            mode TEXT NOT NULL, user_key TEXT NOT NULL, status TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            refunded_amount INTEGER NOT NULL CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
            created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, paid_at INTEGER, record TEXT NOT NULL)
        """,
        "CREATE INDEX payments_by_order ON payments (merchant_id, order_no, created_at)",
        "CREATE INDEX payments_waiting ON payments (expires_at) WHERE status IN ('PAY_STANDBY', 'PAY_APPROVED')",
        "CREATE INDEX payments_settleable ON payments (paid_at) WHERE status IN ('PAY_COMPLETE', 'REFUND_SUCCESS')",
        """
        CREATE TABLE transactions (
            transaction_id TEXT PRIMARY KEY, pay_token TEXT NOT NULL REFERENCES payments(pay_token),
            step_type TEXT NOT NULL, transaction_amount INTEGER NOT NULL, refund_no TEXT,
            registered_at INTEGER NOT NULL, record TEXT NOT NULL)
        """,
        // The database itself refuses a second PAY step for one payment: exactly once even if
        // a bug slipped past the state machine.
        "CREATE UNIQUE INDEX transactions_one_pay ON transactions (pay_token) WHERE step_type = 'PAY'",
        "CREATE UNIQUE INDEX transactions_refund_no ON transactions (pay_token, refund_no) WHERE refund_no IS NOT NULL",
        "CREATE INDEX transactions_by_payment ON transactions (pay_token)",
        "CREATE TABLE users (user_key TEXT PRIMARY KEY, record TEXT NOT NULL)",
        """
        CREATE TABLE journal_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, pay_token TEXT,
            created_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000))
        """,
        """
        CREATE TABLE journal_postings (
            entry_id INTEGER NOT NULL REFERENCES journal_entries(id), account TEXT NOT NULL, amount INTEGER NOT NULL)
        """,
        "CREATE INDEX journal_postings_by_entry ON journal_postings (entry_id)",
        "CREATE INDEX journal_postings_by_account ON journal_postings (account)",
        "CREATE INDEX journal_entries_by_payment ON journal_entries (pay_token)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ])
}

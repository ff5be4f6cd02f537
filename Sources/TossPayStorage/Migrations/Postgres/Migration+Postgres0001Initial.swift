extension Migration {
    /// The first PostgreSQL schema: the SQLite schema's tables and constraints, `bigint` money
    /// and times, and an identity column where SQLite relies on `rowid` for order. Records stay
    /// JSON text (cast to `jsonb` to query them): `jsonb` would refuse a `\u0000` that a
    /// free-text field may carry. Keys compare byte-wise (`COLLATE "C"`), as in SQLite.
    static let postgres0001Initial = Migration(version: 1, name: "initial", statements: [
        """
        CREATE TABLE merchants (
            id TEXT COLLATE "C" NOT NULL, name TEXT NOT NULL, created_at BIGINT NOT NULL,
            CONSTRAINT merchants_pkey PRIMARY KEY (id))
        """,
        """
        CREATE TABLE api_keys (
            key_hash TEXT COLLATE "C" NOT NULL, merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants(id),
            kind TEXT NOT NULL, created_at BIGINT NOT NULL,
            CONSTRAINT api_keys_pkey PRIMARY KEY (key_hash))
        """,
        """
        CREATE TABLE order_numbers (
            merchant_id TEXT COLLATE "C" NOT NULL, order_no TEXT COLLATE "C" NOT NULL, first_used_at BIGINT NOT NULL,
            CONSTRAINT order_numbers_pkey PRIMARY KEY (merchant_id, order_no))
        """,
        """
        CREATE TABLE payments (
            pay_token TEXT COLLATE "C" NOT NULL, merchant_id TEXT COLLATE "C" NOT NULL, order_no TEXT COLLATE "C" NOT NULL,
            mode TEXT NOT NULL, user_key TEXT COLLATE "C" NOT NULL, status TEXT NOT NULL,
            amount BIGINT NOT NULL CHECK (amount > 0),
            refunded_amount BIGINT NOT NULL CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
            created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, paid_at BIGINT, record TEXT NOT NULL,
            seq BIGINT GENERATED ALWAYS AS IDENTITY,
            CONSTRAINT payments_pkey PRIMARY KEY (pay_token))
        """,
        "CREATE INDEX payments_by_order ON payments (merchant_id, order_no, created_at)",
        "CREATE INDEX payments_waiting ON payments (expires_at) WHERE status IN ('PAY_STANDBY', 'PAY_APPROVED')",
        "CREATE INDEX payments_settleable ON payments (paid_at) WHERE status IN ('PAY_COMPLETE', 'REFUND_SUCCESS')",
        """
        CREATE TABLE transactions (
            transaction_id TEXT COLLATE "C" NOT NULL, pay_token TEXT COLLATE "C" NOT NULL REFERENCES payments(pay_token),
            step_type TEXT NOT NULL, transaction_amount BIGINT NOT NULL, refund_no TEXT COLLATE "C",
            registered_at BIGINT NOT NULL, record TEXT NOT NULL,
            seq BIGINT GENERATED ALWAYS AS IDENTITY,
            CONSTRAINT transactions_pkey PRIMARY KEY (transaction_id))
        """,
        // The database itself refuses a second PAY step for one payment: exactly once even if
        // a bug slipped past the state machine and the row locks.
        "CREATE UNIQUE INDEX transactions_one_pay ON transactions (pay_token) WHERE step_type = 'PAY'",
        "CREATE UNIQUE INDEX transactions_refund_no ON transactions (pay_token, refund_no) WHERE refund_no IS NOT NULL",
        "CREATE INDEX transactions_by_payment ON transactions (pay_token, registered_at, seq)",
        """
        CREATE TABLE users (
            user_key TEXT COLLATE "C" NOT NULL, record TEXT NOT NULL,
            CONSTRAINT users_pkey PRIMARY KEY (user_key))
        """,
        """
        CREATE TABLE journal_entries (
            id BIGINT GENERATED ALWAYS AS IDENTITY, kind TEXT NOT NULL, pay_token TEXT COLLATE "C",
            created_at BIGINT NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT,
            CONSTRAINT journal_entries_pkey PRIMARY KEY (id))
        """,
        """
        CREATE TABLE journal_postings (
            entry_id BIGINT NOT NULL REFERENCES journal_entries(id), position INTEGER NOT NULL,
            account TEXT COLLATE "C" NOT NULL, amount BIGINT NOT NULL,
            CONSTRAINT journal_postings_pkey PRIMARY KEY (entry_id, position))
        """,
        "CREATE INDEX journal_postings_by_account ON journal_postings (account)",
        "CREATE INDEX journal_entries_by_payment ON journal_entries (pay_token)",
        """
        CREATE TABLE settings (
            key TEXT COLLATE "C" NOT NULL, value TEXT NOT NULL,
            CONSTRAINT settings_pkey PRIMARY KEY (key))
        """,
        """
        CREATE TABLE promotions (
            id TEXT COLLATE "C" NOT NULL, merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants(id),
            record TEXT NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY,
            CONSTRAINT promotions_pkey PRIMARY KEY (id))
        """,
        "CREATE INDEX promotions_by_merchant ON promotions (merchant_id, seq)",
    ])
}

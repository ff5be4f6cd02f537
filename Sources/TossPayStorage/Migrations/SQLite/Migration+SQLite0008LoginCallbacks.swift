extension Migration {
    /// Unlink callbacks to deliver (SPEC §9): pending ones survive restarts; an attempt is claimed
    /// by one instance for a lease (`claimed_until`); every attempt is kept in the record.
    static let sqlite0008LoginCallbacks = Migration(version: 8, name: "login callbacks", statements: [
        """
        CREATE TABLE login_callbacks (
            id INTEGER PRIMARY KEY AUTOINCREMENT, merchant_id TEXT NOT NULL, status TEXT NOT NULL,
            next_attempt_at INTEGER NOT NULL, claimed_until INTEGER, created_at INTEGER NOT NULL, record TEXT NOT NULL)
        """,
        "CREATE INDEX login_callbacks_due ON login_callbacks (next_attempt_at) WHERE status = 'PENDING'",
        "CREATE INDEX login_callbacks_by_merchant ON login_callbacks (merchant_id, id)",
    ])
}

extension Migration {
    /// Unlink callbacks to deliver: the same table as ``sqlite0008LoginCallbacks``.
    static let postgres0008LoginCallbacks = Migration(version: 8, name: "login callbacks", statements: [
        """
        CREATE TABLE login_callbacks (
            id BIGINT GENERATED ALWAYS AS IDENTITY, merchant_id TEXT COLLATE "C" NOT NULL, status TEXT NOT NULL,
            next_attempt_at BIGINT NOT NULL, claimed_until BIGINT, created_at BIGINT NOT NULL, record TEXT NOT NULL,
            CONSTRAINT login_callbacks_pkey PRIMARY KEY (id))
        """,
        "CREATE INDEX login_callbacks_due ON login_callbacks (next_attempt_at) WHERE status = 'PENDING'",
        "CREATE INDEX login_callbacks_by_merchant ON login_callbacks (merchant_id, id)",
    ])
}

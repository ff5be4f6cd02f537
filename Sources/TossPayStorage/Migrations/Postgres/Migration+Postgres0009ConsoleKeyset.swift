extension Migration {
    /// The console's payment list in keyset pages: the indexes of ``sqlite0009ConsoleKeyset``.
    /// `pay_token` is `COLLATE "C"`, so the order (and a cursor's comparison) is the bytes', as
    /// in SQLite.
    static let postgres0009ConsoleKeyset = Migration(version: 9, name: "console keyset pages", statements: [
        "CREATE INDEX payments_console ON payments (merchant_id, created_at, pay_token)",
        "CREATE INDEX payments_console_status ON payments (merchant_id, status, created_at, pay_token)",
        "CREATE INDEX payments_console_mode ON payments (merchant_id, mode, created_at, pay_token)",
        "CREATE INDEX payments_console_buyer ON payments (merchant_id, user_key, created_at, pay_token)",
        "DROP INDEX IF EXISTS payments_by_merchant",
    ])
}

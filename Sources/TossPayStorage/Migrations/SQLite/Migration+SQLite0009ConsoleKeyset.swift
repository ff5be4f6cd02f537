extension Migration {
    /// The console's payment list in keyset pages (docs/design.md): one index per filter,
    /// each ending in the list's order `(created_at, pay_token)`, so a page — filtered or not,
    /// first or five-hundredth — reads its rows straight from an index, newest first, and stops
    /// after one page. `(merchant_id, created_at, pay_token)` replaces `payments_by_merchant`
    /// (its prefix); an order number's few payments keep `payments_by_order`.
    static let sqlite0009ConsoleKeyset = Migration(version: 9, name: "console keyset pages", statements: [
        "CREATE INDEX payments_console ON payments (merchant_id, created_at, pay_token)",
        "CREATE INDEX payments_console_status ON payments (merchant_id, status, created_at, pay_token)",
        "CREATE INDEX payments_console_mode ON payments (merchant_id, mode, created_at, pay_token)",
        "CREATE INDEX payments_console_buyer ON payments (merchant_id, user_key, created_at, pay_token)",
        "DROP INDEX IF EXISTS payments_by_merchant",
    ])
}

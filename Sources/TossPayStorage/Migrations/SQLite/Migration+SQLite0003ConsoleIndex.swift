extension Migration {
    /// The console lists a merchant's payments newest first.
    static let sqlite0003ConsoleIndex = Migration(version: 3, name: "payments by merchant", statements: [
        "CREATE INDEX payments_by_merchant ON payments (merchant_id, created_at)",
    ])
}

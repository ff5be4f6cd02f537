extension Migration {
    /// The console lists a merchant's payments newest first. Databases made before the two
    /// backends shared one numbering recorded this index as version 2; there it already exists.
    static let postgres0003ConsoleIndex = Migration(version: 3, name: "payments by merchant", statements: [
        "CREATE INDEX IF NOT EXISTS payments_by_merchant ON payments (merchant_id, created_at)",
    ])
}

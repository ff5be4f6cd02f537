extension Migration {
    /// Merchant instant-discount promotions.
    static let sqlite0002Promotions = Migration(version: 2, name: "promotions", statements: [
        "CREATE TABLE promotions (id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL REFERENCES merchants(id), record TEXT NOT NULL)",
        "CREATE INDEX promotions_by_merchant ON promotions (merchant_id)",
    ])
}

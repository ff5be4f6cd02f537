extension Migration {
    /// Merchant instant-discount promotions. PostgreSQL support arrived after them, so its
    /// migration 1 already creates the table: this is version 2 in both backends' one numbering
    /// and changes nothing where the table exists.
    static let postgres0002Promotions = Migration(version: 2, name: "promotions", statements: [
        """
        CREATE TABLE IF NOT EXISTS promotions (
            id TEXT COLLATE "C" NOT NULL, merchant_id TEXT COLLATE "C" NOT NULL REFERENCES merchants(id),
            record TEXT NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY,
            CONSTRAINT promotions_pkey PRIMARY KEY (id))
        """,
        "CREATE INDEX IF NOT EXISTS promotions_by_merchant ON promotions (merchant_id, seq)",
    ])
}

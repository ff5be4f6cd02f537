extension Migration {
    /// Keys can be revoked (SPEC §8): a revoked key keeps its row, so the console can show it
    /// as revoked, and never authenticates again.
    static let postgres0004KeyRevocation = Migration(version: 4, name: "key revocation", statements: [
        "ALTER TABLE api_keys ADD COLUMN revoked_at BIGINT",
    ])
}

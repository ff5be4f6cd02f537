extension Migration {
    /// Toss login (SPEC §9): each app's key, AAD and callback (made when first needed, so
    /// merchants from before get theirs on first use), persons' consents per app, codes and
    /// tokens stored by their SHA-256 only, and the persons testers created.
    static let sqlite0007Login = Migration(version: 7, name: "toss login", statements: [
        "CREATE TABLE login_apps (merchant_id TEXT PRIMARY KEY, record TEXT NOT NULL)",
        """
        CREATE TABLE login_consents (
            merchant_id TEXT NOT NULL, person TEXT NOT NULL, user_key INTEGER NOT NULL, record TEXT NOT NULL,
            PRIMARY KEY (merchant_id, person))
        """,
        "CREATE UNIQUE INDEX login_consents_by_user_key ON login_consents (merchant_id, user_key)",
        """
        CREATE TABLE login_grants (
            hash TEXT PRIMARY KEY, kind TEXT NOT NULL, merchant_id TEXT NOT NULL, user_key INTEGER NOT NULL,
            expires_at INTEGER NOT NULL, revoked_at INTEGER, record TEXT NOT NULL)
        """,
        "CREATE INDEX login_grants_by_user ON login_grants (merchant_id, user_key)",
        "CREATE TABLE login_persons (person TEXT PRIMARY KEY, created_at INTEGER NOT NULL)",
    ])
}

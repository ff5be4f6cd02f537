extension Migration {
    /// Toss login: the same tables as ``sqlite0007Login`` in PostgreSQL's types.
    static let postgres0007Login = Migration(version: 7, name: "toss login", statements: [
        """
        CREATE TABLE login_apps (
            merchant_id TEXT COLLATE "C" NOT NULL, record TEXT NOT NULL, CONSTRAINT login_apps_pkey PRIMARY KEY (merchant_id))
        """,
        """
        CREATE TABLE login_consents (
            merchant_id TEXT COLLATE "C" NOT NULL, person TEXT COLLATE "C" NOT NULL, user_key BIGINT NOT NULL, record TEXT NOT NULL,
            CONSTRAINT login_consents_pkey PRIMARY KEY (merchant_id, person))
        """,
        "CREATE UNIQUE INDEX login_consents_by_user_key ON login_consents (merchant_id, user_key)",
        """
        CREATE TABLE login_grants (
            hash TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL, merchant_id TEXT COLLATE "C" NOT NULL, user_key BIGINT NOT NULL,
            expires_at BIGINT NOT NULL, revoked_at BIGINT, record TEXT NOT NULL, CONSTRAINT login_grants_pkey PRIMARY KEY (hash))
        """,
        "CREATE INDEX login_grants_by_user ON login_grants (merchant_id, user_key)",
        """
        CREATE TABLE login_persons (
            person TEXT COLLATE "C" NOT NULL, created_at BIGINT NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY,
            CONSTRAINT login_persons_pkey PRIMARY KEY (person))
        """,
    ])
}

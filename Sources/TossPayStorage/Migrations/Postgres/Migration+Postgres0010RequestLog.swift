extension Migration {
    /// The request inspector: the table of ``sqlite0010RequestLog``, ids from an identity column.
    static let postgres0010RequestLog = Migration(version: 10, name: "request inspector", statements: [
        """
        CREATE TABLE request_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY, merchant_id TEXT COLLATE "C" NOT NULL, at BIGINT NOT NULL, method TEXT NOT NULL,
            route TEXT NOT NULL, path TEXT NOT NULL, status BIGINT NOT NULL, error_code TEXT, duration_micros BIGINT NOT NULL,
            request_id TEXT NOT NULL, order_no TEXT, pay_token TEXT, user_key TEXT, record TEXT NOT NULL,
            CONSTRAINT request_log_pkey PRIMARY KEY (id))
        """,
        "CREATE INDEX request_log_by_merchant ON request_log (merchant_id, id)",
    ])
}

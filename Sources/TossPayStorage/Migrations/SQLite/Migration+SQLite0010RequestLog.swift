extension Migration {
    /// The request inspector (docs/design.md): each merchant's newest requests, written in
    /// batches by the server's background writer. The columns are what an entry is found by;
    /// `record` holds the masked headers and bodies. `AUTOINCREMENT` keeps ids growing even
    /// after the newest rows were deleted, so a follower's `after` never skips a reused id.
    /// `(merchant_id, id)` serves both the newest-first list and the trim to the newest N.
    static let sqlite0010RequestLog = Migration(version: 10, name: "request inspector", statements: [
        """
        CREATE TABLE request_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, merchant_id TEXT NOT NULL, at INTEGER NOT NULL, method TEXT NOT NULL,
            route TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, error_code TEXT, duration_micros INTEGER NOT NULL,
            request_id TEXT NOT NULL, order_no TEXT, pay_token TEXT, user_key TEXT, record TEXT NOT NULL)
        """,
        "CREATE INDEX request_log_by_merchant ON request_log (merchant_id, id)",
    ])
}

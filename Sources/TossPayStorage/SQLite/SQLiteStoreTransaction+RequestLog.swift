import TossPayCore

/// The request inspector's entries in SQLite (`request_log`, migration 10): columns to find an
/// entry by, the masked headers and bodies as a JSON record. Ids come from `AUTOINCREMENT`, so
/// they only grow, even after a merchant's newest entries were deleted.
extension SQLiteStoreTransaction {
    func appendRequestLog(_ entries: [RequestLogEntry], keep: Int) async throws {
        guard !entries.isEmpty else { return }
        for entry in entries {
            // Optional text is bound as '' and stored as NULL (no filter value is ever empty).
            try await query(
                """
                INSERT INTO request_log (merchant_id, at, method, route, path, status, error_code, duration_micros, request_id,
                    order_no, pay_token, user_key, record)
                VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), ?)
                """,
                [
                    .text(entry.merchantId), .integer(Int(entry.at)), .text(entry.method), .text(entry.route), .text(entry.path),
                    .integer(entry.status), .text(entry.errorCode ?? ""), .integer(Int(entry.durationMicros)), .text(entry.requestId),
                    .text(entry.orderNo ?? ""), .text(entry.payToken ?? ""), .text(entry.userKey ?? ""), .text(entry.details.record),
                ]
            )
        }
        // Keep each merchant's newest `keep`: everything at or below its (keep+1)-th newest id
        // goes, found by walking `keep` entries of the (merchant_id, id) index. Cast values keep
        // the statement prepared once (see `query`).
        for merchantId in Set(entries.map(\.merchantId)) {
            try await query(
                """
                DELETE FROM request_log WHERE merchant_id = CAST(?1 AS TEXT) AND id <= (
                    SELECT id FROM request_log WHERE merchant_id = CAST(?1 AS TEXT) ORDER BY id DESC LIMIT 1 OFFSET CAST(?2 AS INTEGER))
                """,
                [.text(merchantId), .integer(keep)]
            )
        }
    }

    func requestLog(matching query: RequestLogQuery) async throws -> [RequestLogEntry] {
        // Every filter is in the statement; an absent one is '' or 0 and matches everything.
        // A merchant has at most `inspector.keep` entries, so the (merchant_id, id) index bounds the scan.
        let ascending = query.after != nil
        let rows = try await self.query(
            """
            SELECT id, merchant_id, at, method, route, path, status, error_code, duration_micros, request_id, order_no, pay_token,
                user_key, record
            FROM request_log WHERE merchant_id = ?1 AND id > ?2 AND (?3 = 0 OR id < ?3)
                AND (?4 = '' OR order_no = ?4) AND (?5 = '' OR pay_token = ?5) AND (?6 = '' OR user_key = ?6) AND (?7 = 0 OR status = ?7)
            ORDER BY id \(ascending ? "ASC" : "DESC") LIMIT ?8
            """,
            [
                .text(query.merchantId), .integer(Int(query.after ?? 0)), .integer(Int(query.before ?? 0)), .text(query.orderNo ?? ""),
                .text(query.payToken ?? ""), .text(query.userKey ?? ""), .integer(query.status ?? 0), .integer(query.limit),
            ]
        )
        let entries = try rows.map { row in
            RequestLogEntry(
                id: try row.int64("id", of: "request_log"), merchantId: try row.text("merchant_id", of: "request_log"),
                at: try row.int64("at", of: "request_log"), method: try row.text("method", of: "request_log"),
                route: try row.text("route", of: "request_log"), path: try row.text("path", of: "request_log"),
                status: Int(try row.int64("status", of: "request_log")), errorCode: try row.optionalText("error_code", of: "request_log"),
                durationMicros: try row.int64("duration_micros", of: "request_log"), requestId: try row.text("request_id", of: "request_log"),
                orderNo: try row.optionalText("order_no", of: "request_log"), payToken: try row.optionalText("pay_token", of: "request_log"),
                userKey: try row.optionalText("user_key", of: "request_log"),
                details: try row.record(RequestLogDetails.self, of: "request_log")
            )
        }
        return ascending ? entries.reversed() : entries
    }

    func deleteRequestLog(merchantId: String) async throws -> Int {
        try await query("DELETE FROM request_log WHERE merchant_id = ? RETURNING id", [.text(merchantId)]).count
    }
}

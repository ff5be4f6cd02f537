import PostgresNIO
import TossPayCore

/// The request inspector's entries in PostgreSQL (`request_log`, migration 10). A batch is one
/// multi-row INSERT; ids come from an identity column, so they only grow (in the order batches
/// took them: with several instances, a batch may commit after a later-numbered one).
extension PostgresStoreTransaction {
    func appendRequestLog(_ entries: [RequestLogEntry], keep: Int) async throws {
        let stored = entries.filter { Self.storable($0.merchantId) }
        guard !stored.isEmpty else { return }
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        func bind(_ value: String?) -> String {
            guard let value else { return "NULL" }
            return bind(value)
        }
        var rows: [String] = []
        for entry in stored {
            // Text columns cannot hold NUL; the server strips it, this keeps the statement safe regardless.
            let texts = [entry.method, entry.route, entry.path, entry.requestId].map(RequestLogMasking.storable)
            let optionals = [entry.errorCode, entry.orderNo, entry.payToken, entry.userKey].map { $0.map(RequestLogMasking.storable) }
            rows.append(
                "(\(bind(entry.merchantId)), \(bind(entry.at)), \(bind(texts[0])), \(bind(texts[1])), \(bind(texts[2])), "
                    + "\(bind(Int64(entry.status))), \(bind(optionals[0])), \(bind(entry.durationMicros)), \(bind(texts[3])), "
                    + "\(bind(optionals[1])), \(bind(optionals[2])), \(bind(optionals[3])), \(bind(entry.details.record)))"
            )
        }
        try await query(PostgresQuery(
            unsafeSQL: """
                INSERT INTO request_log (merchant_id, at, method, route, path, status, error_code, duration_micros, request_id,
                    order_no, pay_token, user_key, record) VALUES \(rows.joined(separator: ", "))
                """,
            binds: binds
        ))
        // Keep each merchant's newest `keep`, as in SQLite: one walk of `keep` index entries each.
        for merchantId in Set(stored.map(\.merchantId)) {
            try await query(
                """
                DELETE FROM request_log WHERE merchant_id = \(merchantId) AND id <= (
                    SELECT id FROM request_log WHERE merchant_id = \(merchantId) ORDER BY id DESC LIMIT 1 OFFSET \(Int64(keep)))
                """
            )
        }
    }

    func requestLog(matching query: RequestLogQuery) async throws -> [RequestLogEntry] {
        let filters = [query.merchantId, query.orderNo, query.payToken, query.userKey].compactMap { $0 }
        guard filters.allSatisfy(Self.storable) else { return [] }
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var sql = """
            SELECT id, merchant_id, at, method, route, path, status, error_code, duration_micros, request_id, order_no, pay_token,
                user_key, record FROM request_log WHERE merchant_id = \(bind(query.merchantId))
            """
        if let after = query.after { sql += " AND id > \(bind(after))" }
        if let before = query.before { sql += " AND id < \(bind(before))" }
        if let orderNo = query.orderNo { sql += " AND order_no = \(bind(orderNo))" }
        if let payToken = query.payToken { sql += " AND pay_token = \(bind(payToken))" }
        if let userKey = query.userKey { sql += " AND user_key = \(bind(userKey))" }
        if let status = query.status { sql += " AND status = \(bind(Int64(status)))" }
        let ascending = query.after != nil
        sql += " ORDER BY id \(ascending ? "ASC" : "DESC") LIMIT \(bind(Int64(query.limit)))"
        let entries = try await self.query(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in
            RequestLogEntry(
                id: try row.value(0, Int64.self, column: "id", of: "request_log"),
                merchantId: try row.value(1, String.self, column: "merchant_id", of: "request_log"),
                at: try row.value(2, Int64.self, column: "at", of: "request_log"),
                method: try row.value(3, String.self, column: "method", of: "request_log"),
                route: try row.value(4, String.self, column: "route", of: "request_log"),
                path: try row.value(5, String.self, column: "path", of: "request_log"),
                status: Int(try row.value(6, Int64.self, column: "status", of: "request_log")),
                errorCode: try row.value(7, String?.self, column: "error_code", of: "request_log"),
                durationMicros: try row.value(8, Int64.self, column: "duration_micros", of: "request_log"),
                requestId: try row.value(9, String.self, column: "request_id", of: "request_log"),
                orderNo: try row.value(10, String?.self, column: "order_no", of: "request_log"),
                payToken: try row.value(11, String?.self, column: "pay_token", of: "request_log"),
                userKey: try row.value(12, String?.self, column: "user_key", of: "request_log"),
                details: try row.record(RequestLogDetails.self, of: "request_log", position: 13)
            )
        }
        return ascending ? entries.reversed() : entries
    }

    func deleteRequestLog(merchantId: String) async throws -> Int {
        guard Self.storable(merchantId) else { return 0 }
        return try await query("DELETE FROM request_log WHERE merchant_id = \(merchantId) RETURNING id").count
    }
}

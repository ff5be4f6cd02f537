import VaporCSQLite

/// One SQLite connection driven synchronously through SQLite's C API — the amalgamation that
/// sqlite-nio already bundles and builds, so nothing more is compiled or installed.
///
/// A statement runs on the calling thread, start to finish: no hop to a thread pool per
/// statement (decision 59 in docs/design.md). Each distinct SQL text is prepared once and kept
/// (up to ``maximumPrepared``); later runs only reset and rebind it.
///
/// Not thread-safe by itself (it is opened `SQLITE_OPEN_NOMUTEX`): its owner makes sure one
/// thread uses it at a time — the writer's own thread for the write connection, and
/// ``SQLiteReaderPool`` hands a read connection to one reader at a time.
final class SQLiteHandle: @unchecked Sendable {
    /// How many prepared statements a connection keeps; a statement beyond these is prepared,
    /// run and finalized each time.
    static let maximumPrepared = 256

    private var database: OpaquePointer?
    private var prepared: [String: OpaquePointer] = [:]

    private init(database: OpaquePointer) {
        self.database = database
    }

    /// Opens (creating if needed) the database file at `path`.
    static func open(path: String) throws -> SQLiteHandle {
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite_nio_sqlite3_open_v2(path, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open the database"
            if let database { sqlite_nio_sqlite3_close_v2(database) }
            throw SQLiteFailure(code: code, message: message)
        }
        sqlite_nio_sqlite3_extended_result_codes(database, 1)
        return SQLiteHandle(database: database)
    }

    /// Runs SQL without parameters and without rows wanted (pragmas, `BEGIN`, a migration's
    /// statements); several statements separated by `;` run in order.
    func execute(_ sql: String) throws {
        let database = try open()
        let code = sqlite_nio_sqlite3_exec(database, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Runs one statement with `binds` and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLiteValue] = []) throws -> [SQLiteResultRow] {
        let database = try open()
        let (statement, kept) = try statement(sql, in: database)
        guard let statement else { return [] }
        defer {
            if kept {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            } else {
                sqlite_nio_sqlite3_finalize(statement)
            }
        }
        for (offset, value) in binds.enumerated() {
            try bind(value, at: Int32(offset + 1), of: statement)
        }
        var names: [String] = []
        var rows: [SQLiteResultRow] = []
        while true {
            let code = sqlite_nio_sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw failure(code) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            if names.isEmpty {
                names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
            }
            rows.append(SQLiteResultRow(names: names, values: (0..<count).map { value(at: $0, of: statement) }))
        }
    }

    /// The kept statements SQLite had to prepare again since they were first prepared (a plan
    /// that depended on a bound value, or a schema change), with how often.
    func repreparedStatements() -> [String: Int32] {
        var reprepared: [String: Int32] = [:]
        for (sql, statement) in prepared {
            let count = sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
            if count > 0 { reprepared[sql] = count }
        }
        return reprepared
    }

    /// Finalizes every kept statement and closes the connection; later calls fail.
    func close() {
        guard let database else { return }
        for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
        prepared.removeAll()
        sqlite_nio_sqlite3_close_v2(database)
        self.database = nil
    }

    deinit { close() }

    private func open() throws -> OpaquePointer {
        guard let database else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        return database
    }

    /// The prepared statement for `sql` (nil for SQL with no statement) and whether it is kept.
    private func statement(_ sql: String, in database: OpaquePointer) throws -> (OpaquePointer?, kept: Bool) {
        if let statement = prepared[sql] { return (statement, true) }
        let keep = prepared.count < Self.maximumPrepared
        var statement: OpaquePointer?
        let flags = keep ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite_nio_sqlite3_prepare_v3(database, sql, -1, flags, &statement, nil)
        guard code == SQLITE_OK else { throw failure(code) }
        guard let statement else { return (nil, false) }
        if keep { prepared[sql] = statement }
        return (statement, keep)
    }

    private func bind(_ value: SQLiteValue, at index: Int32, of statement: OpaquePointer) throws {
        let code: Int32
        switch value {
        case .integer(let integer):
            code = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .text(let text):
            code = sqlite_nio_sqlite3_bind_text64(
                statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8)
            )
        case .null:
            code = sqlite_nio_sqlite3_bind_null(statement, index)
        case .unsupported:
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "only integers, text and NULL are stored")
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    private func value(at column: Int32, of statement: OpaquePointer) -> SQLiteValue {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_NULL:
            return .null
        case SQLITE_TEXT:
            guard let bytes = sqlite_nio_sqlite3_column_text(statement, column) else { return .null }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        default:
            return .unsupported
        }
    }

    private func failure(_ code: Int32) -> SQLiteFailure {
        guard let database else { return SQLiteFailure(code: code, message: "the connection is closed") }
        return SQLiteFailure(
            code: sqlite_nio_sqlite3_extended_errcode(database), message: String(cString: sqlite_nio_sqlite3_errmsg(database))
        )
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

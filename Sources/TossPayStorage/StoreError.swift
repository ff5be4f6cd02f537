/// A storage failure that is not the caller's fault. Its description names no SQL and no data:
/// at most a SQLSTATE code, which says what kind of failure it was.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// A row did not have the expected shape.
    case unexpectedRow(String)
    /// A stored value does not decode (wrong type, missing, or not a known value): the same in
    /// every backend, never a silent default. Names the table and column, never the value.
    case corruptRow(table: String, column: String)
    /// The database URL could not be used; the text says why without repeating it.
    case invalidDatabaseURL(String)
    /// The database's schema is newer than this build knows: a newer tosspay migrated it.
    case schemaTooNew(found: Int, known: Int)
    /// No SQLite database file at the path.
    case noDatabase(String)
    /// Concurrent writes kept conflicting (serialization failures, deadlocks) after every retry.
    case conflict(attempts: Int)
    /// A row with the same key already exists, and trying again would not change that.
    case duplicate
    /// The database refused a statement, with its SQLSTATE.
    case database(sqlState: String)
    /// The database could not be reached, or the connection broke.
    case unavailable

    public var description: String {
        switch self {
        case .unexpectedRow(let what): "stored row without \(what)"
        case .corruptRow(let table, let column): "a stored row of \(table) has an unreadable \(column)"
        case .invalidDatabaseURL(let problem): "invalid PostgreSQL URL: \(problem)"
        case .schemaTooNew(let found, let known): "the database's schema is version \(found), newer than this tosspay knows (\(known)): run the newer tosspay, or stop every instance before upgrading"
        case .noDatabase(let path): "no database at \(path)"
        case .conflict(let attempts): "the change conflicted with concurrent ones \(attempts) times; nothing was written"
        case .duplicate: "a stored row with the same key already exists; nothing was written"
        case .database(let sqlState): "database error (SQLSTATE \(sqlState)); nothing was written"
        case .unavailable: "database unavailable"
        }
    }
}

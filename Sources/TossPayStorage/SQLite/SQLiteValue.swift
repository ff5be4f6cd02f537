/// A value bound to, or read from, a SQLite statement.
///
/// Only the types this store writes: integers (money is integer won), text and NULL. A column
/// holding anything else (a REAL, a BLOB) reads as ``unsupported``, which every strict reader
/// rejects as a corrupt row.
enum SQLiteValue: Sendable, Equatable {
    /// A 64-bit integer.
    case integer(Int)
    /// UTF-8 text.
    case text(String)
    /// SQL NULL.
    case null
    /// A stored REAL or BLOB: never written by this store.
    case unsupported
}

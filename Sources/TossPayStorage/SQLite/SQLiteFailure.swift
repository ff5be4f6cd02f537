/// A statement SQLite refused or failed, with SQLite's result code.
///
/// Its description carries SQLite's message (for example "UNIQUE constraint failed:
/// payments.pay_token"), never the statement's text or its bound values.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// SQLite's extended result code.
    let code: Int32
    /// SQLite's message for it.
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}

/// One row of a statement's result: its values, by column name.
struct SQLiteResultRow: Sendable {
    /// The statement's column names, shared by every row of one result.
    let names: [String]
    /// The row's values, in column order.
    let values: [SQLiteValue]

    /// The value of `column`, or nil when the result has no such column.
    func column(_ column: String) -> SQLiteValue? {
        guard let index = names.firstIndex(of: column) else { return nil }
        return values[index]
    }
}

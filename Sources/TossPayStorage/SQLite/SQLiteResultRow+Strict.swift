import Foundation


extension SQLiteResultRow {
    /// The text in `column`; anything else (NULL, a number, a blob) is ``StoreError/corruptRow(table:column:)``.
    func text(_ column: String, of table: String) throws -> String {
        guard case .text(let value)? = self.column(column) else { throw StoreError.corruptRow(table: table, column: column) }
        return value
    }

    /// The text in `column`, or nil for NULL; another type is corrupt.
    func optionalText(_ column: String, of table: String) throws -> String? {
        switch self.column(column) {
        case .null?: return nil
        case .text(let value)?: return value
        default: throw StoreError.corruptRow(table: table, column: column)
        }
    }

    /// The integer in `column`; anything else is ``StoreError/corruptRow(table:column:)``.
    func int64(_ column: String, of table: String) throws -> Int64 {
        guard case .integer(let value)? = self.column(column) else { throw StoreError.corruptRow(table: table, column: column) }
        return Int64(value)
    }

    /// The integer in `column`, or nil for NULL; another type is corrupt.
    func optionalInt64(_ column: String, of table: String) throws -> Int64? {
        switch self.column(column) {
        case .null?: return nil
        case .integer(let value)?: return Int64(value)
        default: throw StoreError.corruptRow(table: table, column: column)
        }
    }

    /// The JSON record in `column`, decoded; a record that does not decode is corrupt.
    func record<T: Decodable>(_ type: T.Type, of table: String, column: String = "record") throws -> T {
        let text = try text(column, of: table)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRow(table: table, column: column)
        }
    }
}

import Foundation
import PostgresNIO

extension PostgresRow {
    /// The value of the column at `position`, named `column` of `table`; NULL where a value is
    /// required, or a value of another type, is ``StoreError/corruptRow(table:column:)``.
    func value<T: PostgresDecodable>(_ position: Int, _ type: T.Type, column: String, of table: String) throws -> T {
        do {
            return try makeRandomAccess()[position].decode(T.self, context: .default)
        } catch {
            throw StoreError.corruptRow(table: table, column: column)
        }
    }

    /// The JSON record in the first column (or at `position`), decoded; a record that does not
    /// decode is corrupt.
    func record<T: Decodable>(_ type: T.Type, of table: String, position: Int = 0) throws -> T {
        let text = try value(position, String.self, column: "record", of: table)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRow(table: table, column: "record")
        }
    }
}

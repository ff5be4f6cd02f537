import Foundation
public import Logging

/// Opens the store a database location names: a `postgres://` (or `postgresql://`) URL opens
/// ``PostgresPaymentStore``, anything else is the path of a SQLite file (``SQLitePaymentStore``).
/// The one place that tells the two apart: the server, `tosspay verify` and `tosspay bench` use it.
public enum PaymentStores {
    /// Opens the store at `location` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - location: a SQLite file path or a PostgreSQL URL.
    ///   - mustExist: refuse a SQLite file that does not exist yet (``StoreError/noDatabase(_:)``)
    ///     instead of creating it.
    /// - Throws: ``StoreError/invalidDatabaseURL(_:)`` for a PostgreSQL URL that cannot be used
    ///   (naming what is wrong, never the password).
    public static func open(_ location: String, mustExist: Bool = false, logger: Logger) async throws -> any PaymentStore {
        if PostgresDatabaseURL.isPostgres(location) {
            return try await PostgresPaymentStore.open(url: location, logger: logger)
        }
        if mustExist, !FileManager.default.fileExists(atPath: location) { throw StoreError.noDatabase(location) }
        return try await SQLitePaymentStore.open(path: location, logger: logger)
    }
}

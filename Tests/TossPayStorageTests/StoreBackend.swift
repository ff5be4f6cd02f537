import Foundation
import Logging
import TossPayStorage
import TossPayTestSupport

/// A storage backend the shared store suite runs against: SQLite always, PostgreSQL when
/// `TOSSPAY_TEST_POSTGRES_URL` is set (each test case gets a database of its own).
struct StoreBackend: Sendable, CustomStringConvertible {
    let description: String
    /// Opens a fresh, empty store; `reopen` opens the same database again; `cleanup` removes it
    /// once every store on it is closed.
    let make: @Sendable () async throws -> (store: any PaymentStore, reopen: @Sendable () async throws -> any PaymentStore, cleanup: @Sendable () -> Void)

    static let sqlite = StoreBackend(description: "SQLite") {
        let database = try TemporaryDatabase()
        let logger = Logger(label: "store-test")
        let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
        return (
            store,
            { try await SQLitePaymentStore.open(path: database.path, logger: logger) },
            { database.remove() }
        )
    }

    static let postgres = StoreBackend(description: "PostgreSQL") {
        let database = try await PostgresTestDatabase.create(prefix: "store")
        let logger = Logger(label: "store-test")
        do {
            let store = try await PostgresPaymentStore.open(url: database.url(poolSize: 8), logger: logger)
            return (
                store,
                { try await PostgresPaymentStore.open(url: database.url(poolSize: 8), logger: logger) },
                // `cleanup` cannot wait: the drop finishes in the background (and the throwaway
                // cluster of scripts/test.sh goes away with everything in it).
                { Task { await database.drop() } }
            )
        } catch {
            await database.drop()
            throw error
        }
    }

    static let all: [StoreBackend] = {
        guard PostgresTestDatabase.enabled else { return [.sqlite] }
        return [.sqlite, .postgres]
    }()
}

import Foundation
import Logging
import TossPayStorage

/// A storage backend the shared store suite runs against. PostgreSQL joins SQLite here.
struct StoreBackend: Sendable, CustomStringConvertible {
    let description: String
    /// Opens a fresh, empty store; `reopen` opens the same database again.
    let make: @Sendable () async throws -> (store: any PaymentStore, reopen: @Sendable () async throws -> any PaymentStore, cleanup: @Sendable () -> Void)

    static let sqlite = StoreBackend(description: "SQLite") {
        let directory = NSTemporaryDirectory() + "tosspay-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/store.sqlite"
        let logger = Logger(label: "store-test")
        let store = try await SQLitePaymentStore.open(path: path, logger: logger)
        return (
            store,
            { try await SQLitePaymentStore.open(path: path, logger: logger) },
            { try? FileManager.default.removeItem(atPath: directory) }
        )
    }

    static let all: [StoreBackend] = [.sqlite]
}

import Foundation
import Logging
import PostgresNIO
import SQLiteNIO
import Testing
@testable import TossPayStorage
import TossPayTestSupport

/// Migrations: one numbering for both backends, one migration per file, append-only.
@Suite("Migrations")
struct MigrationNumberingTests {
    @Test func bothBackendsShareOneNumbering() {
        #expect(Migration.sqlite.map(\.version) == Array(1...Migration.sqlite.count))
        #expect(Migration.sqlite.map(\.version) == Migration.postgres.map(\.version))
        #expect(Migration.sqlite.map(\.name) == Migration.postgres.map(\.name))
        #expect(Migration.sqlite.allSatisfy { !$0.statements.isEmpty })
        #expect(Migration.postgres.allSatisfy { !$0.statements.isEmpty })
    }

    /// A PostgreSQL database made before the shared numbering recorded the console index as
    /// version 2: it opens, and the index migration (now 3) changes nothing.
    @Test(.enabled(if: PostgresTestDatabase.adminURL != nil, "TOSSPAY_TEST_POSTGRES_URL not set"))
    func aPostgresDatabaseOfTheOldNumberingUpgrades() async throws {
        let database = try await PostgresTestDatabase.create(prefix: "migrate")
        let logger = Logger(label: "migration-test")
        do {
            let store = try await PostgresPaymentStore.open(url: database.url(), logger: logger)
            try await store.close()
            _ = try await database.rows("DELETE FROM schema_migrations WHERE version = 3")
            _ = try await database.rows("UPDATE schema_migrations SET name = 'payments by merchant' WHERE version = 2")
            let reopened = try await PostgresPaymentStore.open(url: database.url(), logger: logger)
            let setting = try await reopened.read { try await $0.setting("absent") }
            #expect(setting == nil)
            try await reopened.close()
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

/// SPEC §8 "Upgrades": an instance refuses to start on a schema newer than it knows.
@Suite("Schema newer than the build")
struct SchemaTooNewTests {
    static let latest = Migration.sqlite.map(\.version).max() ?? 0

    @Test func sqliteRefusesASchemaNewerThanItKnows() async throws {
        let directory = NSTemporaryDirectory() + "tosspay-newer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store.sqlite"
        let logger = Logger(label: "migration-test")
        // Just inside: the latest known version opens, twice.
        try await SQLitePaymentStore.open(path: path, logger: logger).close()
        try await SQLitePaymentStore.open(path: path, logger: logger).close()
        // Just outside: one version more, as a newer tosspay would have recorded it.
        let raw = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        _ = try await raw.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 0)", [.integer(Self.latest + 1)])
        try await raw.close()
        await #expect(throws: StoreError.schemaTooNew(found: Self.latest + 1, known: Self.latest)) {
            try await SQLitePaymentStore.open(path: path, logger: logger).close()
        }
    }

    @Test(.enabled(if: PostgresTestDatabase.adminURL != nil, "TOSSPAY_TEST_POSTGRES_URL not set"))
    func postgresRefusesASchemaNewerThanItKnows() async throws {
        let database = try await PostgresTestDatabase.create(prefix: "newer")
        let logger = Logger(label: "migration-test")
        do {
            try await PostgresPaymentStore.open(url: database.url(), logger: logger).close()
            try await PostgresPaymentStore.open(url: database.url(), logger: logger).close()
            _ = try await database.rows("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(Self.latest + 1), 'from the future', 0)")
            await #expect(throws: StoreError.schemaTooNew(found: Self.latest + 1, known: Self.latest)) {
                try await PostgresPaymentStore.open(url: database.url(), logger: logger).close()
            }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

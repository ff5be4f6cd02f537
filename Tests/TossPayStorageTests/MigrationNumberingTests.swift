import Foundation
import Logging
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

import Foundation
import Logging
import PostgresNIO
import SQLiteNIO
import Testing
import TossPayCore
import TossPayStorage
import TossPayTestSupport

/// One strictness in every backend: a stored value that does not decode is
/// `StoreError.corruptRow(table:column:)`, never a silent default. Each case corrupts one
/// column of one table behind the store's back, then reads it through the store.
@Suite("Corrupt rows")
struct CorruptRowTests {
    /// One column to corrupt: how, in each backend, and the read that must refuse it.
    struct Case: Sendable, CustomStringConvertible {
        let table: String
        let column: String
        /// Makes the value unreadable in SQLite, which keeps any type in any column.
        let sqlite: String
        /// Makes it unreadable in PostgreSQL, whose columns are typed: NULL where NOT NULL was
        /// required, or a record that is not the JSON the store wrote.
        let postgres: [String]
        let read: @Sendable (any StoreTransaction) async throws -> Void

        var description: String { "\(table).\(column)" }
    }

    static func nullable(_ table: String, _ column: String) -> [String] {
        ["ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL", "UPDATE \(table) SET \(column) = NULL"]
    }

    static let cases: [Case] = [
        Case(table: "merchants", column: "name", sqlite: "UPDATE merchants SET name = x'00ff'",
             postgres: nullable("merchants", "name")) { _ = try await $0.merchant(id: "m1") },
        Case(table: "api_keys", column: "created_at", sqlite: "UPDATE api_keys SET created_at = 'yesterday'",
             postgres: nullable("api_keys", "created_at")) { _ = try await $0.apiKeys(merchantId: "m1") },
        Case(table: "order_numbers", column: "first_used_at", sqlite: "UPDATE order_numbers SET first_used_at = 'soon'",
             postgres: nullable("order_numbers", "first_used_at")) { _ = try await $0.orderNoFirstUse(merchantId: "m1", orderNo: "order-1") },
        Case(table: "payments", column: "record", sqlite: "UPDATE payments SET record = '{\"payToken\": 1}'",
             postgres: ["UPDATE payments SET record = '{\"payToken\": 1}'"]) { _ = try await $0.payment(token: "tok-1") },
        Case(table: "transactions", column: "record", sqlite: "UPDATE transactions SET record = 'not json'",
             postgres: ["UPDATE transactions SET record = 'not json'"]) { _ = try await $0.transactions(payToken: "tok-1") },
        Case(table: "users", column: "record", sqlite: "UPDATE users SET record = '[]'",
             postgres: ["UPDATE users SET record = '[]'"]) { _ = try await $0.user(merchantId: "m1", key: "u1") },
        Case(table: "journal_entries", column: "kind", sqlite: "UPDATE journal_entries SET kind = 'BOGUS'",
             postgres: ["UPDATE journal_entries SET kind = 'BOGUS'"]) { _ = try await $0.journal(payToken: "tok-1") },
        Case(table: "journal_postings", column: "amount", sqlite: "UPDATE journal_postings SET amount = 'lots'",
             postgres: nullable("journal_postings", "amount")) { _ = try await $0.journal(payToken: "tok-1") },
        Case(table: "promotions", column: "record", sqlite: "UPDATE promotions SET record = '{}'",
             postgres: ["UPDATE promotions SET record = '{}'"]) { _ = try await $0.promotions(merchantId: "m1") },
        Case(table: "settings", column: "value", sqlite: "UPDATE settings SET value = x'00'",
             postgres: nullable("settings", "value")) { _ = try await $0.setting("k") },
    ]

    /// One row in every table, written through the store.
    static func fill(_ store: any PaymentStore) async throws {
        let request = MakePaymentRequest(
            orderNo: "order-1", productDesc: "상품", amount: 1_000,
            taxSplit: TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0), mode: .test
        )
        let payment = Payment(payToken: "tok-1", merchantId: "m1", userKey: "u1", request: request, createdAt: 1_000, expiresAt: 901_000)
        try await store.write { transaction in
            try await transaction.insert(Merchant(id: "m1", name: "A", createdAt: 0), keys: [("hash-a", "TEST")])
            try await transaction.insert(payment)
            try await transaction.insert(PaymentTransaction(
                transactionId: "t-1", payToken: "tok-1", stepType: .pay, transactionAmount: 1_000, paidAmount: 1_000,
                discountedAmount: 0, pointAmount: 0, registeredAt: 2_000
            ))
            try await transaction.save(SandboxUser.standard(merchantId: "m1", userKey: "u1"))
            try await transaction.append([JournalEntry(kind: .pay, payToken: "tok-1", postings: [.init("a", -5), .init("b", 5)])])
            try await transaction.save(Promotion(id: "p1", merchantId: "m1", name: "할인", discountAmount: 100))
            try await transaction.setSetting("k", "v")
        }
    }

    /// Readable before the corruption, so that the refusal after it is the corruption's.
    static func expectReadable(_ store: any PaymentStore, _ item: Case) async throws {
        try await store.read { try await item.read($0) }
    }

    /// Both a read and a write transaction refuse the corrupted value, naming table and column.
    static func expectRefused(_ store: any PaymentStore, _ item: Case) async throws {
        await #expect(throws: StoreError.corruptRow(table: item.table, column: item.column)) {
            try await store.read { try await item.read($0) }
        }
        await #expect(throws: StoreError.corruptRow(table: item.table, column: item.column)) {
            try await store.write { try await item.read($0) }
        }
    }

    @Test(arguments: cases)
    func sqliteRefusesAnUnreadableValue(_ item: Case) async throws {
        let directory = NSTemporaryDirectory() + "tosspay-corrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store.sqlite"
        let logger = Logger(label: "corrupt-test")
        let store = try await SQLitePaymentStore.open(path: path, logger: logger)
        do {
            try await Self.fill(store)
            try await Self.expectReadable(store, item)
            let raw = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            _ = try await raw.query(item.sqlite)
            try await raw.close()
            try await Self.expectRefused(store, item)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test(.enabled(if: PostgresTestDatabase.adminURL != nil, "TOSSPAY_TEST_POSTGRES_URL not set"), arguments: cases)
    func postgresRefusesAnUnreadableValue(_ item: Case) async throws {
        let database = try await PostgresTestDatabase.create(prefix: "corrupt")
        let logger = Logger(label: "corrupt-test")
        do {
            let store = try await PostgresPaymentStore.open(url: database.url(), logger: logger)
            do {
                try await Self.fill(store)
                try await Self.expectReadable(store, item)
                for statement in item.postgres {
                    _ = try await database.rows(PostgresQuery(unsafeSQL: statement))
                }
                try await Self.expectRefused(store, item)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

import Foundation
import PostgresNIO
import SQLiteNIO
import Testing
import TossPayCore
@testable import TossPayStorage
import TossPayTestSupport

/// SPEC §8 "Data kept small", migration 5 on every backend: a users row written the old way,
/// with full card numbers in its JSON record, holds only `BIN6 + "******" + last4` once the
/// migration has run, and the buyer decodes to the same cards it showed before. Rows without a
/// full number (already masked, no cards, not even JSON) are left exactly as they were.
@Suite("Migration 5: card numbers masked in stored buyers")
struct CardNumberMigrationTests {
    /// Runs `sql` in a write transaction of `store`'s own backend; returns each row's first
    /// column as text (for statements that select one text column).
    static func raw(_ store: any PaymentStore, _ sql: String) async throws -> [String] {
        try await store.write { transaction in
            if let sqlite = transaction as? SQLiteStoreTransaction {
                return try await sqlite.query(sql).map { row in
                    guard case .text(let text)? = row.values.first else { throw TestFailure("not text: \(row)") }
                    return text
                }
            }
            if let postgres = transaction as? PostgresStoreTransaction {
                return try await postgres.query(PostgresQuery(unsafeSQL: sql)).map { try $0.decode(String.self) }
            }
            throw TestFailure("unknown backend \(type(of: transaction))")
        }
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A full number for a masked one: the BIN, six made-up middle digits, the last four
    /// (`541234******9876` was `5412345678909876`).
    static func full(_ masked: String) -> String { String(masked.prefix(6)) + "567890" + String(masked.suffix(4)) }

    /// `user`'s record as the old code wrote it: the same JSON, with full card numbers except
    /// for the cards at `keepMasked`.
    static func oldRecord(_ user: SandboxUser, keepMasked: Set<Int> = []) throws -> String {
        var record = String(decoding: try JSONEncoder().encode(user), as: UTF8.self)
        for (index, card) in user.cards.enumerated() where !keepMasked.contains(index) {
            let masked = #""number":"\#(card.number)""#
            #expect(record.contains(masked), "the record keeps the key `number`")
            record = record.replacingOccurrences(of: masked, with: #""number":"\#(full(card.number))""#)
        }
        return record
    }

    @Test(arguments: StoreBackend.all)
    func migrationFiveMasksFullCardNumbersInStoredBuyers(backend: StoreBackend) async throws {
        let (store, reopen, cleanup) = try await backend.make()
        defer { cleanup() }
        var open: (any PaymentStore)? = store
        do {
            // Written the old way, behind the store's back.
            let standard = SandboxUser.standard(merchantId: "sandbox", userKey: "old-standard")
            let noAccount = SandboxUser(
                merchantId: "sandbox", userKey: "old-given", status: .paused, tossMoneyBalance: 12_345, points: 700, bankAccount: nil,
                cards: [SandboxUser.Card(companyCode: 4, number: "5412345678909876", methodType: .check, userType: "CORP_COMPANY", limit: 50_000, used: 0)]
            )
            let alreadyMasked = SandboxUser.standard(merchantId: "sandbox", userKey: "new-standard")
            let noCards = SandboxUser(merchantId: "sandbox", userKey: "no-cards", status: .active, tossMoneyBalance: 1, points: 0, bankAccount: nil, cards: [])
            let rows: [(key: String, record: String)] = [
                ("old-standard", try Self.oldRecord(standard, keepMasked: [2])),
                ("old-given", try Self.oldRecord(noAccount)),
                ("new-standard", String(decoding: try JSONEncoder().encode(alreadyMasked), as: UTF8.self)),
                ("no-cards", String(decoding: try JSONEncoder().encode(noCards), as: UTF8.self)),
                ("not-json", "not json 5412345678909876"),
            ]
            let fullNumbers = standard.cards.enumerated().filter { $0.offset != 2 }.map { Self.full($0.element.number) } + ["5412345678909876"]
            #expect(fullNumbers.count == standard.cards.count)
            #expect(rows[1].record.contains("5412345678909876"))
            for row in rows {
                _ = try await Self.raw(store, "INSERT INTO users (merchant_id, user_key, record) VALUES ('sandbox', \(Self.quoted(row.key)), \(Self.quoted(row.record)))")
            }
            // Run migration 5 again.
            _ = try await Self.raw(store, "DELETE FROM schema_migrations WHERE version = 5")
            try await store.close()
            open = nil
            let reopened = try await reopen()
            open = reopened

            #expect(try await Self.raw(reopened, "SELECT name FROM schema_migrations WHERE version = 5") == ["mask card numbers"])
            func record(_ key: String) async throws -> String {
                try #require(try await Self.raw(reopened, "SELECT record FROM users WHERE user_key = \(Self.quoted(key))").first)
            }
            for key in ["old-standard", "old-given"] {
                let text = try await record(key)
                for number in fullNumbers { #expect(!text.contains(number), "\(backend) \(key): \(text)") }
                #expect(text.contains("******"))
            }
            let oldStandard = try await record("old-standard")
            for card in standard.cards { #expect(oldStandard.contains(card.number), "\(card.number) in \(oldStandard)") }
            #expect(try await record("old-given").contains("541234******9876"))
            #expect(try await record("new-standard") == rows[2].record, "an already-masked record is left as it was")
            #expect(try await record("no-cards") == rows[3].record)
            #expect(try await record("not-json") == rows[4].record)

            // The buyers decode to the same cards, shown the same way.
            let decoded = try await reopened.read { transaction in
                (try await transaction.user(merchantId: "sandbox", key: "old-standard"), try await transaction.user(merchantId: "sandbox", key: "old-given"))
            }
            #expect(decoded.0 == standard)
            #expect(decoded.1 == noAccount)
            let given = try #require(decoded.1?.card(company: 4))
            #expect(given.number == "541234******9876")
            #expect(Masking.cardNumber(given.number) == "541234******9876")
            #expect(Masking.cardBin(given.number) == "541234")
            #expect(Masking.cardLast4(given.number) == "9876")
            for (card, before) in zip(decoded.0?.cards ?? [], standard.cards) {
                #expect(Masking.cardNumber(card.number) == before.number)
            }
        } catch {
            try? await open?.close()
            throw error
        }
        try? await open?.close()
    }
}

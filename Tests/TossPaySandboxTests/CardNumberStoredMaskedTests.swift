import Foundation
import Testing
import TossPayServer
@testable import TossPayStorage
import TossPayTestSupport

/// SPEC §8 "Data kept small" over HTTP: a full card number given to `POST /sandbox/v1/users`
/// is answered masked, the stored users row holds only BIN6 + last 4, and a payment with the
/// card shows the same masked number, BIN and last 4 as ever.
@Suite("Sandbox buyers: card numbers stored as BIN6 + last 4")
struct CardNumberStoredMaskedTests {
    /// Every stored users record, as text (the test server's store is SQLite).
    static func storedRecords(_ server: TestServer) async throws -> [String] {
        let store = try #require(server.ledger?.store)
        return try await store.read { transaction in
            let sqlite = try #require(transaction as? SQLiteStoreTransaction)
            return try await sqlite.query("SELECT record FROM users").map { try $0.text("record", of: "users") }
        }
    }

    @Test func aFullCardNumberIsAnsweredAndStoredMaskedAndStillPays() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let fullNumber = "5412345678909876"
            let created = try await server.createUser([
                "userKey": key, "cards": [["cardCompanyCode": 4, "cardMethodType": "CHECK", "limit": 100_000, "cardNumber": fullNumber]],
            ])
            let cards = try #require(created["cards"].objects)
            #expect(cards.count == 1)
            #expect(cards.first?["cardNumber"].string == "541234******9876")

            let records = try await Self.storedRecords(server)
            #expect(records.contains { $0.contains("541234******9876") }, "the buyer is stored")
            for record in records {
                #expect(!record.contains(fullNumber), "full number stored: \(record)")
                #expect(!record.contains("5412345678"))
            }

            let (token, executed) = try await server.paid(amount: 12_000, payMethod: "CARD", cardCompanyCode: 4, userKey: key)
            #expect(executed["cardNumber"].string == "541234******9876")
            #expect(executed["cardBinNumber"].string == "541234")
            #expect(executed["cardNum4Print"].string == "9876")
            let status = try await server.status(payToken: token, userKey: key).requireSuccess()
            let card = try #require(status["card"].object)
            #expect(card["cardNumber"].string == "541234******9876")
            #expect(card["cardBinNumber"].string == "541234")
            #expect(card["cardNum4Print"].string == "9876")

            let shown = try await server.user(key)
            #expect(shown["cards"].objects?.first?["cardNumber"].string == "541234******9876")
            #expect(shown["cards"].objects?.first?["available"].int64 == 88_000)
            for record in try await Self.storedRecords(server) { #expect(!record.contains(fullNumber)) }
        }
    }
}

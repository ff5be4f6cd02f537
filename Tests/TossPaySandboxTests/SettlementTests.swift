import Foundation
import Testing
import TossPayServer
import TossPayTestSupport

/// SPEC §3 status codes and §5: after the settlement period (default 1 year) payments are
/// settled on demand; no refunds after.
@Suite("Settlement")
struct SettlementTests {
    static let year = 365 * 86_400

    @Test func paymentsSettleAfterOneYear() async throws {
        try await withTestServer { server in
            let ledger = try #require(server.ledger)
            let key = newUserKey()
            let (complete, _) = try await server.paid(amount: 10_000, userKey: key)
            let (partial, _) = try await server.paid(amount: 10_000, payMethod: "CARD", cardCompanyCode: 1, userKey: key)
            try await server.refund(payToken: partial, amount: 3_000, userKey: key).requireSuccess()
            let (full, _) = try await server.paid(amount: 10_000, userKey: key)
            try await server.refund(payToken: full, userKey: key).requireSuccess()
            let waiting = try await server.authorizedPayToken(amount: 1_000, userKey: key)

            // Before the period, nothing is due.
            #expect(try await server.runSettlement() == 0)
            try await server.advanceClock(seconds: Self.year - 60)
            #expect(try await server.runSettlement() == 0)
            #expect(try await server.payStatus(payToken: complete, userKey: key) == "PAY_COMPLETE")

            try await server.advanceClock(seconds: 61)
            #expect(try await server.runSettlement() == 3)
            #expect(try await server.payStatus(payToken: complete, userKey: key) == "SETTLEMENT_COMPLETE")
            #expect(try await server.payStatus(payToken: partial, userKey: key) == "SETTLEMENT_REFUND_COMPLETE")
            #expect(try await server.payStatus(payToken: full, userKey: key) == "SETTLEMENT_REFUND_COMPLETE")
            #expect(try await server.payStatus(payToken: waiting, userKey: key) == "PAY_CANCEL")
            // Settling again finds nothing.
            #expect(try await server.runSettlement() == 0)

            // No refunds after settlement, and nothing moves.
            let before = try await server.balances(key)
            expectFailure(try await server.refund(payToken: complete, userKey: key), code: "COMMON_REFUND_ERROR")
            expectFailure(try await server.refund(payToken: partial, amount: 1_000, userKey: key), code: "COMMON_REFUND_ERROR")
            #expect(try await server.balances(key) == before)
            let status = try await server.status(payToken: partial, userKey: key).requireSuccess()
            #expect(status["refundableAmount"].int64 == 7_000)
            #expect(status["transactions"].array?.count == 2)

            let unbalanced = try await ledger.store.read { try await $0.unbalancedEntries() }
            #expect(unbalanced.isEmpty)
        }
    }

    @Test func aDiscountedPaymentSettlesTheMerchantsShareBalanced() async throws {
        try await withTestServer { server in
            let ledger = try #require(server.ledger)
            let merchant = try await server.createMerchant()
            try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["discountAmount": 1_000]).requireSuccess()
            let key = newUserKey()
            let (token, _) = try await server.paid(amount: 10_000, userKey: key, apiKey: merchant.testKey)
            try await server.refund(payToken: token, amount: 4_000, userKey: key, apiKey: merchant.testKey).requireSuccess()
            try await server.advanceClock(seconds: Self.year + 1, apiKey: merchant.testKey)
            #expect(try await server.runSettlement(apiKey: merchant.testKey) == 1)
            #expect(try await server.payStatus(payToken: token, userKey: key, apiKey: merchant.testKey) == "SETTLEMENT_REFUND_COMPLETE")
            let accounts = try await ledger.store.read { try await $0.accountBalances(prefix: "merchant:\(merchant.id):") }
            // 6,000 kept; the merchant funded 600 of it as discount: 5,400 settled, nothing left in sales.
            #expect(accounts["merchant:\(merchant.id):settled"] == 5_400)
            #expect((accounts["merchant:\(merchant.id):sales"] ?? 0) == 0)
            let unbalanced = try await ledger.store.read { try await $0.unbalancedEntries() }
            #expect(unbalanced.isEmpty)
        }
    }

    @Test func aConfiguredShortPeriodSettlesSooner() async throws {
        try await withTestServer(configure: { $0.settlementSeconds = 60 }) { server in
            let key = newUserKey()
            let (token, _) = try await server.paid(amount: 2_000, userKey: key)
            #expect(try await server.runSettlement() == 0)
            try await server.advanceClock(seconds: 30)
            #expect(try await server.runSettlement() == 0)
            try await server.refund(payToken: token, amount: 500, userKey: key).requireSuccess()
            try await server.advanceClock(seconds: 31)
            #expect(try await server.runSettlement() == 1)
            #expect(try await server.payStatus(payToken: token, userKey: key) == "SETTLEMENT_REFUND_COMPLETE")
            expectFailure(try await server.refund(payToken: token, userKey: key), code: "COMMON_REFUND_ERROR")
        }
    }
}

import Foundation
import Testing
import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// SPEC §5 and §8 "Who may act on a world": each merchant has its own buyers, clock and
/// settlement runs, and a sandbox control acts on the caller's merchant only. Each test has a
/// merchant A act on its own world and checks that merchant B's world — made the same way —
/// did not move, so that a control that still acted on every world would fail here.
@Suite("Per-merchant worlds: buyers, clocks, settlement runs, checkout controls")
struct MerchantWorldTests {
    static let year = 365 * 86_400

    @Test func aUserKeyNamesADifferentBuyerAtEachMerchant() async throws {
        try await withTestServer { server in
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            let person = newUserKey()
            try await server.createUser(["userKey": person, "tossMoneyBalance": 5_000, "points": 70], apiKey: a.testKey)
            // B has never seen this person: B's buyer is the standard one, made on first use.
            #expect(try await server.balances(person, apiKey: b.testKey).money == 1_000_000)
            #expect(try await server.balances(person, apiKey: a.testKey).money == 5_000)
            // B replacing its buyer leaves A's alone, and the other way round.
            try await server.createUser(["userKey": person, "tossMoneyBalance": 0], apiKey: b.testKey)
            #expect(try await server.balances(person, apiKey: a.testKey).money == 5_000)
            #expect(try await server.balances(person, apiKey: a.testKey).points == 70)
            #expect(try await server.balances(person, apiKey: b.testKey).money == 0)
            // The sandbox merchant (open mode, no key) is a third world.
            #expect(try await server.balances(person).money == 1_000_000)
        }
    }

    @Test func aPaymentSpendsFromTheBuyerOfItsOwnMerchant() async throws {
        try await withTestServer { server in
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            let person = newUserKey()
            try await server.createUser(["userKey": person, "tossMoneyBalance": 20_000], apiKey: a.testKey)
            try await server.createUser(["userKey": person, "tossMoneyBalance": 30_000], apiKey: b.testKey)
            try await server.paid(amount: 4_000, userKey: person, apiKey: a.testKey)
            #expect(try await server.balances(person, apiKey: a.testKey).money == 16_000)
            #expect(try await server.balances(person, apiKey: b.testKey).money == 30_000)
            // A buyer with too little at B cannot pay B with what it holds at A.
            try await server.createUser(["userKey": person, "tossMoneyBalance": 0, "bankAccount": NSNull()], apiKey: b.testKey)
            let token = try await server.authorizedPayToken(amount: 1_000, userKey: person, apiKey: b.testKey)
            expectFailure(try await server.execute(payToken: token, userKey: person, apiKey: b.testKey), code: "AUTO_CHARGE_NOT_YET_REGISTER_ACCOUNT")
            #expect(try await server.balances(person, apiKey: a.testKey).money == 16_000)
            let ledger = try #require(server.ledger)
            let report = try await LedgerVerifier(store: ledger.store).run()
            #expect(report.violations.isEmpty, "\(report.violations)")
            #expect(report.buyers == 2, "one buyer per merchant for one person")
        }
    }

    @Test func advancingOneMerchantsClockMovesNoOtherClock() async throws {
        try await withTestServer { server in
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            let person = newUserKey()
            let waitingAtA = try await server.madePayToken(amount: 1_000, userKey: person, apiKey: a.testKey)
            let waitingAtB = try await server.madePayToken(amount: 1_000, userKey: person, apiKey: b.testKey)
            let bBefore = try #require(try await server.clock(apiKey: b.testKey)["offsetSeconds"].int64)

            try await server.advanceClock(seconds: 901, apiKey: a.testKey)
            #expect(try await server.clock(apiKey: a.testKey)["offsetSeconds"].int64 == bBefore + 901)
            #expect(try await server.clock(apiKey: b.testKey)["offsetSeconds"].int64 == bBefore)
            #expect(try await server.clock()["offsetSeconds"].int64 == bBefore, "the sandbox merchant's clock stays too")
            // A's payment expired on A's clock; B's, made at the same moment, still waits.
            #expect(try await server.payStatus(payToken: waitingAtA, userKey: person, apiKey: a.testKey) == "PAY_CANCEL")
            #expect(try await server.payStatus(payToken: waitingAtB, userKey: person, apiKey: b.testKey) == "PAY_STANDBY")
            try await server.authorize(payToken: waitingAtB, userKey: person, apiKey: b.testKey).requireSuccess()
        }
    }

    @Test func aSettlementRunSettlesOnlyTheCallersPayments() async throws {
        try await withTestServer { server in
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            let person = newUserKey()
            let (paidAtA, _) = try await server.paid(amount: 10_000, userKey: person, apiKey: a.testKey)
            let (paidAtB, _) = try await server.paid(amount: 10_000, userKey: person, apiKey: b.testKey)
            // B's clock passes the settlement period too, but only A runs a settlement.
            try await server.advanceClock(seconds: Self.year + 1, apiKey: a.testKey)
            try await server.advanceClockWithoutSweep(milliseconds: Int64(Self.year + 1) * 1000, merchantId: b.id)
            #expect(try await server.runSettlement(apiKey: a.testKey) == 1)
            #expect(try await server.payStatus(payToken: paidAtA, userKey: person, apiKey: a.testKey) == "SETTLEMENT_COMPLETE")
            #expect(try await server.payStatus(payToken: paidAtB, userKey: person, apiKey: b.testKey) == "PAY_COMPLETE")
            // The open-mode sandbox merchant's run does not reach B either.
            #expect(try await server.runSettlement() == 0)
            #expect(try await server.payStatus(payToken: paidAtB, userKey: person, apiKey: b.testKey) == "PAY_COMPLETE")
            #expect(try await server.runSettlement(apiKey: b.testKey) == 1)
            #expect(try await server.payStatus(payToken: paidAtB, userKey: person, apiKey: b.testKey) == "SETTLEMENT_COMPLETE")
        }
    }

    @Test func theBackgroundSweepsUseEachMerchantsClock() async throws {
        try await withTestServer { server in
            let ledger = try #require(server.ledger)
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            let person = newUserKey()
            let waitingAtA = try await server.madePayToken(amount: 1_000, userKey: person, apiKey: a.testKey)
            let waitingAtB = try await server.madePayToken(amount: 1_000, userKey: person, apiKey: b.testKey)
            let (paidAtA, _) = try await server.paid(amount: 2_000, userKey: person, apiKey: a.testKey)
            let (paidAtB, _) = try await server.paid(amount: 2_000, userKey: person, apiKey: b.testKey)
            try await server.advanceClockWithoutSweep(milliseconds: Int64(Self.year + 1) * 1000, merchantId: a.id)
            // What the service runs every few seconds: due only on A's clock.
            #expect(try await ledger.expireDue() == 1)
            #expect(try await ledger.settleDue() == 1)
            #expect(try await server.payStatus(payToken: waitingAtA, userKey: person, apiKey: a.testKey) == "PAY_CANCEL")
            #expect(try await server.payStatus(payToken: paidAtA, userKey: person, apiKey: a.testKey) == "SETTLEMENT_COMPLETE")
            #expect(try await server.payStatus(payToken: waitingAtB, userKey: person, apiKey: b.testKey) == "PAY_STANDBY")
            #expect(try await server.payStatus(payToken: paidAtB, userKey: person, apiKey: b.testKey) == "PAY_COMPLETE")
            #expect(try await ledger.expireDue() == 0)
            #expect(try await ledger.settleDue() == 0)
        }
    }

    @Test func checkoutControlsRefuseAnotherMerchantsPaymentAsUnknown() async throws {
        try await withTestServer { server in
            let a = try await server.createMerchant(name: "가맹점 A")
            let b = try await server.createMerchant(name: "가맹점 B")
            let person = newUserKey()
            let waitingAtB = try await server.madePayToken(amount: 1_000, userKey: person, apiKey: b.testKey)
            let approvedAtB = try await server.authorizedPayToken(amount: 1_000, userKey: person, apiKey: b.testKey)
            for caller in [a.testKey, nil] as [String?] {
                let authorize = try await server.authorize(payToken: waitingAtB, userKey: person, apiKey: caller)
                expectFailure(authorize, status: .notFound, code: "TRANSACTION_NOT_FOUND")
                let cancel = try await server.cancelCheckout(payToken: approvedAtB, userKey: person, apiKey: caller)
                expectFailure(cancel, status: .notFound, code: "TRANSACTION_NOT_FOUND")
            }
            #expect(try await server.payStatus(payToken: waitingAtB, userKey: person, apiKey: b.testKey) == "PAY_STANDBY")
            #expect(try await server.payStatus(payToken: approvedAtB, userKey: person, apiKey: b.testKey) == "PAY_APPROVED")
            // The owner still can.
            try await server.authorize(payToken: waitingAtB, userKey: person, apiKey: b.testKey).requireSuccess()
            try await server.cancelCheckout(payToken: approvedAtB, userKey: person, apiKey: b.testKey).requireSuccess()
        }
    }

    @Test func controlsOutsideOpenModeNeedTheMerchantsKey() async throws {
        try await withTestServer(openMode: false) { server in
            for reply in [
                try await server.get("/sandbox/v1/clock"),
                try await server.get("/sandbox/v1/users/\(newUserKey())"),
                try await server.saveUser(["userKey": newUserKey()]),
                try await server.post("/sandbox/v1/clock/advance", ["seconds": 60], userKey: nil),
                try await server.post("/sandbox/v1/settlements/run", [:], userKey: nil),
            ] {
                expectFailure(reply, status: .unauthorized, code: "COMMON_UNAUTHORIZED")
            }
            let a = try await server.createMerchant(name: "가맹점 A")
            #expect(try await server.clock(apiKey: a.testKey)["offsetSeconds"].int64 != nil)
        }
    }
}

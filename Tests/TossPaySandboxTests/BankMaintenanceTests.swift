import Foundation
import Testing
import TossPayCore
import TossPayServer
import TossPayTestSupport

/// SPEC §3 and §5: during a configured daily KST bank maintenance window, Toss Money execute
/// and refund fail with COMMON_BREAK_TIME_OF_BANK; cards are unaffected.
@Suite("Bank maintenance windows")
struct BankMaintenanceTests {
    /// The sandbox clock's KST minute of the day, read from `GET /sandbox/v1/clock`.
    static func minuteOfDay(_ server: TestServer, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let now = try #require(try await server.clock(sourceLocation: sourceLocation)["now"].string, sourceLocation: sourceLocation)
        let match = try #require(now.wholeMatch(of: /\d{4}-\d{2}-\d{2} (\d{2}):(\d{2}):(\d{2})/), "now: \(now)", sourceLocation: sourceLocation)
        let hours = try #require(Int(match.1), sourceLocation: sourceLocation)
        let minutes = try #require(Int(match.2), sourceLocation: sourceLocation)
        return hours * 60 + minutes
    }

    /// `HH:MM` of a minute of the day (wrapping around midnight).
    static func clockText(_ minute: Int) -> String {
        let wrapped = ((minute % 1440) + 1440) % 1440
        return String(format: "%02d:%02d", wrapped / 60, wrapped % 60)
    }

    /// A window from one minute before the sandbox's current minute to `minutesAfter` after it.
    static func windowAroundNow(_ server: TestServer, minutesAfter: Int = 3) async throws -> String {
        let minute = try await minuteOfDay(server)
        return "\(clockText(minute - 1))-\(clockText(minute + minutesAfter))"
    }

    @Test func tossMoneyStopsInsideAWindowWhileCardsWork() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            // Paid before the window, to refund inside it.
            let (paidToken, _) = try await server.paid(amount: 5_000, userKey: key)
            let (cardPaid, _) = try await server.paid(amount: 5_000, payMethod: "CARD", cardCompanyCode: 1, userKey: key)
            let moneyToken = try await server.authorizedPayToken(amount: 3_000, userKey: key)
            let cardToken = try await server.authorizedPayToken(amount: 3_000, payMethod: "CARD", cardCompanyCode: 1, userKey: key)

            let window = try await Self.windowAroundNow(server)
            let set = try await server.setBankMaintenance([window]).requireSuccess()
            #expect(set["windows"].strings == [window])
            #expect(set["inMaintenance"].bool == true)
            let shown = try await server.get("/sandbox/v1/bank-maintenance").requireSuccess()
            #expect(shown["windows"].strings == [window])
            #expect(shown["inMaintenance"].bool == true)

            let before = try await server.balances(key)
            try await ExecuteOutcomeTests.expectRefusedWithoutMovingMoney(
                try await server.execute(payToken: moneyToken, userKey: key), code: "COMMON_BREAK_TIME_OF_BANK",
                server: server, token: moneyToken, userKey: key, before: before
            )
            let refused = try await server.refund(payToken: paidToken, amount: 1_000, userKey: key)
            expectFailure(refused, code: "COMMON_BREAK_TIME_OF_BANK")
            #expect(refused.reason?.contains(window) == true, "reason names the window: \(refused.reason ?? "")")
            #expect(try await server.payStatus(payToken: paidToken, userKey: key) == "PAY_COMPLETE")
            #expect(try await server.balances(key) == before)

            // Cards do not go through the bank.
            try await server.execute(payToken: cardToken, userKey: key).requireSuccess()
            try await server.refund(payToken: cardPaid, userKey: key).requireSuccess()

            // Once the clock leaves the window, Toss Money works again.
            try await server.advanceClock(seconds: 4 * 60 + 1)
            #expect(try await server.get("/sandbox/v1/bank-maintenance").requireSuccess()["inMaintenance"].bool == false)
            try await server.execute(payToken: moneyToken, userKey: key).requireSuccess()
            try await server.refund(payToken: paidToken, amount: 1_000, userKey: key).requireSuccess()
        }
    }

    @Test func aWindowElsewhereInTheDayChangesNothing() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let minute = try await Self.minuteOfDay(server)
            let window = "\(Self.clockText(minute + 120))-\(Self.clockText(minute + 180))"
            let set = try await server.setBankMaintenance([window]).requireSuccess()
            #expect(set["inMaintenance"].bool == false)
            let (token, _) = try await server.paid(amount: 5_000, userKey: key)
            try await server.refund(payToken: token, userKey: key).requireSuccess()

            // Turned off with an empty list.
            try await server.setBankMaintenance([Self.windowAroundNow(server)]).requireSuccess()
            let off = try await server.setBankMaintenance([]).requireSuccess()
            #expect(off["windows"].array?.isEmpty == true)
            #expect(off["inMaintenance"].bool == false)
            try await server.paid(amount: 5_000, userKey: key)
        }
    }

    @Test func aWindowMayCrossMidnight() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            // Move the sandbox clock to 23:58 KST.
            let now = try #require((try await server.clock()["epochMillis"]).int64)
            let secondOfDay = Int((now / 1000 + 9 * 3600) % 86_400)
            let target = 23 * 3600 + 58 * 60
            try await server.advanceClock(seconds: (target - secondOfDay + 86_400) % 86_400 + 1)
            #expect(try await Self.minuteOfDay(server) == 23 * 60 + 58)

            try await server.setBankMaintenance(["23:55-00:05"]).requireSuccess()
            let token = try await server.authorizedPayToken(amount: 1_000, userKey: key)
            expectFailure(try await server.execute(payToken: token, userKey: key), code: "COMMON_BREAK_TIME_OF_BANK")
            try await server.advanceClock(seconds: 3 * 60)  // 00:01, still inside
            #expect(try await Self.minuteOfDay(server) == 1)
            expectFailure(try await server.execute(payToken: token, userKey: key), code: "COMMON_BREAK_TIME_OF_BANK")
            try await server.advanceClock(seconds: 4 * 60)  // 00:05, the end is exclusive
            try await server.execute(payToken: token, userKey: key).requireSuccess()
        }
    }

    @Test func invalidWindowsAreRejected() async throws {
        try await withTestServer { server in
            try await server.setBankMaintenance(["04:00-04:10"]).requireSuccess()
            let invalid: [[Any]] = [
                ["24:00-01:00"], ["10:00-10:60"], ["10:00-10:00"], ["1000-1100"], ["10:00"], ["10:00-11:00-12:00"],
                ["9:00-10:00"], [""], [5], [NSNull()], Array(repeating: "01:00-02:00", count: 25),
            ]
            for windows in invalid {
                expectFailure(try await server.setBankMaintenance(windows), code: "COMMON_INVALID_PARAMETER", field: "windows")
            }
            expectFailure(try await server.send(.put, "/sandbox/v1/bank-maintenance", json: ["windows": "10:00-11:00"], userKey: nil), code: "COMMON_INVALID_PARAMETER", field: "windows")
            expectFailure(try await server.send(.put, "/sandbox/v1/bank-maintenance", json: [:], userKey: nil), code: "COMMON_INVALID_PARAMETER", field: "windows")
            // The windows in force did not change.
            #expect(try await server.get("/sandbox/v1/bank-maintenance").requireSuccess()["windows"].strings == ["04:00-04:10"])
            // Just inside: the edges of the day, and 24 windows.
            try await server.setBankMaintenance(["00:00-23:59"]).requireSuccess()
            try await server.setBankMaintenance(Array(repeating: "23:59-00:00", count: 24)).requireSuccess()
        }
    }

    @Test func theConfigurationKeyInstallsWindowsAtStart() async throws {
        // Work out a window around the current KST minute before building the server.
        let probe = try await withTestServer { server in try await Self.minuteOfDay(server) }
        let text = "\(Self.clockText(probe - 1))-\(Self.clockText(probe + 3)),03:00-03:30"
        let windows = try MaintenanceWindow.parseList(text)
        try await withTestServer(configure: { $0.bankMaintenance = windows }) { server in
            let shown = try await server.get("/sandbox/v1/bank-maintenance").requireSuccess()
            #expect(shown["windows"].strings == text.split(separator: ",").map(String.init))
            #expect(shown["inMaintenance"].bool == true)
            let key = newUserKey()
            let token = try await server.authorizedPayToken(amount: 1_000, userKey: key)
            expectFailure(try await server.execute(payToken: token, userKey: key), code: "COMMON_BREAK_TIME_OF_BANK")
            try await server.paid(amount: 1_000, payMethod: "CARD", cardCompanyCode: 2, userKey: key)
        }
        // Off by default.
        try await withTestServer { server in
            let shown = try await server.get("/sandbox/v1/bank-maintenance").requireSuccess()
            #expect(shown["windows"].array?.isEmpty == true)
            #expect(ServerConfiguration().bankMaintenance == nil)
        }
    }
}

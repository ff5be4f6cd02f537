import Foundation
import HummingbirdTesting
import Testing
import TossPayTestSupport

/// SPEC §5 sandbox clock, and SPEC §3 expiry read through it.
@Suite("Sandbox clock and expiry")
struct SandboxClockTests {
    @Test func clockShowsKoreaTimeAndNoOffsetAtFirst() async throws {
        try await withTestServer { server in
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            let clock = try await server.get("/sandbox/v1/clock").requireSuccess()
            let after = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(isKoreaTime(clock["now"]))
            let millis = try #require(clock["epochMillis"].int64)
            #expect(millis >= before - 1_000 && millis <= after + 1_000)
            #expect(clock["offsetSeconds"].int64 == 0)
        }
    }

    @Test func advancingMovesTheClockForward() async throws {
        try await withTestServer { server in
            let start = try #require((try await server.get("/sandbox/v1/clock").requireSuccess()["epochMillis"]).int64)
            let advanced = try await server.post("/sandbox/v1/clock/advance", ["seconds": 3_600], userKey: nil).requireSuccess()
            #expect(advanced["offsetSeconds"].int64 == 3_600)
            let moved = try #require(advanced["epochMillis"].int64)
            #expect(moved - start >= 3_600_000 && moved - start < 3_660_000)
            try await server.advanceClock(seconds: 60)
            let clock = try await server.get("/sandbox/v1/clock").requireSuccess()
            #expect(clock["offsetSeconds"].int64 == 3_660)
        }
    }

    @Test(arguments: ["0", "-1", "\"60\"", "1.5", "null", "true"])
    func invalidSecondsAreRejectedAndTheClockStays(literal: String) async throws {
        try await withTestServer { server in
            let reply = try await server.send(.post, "/sandbox/v1/clock/advance", body: #"{"seconds":\#(literal)}"#, userKey: nil)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "seconds")
            let clock = try await server.get("/sandbox/v1/clock").requireSuccess()
            #expect(clock["offsetSeconds"].int64 == 0)
        }
    }

    @Test func missingSecondsIsRejected() async throws {
        try await withTestServer { server in
            let reply = try await server.post("/sandbox/v1/clock/advance", [:], userKey: nil)
            expectFailure(reply, status: .badRequest, code: "COMMON_INVALID_PARAMETER", field: "seconds")
        }
    }

    @Test func waitingPaymentIsNotExpiredShortOfFifteenMinutes() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "expiry-890")
            // 10 s short of expiry: wall-clock time passes too on a loaded machine. The exact
            // boundary (899.999 s vs 900 s) is tested without a clock in the core's tests.
            try await server.advanceClock(seconds: 890)
            #expect(try await server.payStatus(payToken: token) == "PAY_STANDBY")
            _ = try await server.authorize(payToken: token).requireSuccess()
        }
    }

    @Test func waitingPaymentIsPayCancelAfter901Seconds() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: "expiry-901")
            try await server.advanceClock(seconds: 901)
            #expect(try await server.payStatus(payToken: token) == "PAY_CANCEL")
            expectFailure(try await server.authorize(payToken: token), status: .badRequest, code: "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS")
        }
    }

    @Test func expiryHoldsInStatusBeforeAnySweep() async throws {
        try await withTestServer { server in
            let standby = try await server.madePayToken(orderNo: "unswept-standby")
            let approved = try await server.authorizedPayToken(orderNo: "unswept-approved")
            // Move the sandbox clock directly: no endpoint, no sweep has written PAY_CANCEL.
            // (10 s short of expiry: wall-clock time also passes on a loaded machine; the exact
            // boundary is tested without a clock in the core's expiry tests.)
            try await server.advanceClockWithoutSweep(milliseconds: 890_000)
            #expect(try await server.payStatus(payToken: standby) == "PAY_STANDBY")
            #expect(try await server.payStatus(payToken: approved) == "PAY_APPROVED")
            try await server.advanceClockWithoutSweep(milliseconds: 11_000)
            #expect(try await server.payStatus(payToken: standby) == "PAY_CANCEL")
            #expect(try await server.payStatus(payToken: approved) == "PAY_CANCEL")
            expectFailure(try await server.execute(payToken: approved), status: .badRequest, code: "COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS")
        }
    }

    @Test func approvedPaymentExpiresToo() async throws {
        try await withTestServer { server in
            let token = try await server.authorizedPayToken(orderNo: "expiry-approved")
            try await server.advanceClock(seconds: 901)
            #expect(try await server.payStatus(payToken: token) == "PAY_CANCEL")
        }
    }

    @Test func completedPaymentDoesNotExpire() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: "expiry-paid")
            try await server.advanceClock(seconds: 901)
            #expect(try await server.payStatus(payToken: token) == "PAY_COMPLETE")
            _ = try await server.refund(payToken: token).requireSuccess()
        }
    }
}

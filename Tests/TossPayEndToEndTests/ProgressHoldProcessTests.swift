import Foundation
import Testing
import TossPayTestSupport

/// SPEC §11 across processes: an instance killed with SIGKILL during a progress hold never
/// completes it; the hold is returned to PAY_APPROVED after deadline + 5 s — by another instance
/// sharing the PostgreSQL database, or by the next start on the SQLite file — no money moved,
/// `tosspay verify` is clean, and the payment can be executed again.
@Suite("Progress holds, processes")
struct ProgressHoldProcessTests {
    static let partner = "/api-partner/v1/apps-in-toss/pay/"
    /// A one-second sweep so the return is seen soon after deadline + 5 s.
    static let environment = ["TOSSPAY_PAYMENT_SWEEP": "1"]

    static func post(_ server: ServerProcess, _ endpoint: String, _ body: [String: Any], key: String, headers: [(String, String)] = []) async throws -> Reply {
        try await LiveHTTP.shared.post(server.baseURL + endpoint, userKey: key, json: body, headers: headers)
    }

    static func status(_ server: ServerProcess, token: String, orderNo: String, key: String) async throws -> String? {
        try await post(server, partner + "get-payment-status", ["payToken": token, "orderNo": orderNo, "isTestPayment": true], key: key)
            .success?["payStatus"].string
    }

    /// Makes and authorizes a payment on `server`; returns its payToken.
    static func approved(_ server: ServerProcess, orderNo: String, key: String) async throws -> String {
        let made = try await post(
            server, partner + "make-payment",
            ["orderNo": orderNo, "productDesc": "보류", "amount": 3_000, "amountTaxFree": 0, "isTestPayment": true], key: key
        ).requireSuccess()
        let token = try #require(made["payToken"].string)
        try await post(server, "/sandbox/v1/checkout/authorize", ["payToken": token, "payMethod": "TOSS_MONEY"], key: key).requireSuccess()
        return token
    }

    /// Starts a held execute on `victim`, waits until status shows PAY_PROGRESS, kills it.
    static func killDuringHold(_ victim: ServerProcess, token: String, orderNo: String, key: String) async throws {
        let request = Task {
            try? await post(
                victim, partner + "execute-payment", ["payToken": token, "isTestPayment": true], key: key,
                headers: [("x-tosspay-test-progress-ms", "10000")]
            )
        }
        var seen = false
        for _ in 0..<300 where !seen {
            seen = try await status(victim, token: token, orderNo: orderNo, key: key) == "PAY_PROGRESS"
            if !seen { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(seen, "the hold was committed")
        victim.kill9()
        _ = await request.value
    }

    /// Waits (bounded by 90 s; the 10-second hold returns about 15 s after it began) until
    /// `server` shows `expected`.
    static func waitFor(_ expected: String, _ server: ServerProcess, token: String, orderNo: String, key: String) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if try await status(server, token: token, orderNo: orderNo, key: key) == expected { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    static func expectReturnedAndReusable(_ server: ServerProcess, token: String, orderNo: String, key: String, directory: String, database: String) async throws {
        #expect(try await waitFor("PAY_APPROVED", server, token: token, orderNo: orderNo, key: key), "\(server.logTail())")
        let user = try await LiveHTTP.shared.get(server.baseURL + "/sandbox/v1/users/\(key)").requireSuccess()
        #expect(user["tossMoneyBalance"].int64 == 1_000_000, "no money moved")
        let verified = try await runTossPay(["verify", "--database", database], in: directory)
        #expect(verified.status == 0, "\(verified.output)")
        try await post(server, partner + "execute-payment", ["payToken": token, "isTestPayment": true], key: key).requireSuccess()
        #expect(try await status(server, token: token, orderNo: orderNo, key: key) == "PAY_COMPLETE")
    }

    @Test func sqliteTheNextStartReturnsAHoldKilledMidway() async throws {
        let directory = try temporaryDirectory("hold-sqlite")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/hold.sqlite"
        let key = newUserKey()
        let orderNo = newOrderNo("killed")
        let first = try await ServerProcess(databasePath: database, environment: Self.environment)
        let token = try await Self.approved(first, orderNo: orderNo, key: key)
        try await Self.killDuringHold(first, token: token, orderNo: orderNo, key: key)
        let second = try await ServerProcess(databasePath: database, environment: Self.environment)
        defer { second.kill9() }
        try await Self.expectReturnedAndReusable(second, token: token, orderNo: orderNo, key: key, directory: directory, database: database)
    }

    @Test(.enabled(if: PostgresTestDatabase.enabled, "PostgreSQL tests skipped: TOSSPAY_TEST_POSTGRES_URL not set"))
    func postgresAnotherInstanceReturnsAHoldKilledMidway() async throws {
        let database = try await PostgresTestDatabase.create(prefix: "hold")
        let directory = try temporaryDirectory("hold-pg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let url = database.url(poolSize: 4)
            let key = newUserKey()
            let orderNo = newOrderNo("killed-pg")
            let victim = try await ServerProcess(databasePath: directory + "/a", databaseURL: url, environment: Self.environment)
            let survivor = try await ServerProcess(databasePath: directory + "/b", databaseURL: url, environment: Self.environment)
            defer { survivor.kill9() }
            let token = try await Self.approved(victim, orderNo: orderNo, key: key)
            try await Self.killDuringHold(victim, token: token, orderNo: orderNo, key: key)
            // While the hold lasts, the other instance refuses a second execute.
            let pending = try await Self.post(survivor, Self.partner + "execute-payment", ["payToken": token, "isTestPayment": true], key: key)
            #expect(pending.errorCode == "TRANSACTION_PENDING_ERROR")
            try await Self.expectReturnedAndReusable(survivor, token: token, orderNo: orderNo, key: key, directory: directory, database: url)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

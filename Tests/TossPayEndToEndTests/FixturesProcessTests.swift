import Foundation
import Testing
import TossPayCore
import TossPayTestSupport

/// Issue 15 part 4 over real processes: `tosspay fixtures apply` and `tosspay serve --fixtures`
/// with the shipped example file, a failing step (its name and the FAIL envelope, exit 1), a
/// wrong file (nothing sent), no answer (exit 3), and `serve --fixtures` only on an empty world.
@Suite("Fixtures, processes", .serialized)
struct FixturesProcessTests {
    static let publicTestKey = "sk_test_w5INQyINqa5INQe013Nq"
    static let exampleFile = packageRoot() + "/Examples/fixtures/basic.json"
    static let authorization = [("Authorization", "Basic " + Data("\(publicTestKey):".utf8).base64EncodedString())]

    /// The example's buyer as the server shows it.
    static func exampleBuyer(_ server: ServerProcess) async throws -> JSONObject? {
        try await LiveHTTP.shared.get("\(server.baseURL)/sandbox/v1/users/fixture-buyer-1", headers: authorization).success
    }

    /// The card of company 4 (the example pays 60,000 won with it), as the server shows it.
    static func card4Used(_ buyer: JSONObject?) -> Int64? {
        buyer?["cards"].objects?.first { $0["cardCompanyCode"].int64 == 4 }?["used"].int64
    }

    /// Polls the server's log until it contains `text` (generous deadline; no wall-time assertion).
    static func waitForLog(_ server: ServerProcess, _ text: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if server.logTail().contains(text) || ((try? String(contentsOfFile: server.logPath, encoding: .utf8))?.contains(text) ?? false) { return }
            guard server.process.isRunning else { throw TestFailure("server exited: \(server.logTail())") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("log never said \(text): \(server.logTail())")
    }

    @Test func theExampleFileAppliesWithThePublicTestKeyAndASecondRunStopsAtItsFirstFailingStep() async throws {
        let directory = try temporaryDirectory("fixtures-apply")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Open mode off: every step needs the key, so this shows --api-key reaches each one.
        let server = try await ServerProcess(databasePath: directory + "/tosspay.sqlite", environment: ["TOSSPAY_SANDBOX_OPEN": "false"])
        defer { server.kill9() }

        let run = try await runTossPay(
            ["fixtures", "apply", Self.exampleFile, "--base-url", server.baseURL, "--api-key", Self.publicTestKey], in: directory
        )
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("card-execute: POST /api-partner/v1/apps-in-toss/pay/execute-payment → 200"), "\(run.output)")
        #expect(run.output.contains("buyer-after: GET /sandbox/v1/users/fixture-buyer-1 → 200"), "\(run.output)")
        #expect(run.output.contains("applied 12 steps"), "\(run.output)")
        let buyer = try await Self.exampleBuyer(server)
        #expect(Self.card4Used(buyer) == 60_000)
        // 4,500 paid from Toss Money and refunded in two parts (1,000 + the 3,500 the first refund left).
        #expect(buyer?["tossMoneyBalance"].int64 == 50_000)

        // The order numbers are fixed: the second run fails at "make", printing its FAIL envelope.
        let again = try await runTossPay(
            ["fixtures", "apply", Self.exampleFile, "--base-url", server.baseURL, "--api-key", Self.publicTestKey], in: directory
        )
        #expect(again.status == 1, "\(again.output)")
        #expect(again.output.contains(#"step "make" failed (HTTP 400"#), "\(again.output)")
        #expect(again.output.contains(#""errorCode":"PAYMENT_DUPLICATION_ORDER_NO""#), "\(again.output)")
        #expect(!again.output.contains("authorize:"), "\(again.output)")

        // Without the key, the first step is refused by the server (open mode is off).
        let keyless = try await runTossPay(["fixtures", "apply", Self.exampleFile, "--base-url", server.baseURL], in: directory)
        #expect(keyless.status == 1, "\(keyless.output)")
        #expect(keyless.output.contains(#"step "buyer" failed (HTTP 401"#), "\(keyless.output)")
        #expect(keyless.output.contains("COMMON_UNAUTHORIZED"), "\(keyless.output)")
    }

    @Test func aWrongFileSendsNothingAndAReferenceThatMissesStopsAtItsStep() async throws {
        let directory = try temporaryDirectory("fixtures-errors")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await ServerProcess(databasePath: directory + "/tosspay.sqlite")
        defer { server.kill9() }

        // The first step would make a buyer with 1,234 won; the second names a step that does
        // not exist, so the file is refused before anything is sent.
        let wrong = directory + "/wrong.json"
        try #"""
        {"fixtures": [
          {"name": "buyer", "path": "/sandbox/v1/users", "body": {"userKey": "fx-wrong", "tossMoneyBalance": 1234}},
          {"name": "make", "path": "/api-partner/v1/apps-in-toss/pay/make-payment", "headers": {"x-toss-user-key": "${byer:success.userKey}"}, "body": {}}
        ]}
        """#.write(toFile: wrong, atomically: true, encoding: .utf8)
        let refused = try await runTossPay(["fixtures", "apply", wrong, "--base-url", server.baseURL], in: directory)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains(#"step "make": unknown step "byer""#), "\(refused.output)")
        let untouched = try await LiveHTTP.shared.get("\(server.baseURL)/sandbox/v1/users/fx-wrong")
        #expect(untouched.success?["tossMoneyBalance"].int64 == 1_000_000, "the standard buyer, made on this first use")

        // A path into a string is known only from the answer: the step before it ran, this one did not.
        let missing = directory + "/missing.json"
        try #"""
        {"fixtures": [
          {"name": "buyer", "path": "/sandbox/v1/users", "body": {"userKey": "fx-path", "tossMoneyBalance": 1234}},
          {"name": "read", "path": "/sandbox/v1/users/${buyer:success.userKey.id}"}
        ]}
        """#.write(toFile: missing, atomically: true, encoding: .utf8)
        let stopped = try await runTossPay(["fixtures", "apply", missing, "--base-url", server.baseURL], in: directory)
        #expect(stopped.status == 1, "\(stopped.output)")
        #expect(stopped.output.contains("buyer: POST /sandbox/v1/users → 200"), "\(stopped.output)")
        #expect(stopped.output.contains(#"step "read": ${buyer:success.userKey.id}: success.userKey is a string, not an object"#), "\(stopped.output)")

        // Nobody listening: exit 3, as the other client commands.
        let nobody = try await runTossPay(
            ["fixtures", "apply", Self.exampleFile, "--base-url", "http://127.0.0.1:\(try ServerProcess.freePort())"], in: directory
        )
        #expect(nobody.status == 3, "\(nobody.output)")
        #expect(nobody.output.contains(#"step "buyer": no answer"#), "\(nobody.output)")

        // A file that is not there, or not JSON.
        let absent = try await runTossPay(["fixtures", "apply", directory + "/absent.json", "--base-url", server.baseURL], in: directory)
        #expect(absent.status == 1 && absent.output.contains("cannot read"), "\(absent.output)")
        try "{\"fixtures\": [".write(toFile: directory + "/broken.json", atomically: true, encoding: .utf8)
        let broken = try await runTossPay(["fixtures", "apply", directory + "/broken.json", "--base-url", server.baseURL], in: directory)
        #expect(broken.status == 1 && broken.output.contains("not JSON"), "\(broken.output)")
    }

    @Test func serveAppliesTheFileOnlyToAnEmptyWorld() async throws {
        let directory = try temporaryDirectory("fixtures-serve")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.applyOnceThenSkip(databasePath: directory + "/tosspay.sqlite", databaseURL: nil)

        // A store with a buyer and no payment is not empty either.
        let buyerOnly = directory + "/buyer-only.sqlite"
        let plain = try await ServerProcess(databasePath: buyerOnly)
        let made = try await LiveHTTP.shared.get("\(plain.baseURL)/sandbox/v1/users/fx-someone")
        #expect(made.success?["tossMoneyBalance"].int64 == 1_000_000)
        #expect(await plain.terminate() == 0)
        let withFile = try await ServerProcess(databasePath: buyerOnly, arguments: ["--fixtures", Self.exampleFile])
        defer { withFile.kill9() }
        try await Self.waitForLog(withFile, "fixtures skipped")
        let example = try await LiveHTTP.shared.get("\(withFile.baseURL)/sandbox/v1/users/fixture-buyer-1")
        #expect(example.success?["tossMoneyBalance"].int64 == 1_000_000, "the standard buyer: the file's buyer was never saved")
    }

    @Test(.enabled(if: PostgresTestDatabase.enabled, "PostgreSQL tests skipped: TOSSPAY_TEST_POSTGRES_URL not set"))
    func serveAppliesTheFileOnlyToAnEmptyWorldOnPostgreSQL() async throws {
        let directory = try temporaryDirectory("fixtures-serve-pg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try await PostgresTestDatabase.create(prefix: "fixtures")
        do {
            try await Self.applyOnceThenSkip(databasePath: directory + "/pg", databaseURL: database.url(poolSize: 4))
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    /// A server on a fresh store applies the example; one restarted on that store skips it.
    static func applyOnceThenSkip(databasePath database: String, databaseURL: String?) async throws {
        let first = try await ServerProcess(databasePath: database, databaseURL: databaseURL, arguments: ["--fixtures", Self.exampleFile])
        try await Self.waitForLog(first, "fixtures applied")
        #expect(Self.card4Used(try await Self.exampleBuyer(first)) == 60_000)
        #expect(await first.terminate() == 0)

        // Restarted on the same store: the world holds payments and a buyer, so the file is skipped.
        let second = try await ServerProcess(databasePath: database, databaseURL: databaseURL, arguments: ["--fixtures", Self.exampleFile])
        defer { second.kill9() }
        try await Self.waitForLog(second, "fixtures skipped")
        #expect(Self.card4Used(try await Self.exampleBuyer(second)) == 60_000, "not paid a second time")
        let log = (try? String(contentsOfFile: second.logPath, encoding: .utf8)) ?? ""
        #expect(!log.contains("fixture step applied") && !log.contains("fixtures applied"), "applied by the first server only: \(log)")
    }

    @Test func serveWithAFailingStepStopsWithExitOneNamingTheStep() async throws {
        let directory = try temporaryDirectory("fixtures-serve-fail")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/fail.json"
        try #"""
        {"fixtures": [
          {"name": "make", "path": "/api-partner/v1/apps-in-toss/pay/make-payment", "headers": {"x-toss-user-key": "fx-1"},
           "body": {"orderNo": "fx-o-1", "productDesc": "x", "amount": 1000, "amountTaxFree": 0, "isTestPayment": true}},
          {"name": "too-early", "path": "/api-partner/v1/apps-in-toss/pay/execute-payment", "headers": {"x-toss-user-key": "fx-1"},
           "body": {"payToken": "${make:success.payToken}", "isTestPayment": true}}
        ]}
        """#.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try await runTossPay(
            ["serve", "--database", directory + "/tosspay.sqlite", "--port", String(try ServerProcess.freePort()), "--fixtures", file], in: directory
        )
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains(#"step "too-early" failed (HTTP 400"#), "\(run.output)")
        #expect(run.output.contains(#""errorCode":"EXECUTE_PAY_NOT_APPROVED""#), "\(run.output)")

        // A wrong file stops serve before it listens.
        try #"{"fixtures": [{"name": "a", "path": "no-slash"}]}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let wrong = try await runTossPay(
            ["serve", "--database", directory + "/other.sqlite", "--port", String(try ServerProcess.freePort()), "--fixtures", file], in: directory
        )
        #expect(wrong.status == 1, "\(wrong.output)")
        #expect(wrong.output.contains("must start with /"), "\(wrong.output)")
        #expect(!wrong.output.contains("listening"), "\(wrong.output)")
    }
}

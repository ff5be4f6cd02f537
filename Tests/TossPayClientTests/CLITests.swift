import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TossPayTestSupport
import TossPayClient
import TossPayCore
import TossPayServer

/// The `tosspay` command (built by `swift build`) against a live server: JSON output for
/// scripts, exit codes, error codes on FAIL.
@Suite("tosspay CLI")
struct CLITests {
    /// The result of one run.
    struct Run: @unchecked Sendable {
        let status: Int32
        let stdout: String
        let stderr: String

        /// stdout as JSON.
        var json: JSONValue? { try? JSONParser().parse(stdout) }
        var success: JSONValue? { json["success"] }
        var errorCode: String? { json["error"]["errorCode"].string }
        var summary: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// The built `tosspay` (see `ChildProcess.tosspayBinary()`).
    static func binaryPath() throws -> String { try ChildProcess.tosspayBinary() }

    /// Runs `tosspay arguments…`, waiting at most `timeout`; the process is killed if it hangs.
    /// It starts with `posix_spawn` (`ChildProcess`), not Foundation's `Process`, which crashes
    /// now and then on Linux when it starts a process.
    static func tosspay(_ arguments: [String], in directory: String? = nil, timeout: Duration = .seconds(60)) async throws -> Run {
        let scratch = try temporaryDirectory("cli-run")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let process = try ChildProcess(
            executable: try binaryPath(), arguments: arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOSSPAY_") },
            currentDirectory: directory, standardOutput: scratch + "/out", standardError: scratch + "/err"
        )
        guard let status = await process.waitForExit(timeout: timeout) else {
            process.killAndWait()
            throw TestFailure("tosspay \(arguments.joined(separator: " ")) did not finish in \(timeout)")
        }
        return Run(
            status: status,
            stdout: (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? ""
        )
    }

    @Test func payCommandsRunTheWholeFlowWithJSONOutput() async throws {
        try await withTossPay(openMode: false) { server in
            let base = ["--base-url", server.baseURL]
            let merchant = try await Self.tosspay(["merchants", "create", "--name", "CLI 가맹점", "--json"] + base)
            try #require(merchant.status == 0, "\(merchant.summary)")
            #expect(merchant.json["resultType"].string == "SUCCESS")
            let apiKey = try #require(merchant.success["testApiKey"].string)
            #expect(merchant.success["merchantId"].string?.isEmpty == false)
            let keyed = base + ["--api-key", apiKey]
            let buyer = newUserKey()
            let orderNo = newOrderNo("cli")

            let create = try await Self.tosspay([
                "pay", "create", "--user-key", buyer, "--order-no", orderNo, "--product-desc", "CLI 상품", "--amount", "10000", "--json",
            ] + keyed)
            try #require(create.status == 0, "\(create.summary)")
            #expect(create.json["resultType"].string == "SUCCESS")
            let payToken = try #require(create.success["payToken"].string)

            // Execute before the buyer confirmed: FAIL, exit 1, the code in the JSON.
            let early = try await Self.tosspay(["pay", "execute", "--user-key", buyer, "--pay-token", payToken, "--order-no", orderNo, "--json"] + keyed)
            #expect(early.status == 1, "\(early.summary)")
            #expect(early.json["resultType"].string == "FAIL")
            #expect(early.errorCode == "EXECUTE_PAY_NOT_APPROVED")

            // The sandbox control acts on the caller's merchant only: without its key (this server
            // is not in open mode) the call is refused.
            let foreign = try await Self.tosspay([
                "sandbox", "authorize", "--user-key", buyer, "--pay-token", payToken, "--pay-method", "CARD", "--card-company-code", "3", "--json",
            ] + base)
            #expect(foreign.status == 1, "\(foreign.summary)")
            #expect(foreign.errorCode == "COMMON_UNAUTHORIZED")
            let authorize = try await Self.tosspay([
                "sandbox", "authorize", "--user-key", buyer, "--pay-token", payToken, "--pay-method", "CARD", "--card-company-code", "3", "--json",
            ] + keyed)
            try #require(authorize.status == 0, "\(authorize.summary)")
            #expect(authorize.json["resultType"].string == "SUCCESS")
            #expect(authorize.success["payStatus"].string == "PAY_APPROVED")

            let execute = try await Self.tosspay(["pay", "execute", "--user-key", buyer, "--pay-token", payToken, "--order-no", orderNo, "--json"] + keyed)
            try #require(execute.status == 0, "\(execute.summary)")
            #expect(execute.json["resultType"].string == "SUCCESS")
            #expect(execute.success["amount"].int64 == 10_000)
            #expect(execute.success["payMethod"].string == "CARD")
            #expect(execute.success["recovered"].bool == false)

            let refund = try await Self.tosspay([
                "pay", "refund", "--user-key", buyer, "--pay-token", payToken, "--order-no", orderNo, "--reason", "고객 요청", "--amount", "2500",
                "--json",
            ] + keyed)
            try #require(refund.status == 0, "\(refund.summary)")
            #expect(refund.success["refundedAmount"].int64 == 2_500)
            #expect(refund.success["refundableAmount"].int64 == 7_500)

            let status = try await Self.tosspay(["pay", "status", "--user-key", buyer, "--pay-token", payToken, "--order-no", orderNo, "--json"] + keyed)
            try #require(status.status == 0, "\(status.summary)")
            #expect(status.json["resultType"].string == "SUCCESS")
            #expect(status.success["payStatus"].string == "REFUND_SUCCESS")
            #expect(status.success["transactions"].objects?.map { $0["stepType"].string } == ["PAY", "REFUND"])

            // Human-readable output by default.
            let human = try await Self.tosspay(["pay", "status", "--user-key", buyer, "--pay-token", payToken, "--order-no", orderNo] + keyed)
            #expect(human.status == 0)
            #expect(human.stdout.contains("REFUND_SUCCESS"))

            // get-payment-status requires both identifiers, and so does `pay status`: a usage error.
            for missing in [["--pay-token", payToken], ["--order-no", orderNo]] {
                let half = try await Self.tosspay(["pay", "status", "--user-key", buyer, "--json"] + missing + keyed)
                #expect(half.status == 64, "\(half.summary)")
                #expect(half.stderr.contains(missing[0] == "--pay-token" ? "--order-no" : "--pay-token"), "\(half.summary)")
            }
        }
    }

    @Test func aFailExitsWithOneAndPrintsTheCodeAndReason() async throws {
        try await withTossPay { server in
            let run = try await Self.tosspay([
                "pay", "execute", "--user-key", newUserKey(), "--pay-token", "unknownToken123", "--order-no", "o-1", "--base-url", server.baseURL,
            ])
            #expect(run.status == 1, "\(run.summary)")
            #expect(run.stderr.contains("TRANSACTION_NOT_FOUND"), "\(run.summary)")
            #expect(run.stdout.isEmpty)

            // A refund rule broken before sending: the same exit status and envelope.
            let badReason = try await Self.tosspay([
                "pay", "refund", "--user-key", newUserKey(), "--pay-token", "abc123", "--order-no", "o-1", "--reason", "<script>", "--json",
                "--base-url", server.baseURL,
            ])
            #expect(badReason.status == 1, "\(badReason.summary)")
            #expect(badReason.errorCode == "COMMON_INVALID_PARAMETER", "\(badReason.summary)")

            let wrongKey = try await Self.tosspay([
                "pay", "status", "--user-key", newUserKey(), "--pay-token", "abc123", "--order-no", "o-1", "--api-key", "sk_test_wrong", "--json",
                "--base-url", server.baseURL,
            ])
            #expect(wrongKey.status == 1)
            #expect(wrongKey.errorCode == "COMMON_INVALID_API_KEY")
        }
    }

    @Test func aMakePaymentRuleBrokenBeforeSendingIsAFailEnvelopeWithJSON() async throws {
        // Scripts that pass --json read stdout: a request refused before sending must come back
        // as the FAIL envelope there too, like every other FAIL (exit 1).
        let invalid = try await Self.tosspay([
            "pay", "create", "--user-key", newUserKey(), "--order-no", String(repeating: "x", count: 51), "--product-desc", "상품",
            "--amount", "1000", "--json", "--base-url", "http://127.0.0.1:9",
        ])
        #expect(invalid.status == 1, "\(invalid.summary)")
        #expect(invalid.json["resultType"].string == "FAIL", "\(invalid.summary)")
        #expect(invalid.errorCode == "COMMON_INVALID_PARAMETER", "\(invalid.summary)")
    }

    @Test func aBadFlagExitsNonZero() async throws {
        let unknownFlag = try await Self.tosspay(["pay", "create", "--no-such-flag"])
        #expect(unknownFlag.status == 64, "ArgumentParser's usage error: \(unknownFlag.summary)")
        #expect(!unknownFlag.stderr.isEmpty)
        let notANumber = try await Self.tosspay([
            "pay", "create", "--user-key", "u", "--order-no", "o", "--product-desc", "p", "--amount", "ten",
        ])
        #expect(notANumber.status != 0)
        #expect(notANumber.stderr.contains("amount"), "\(notANumber.summary)")
        let lonelyCert = try await Self.tosspay(["pay", "status", "--user-key", "u", "--pay-token", "t", "--order-no", "o", "--cert", "/tmp/x.pem"])
        #expect(lonelyCert.status != 0)
    }

    @Test func certsInitAndIssueGiveAWorkingMutualTLSSetup() async throws {
        let directory = try temporaryDirectory("cli-certs")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certs = directory + "/certs"
        let initialize = try await Self.tosspay(["certs", "init", "--dir", certs])
        try #require(initialize.status == 0, "\(initialize.summary)")
        for file in ["ca.pem", "ca-key.pem", "server.pem", "server-key.pem"] {
            #expect(FileManager.default.fileExists(atPath: "\(certs)/\(file)"), "\(file) missing")
        }
        let again = try await Self.tosspay(["certs", "init", "--dir", certs])
        #expect(again.status != 0, "a second init must not replace the CA")

        let first = try await Self.tosspay(["certs", "issue", "--dir", certs, "--merchant", "sandbox"])
        try #require(first.status == 0, "\(first.summary)")
        let firstFiles = first.stdout.split(separator: "\n").map(String.init)
        try #require(firstFiles.count == 2, "\(first.summary)")
        try await Task.sleep(for: .seconds(1.1))  // file names carry the second
        let second = try await Self.tosspay(["certs", "issue", "--dir", certs, "--merchant", "sandbox"])
        let secondFiles = second.stdout.split(separator: "\n").map(String.init)
        try #require(secondFiles.count == 2, "\(second.summary)")
        #expect(secondFiles != firstFiles)
        let badMerchant = try await Self.tosspay(["certs", "issue", "--dir", certs, "--merchant", "a b"])
        #expect(badMerchant.status != 0)

        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.logLevel = "warning"
        configuration.databasePath = directory + "/tosspay.sqlite"
        configuration.tlsCertificatePath = certs + "/server.pem"
        configuration.tlsKeyPath = certs + "/server-key.pem"
        configuration.clientCAPath = certs + "/ca.pem"
        try await withTossPayApplication(configuration, scheme: "https") { server in
            let buyer = newUserKey()
            var tokens: [String] = []
            // Both certificates are valid at once: rotation without downtime.
            for files in [firstFiles, secondFiles] {
                let create = try await Self.tosspay([
                    "pay", "create", "--user-key", buyer, "--order-no", newOrderNo("tls"), "--product-desc", "상품", "--amount", "1000", "--json",
                    "--base-url", server.baseURL, "--cert", files[0], "--key", files[1], "--ca", certs + "/ca.pem",
                ])
                #expect(create.status == 0, "\(create.summary)")
                #expect(create.json["resultType"].string == "SUCCESS")
                if let token = create.success["payToken"].string { tokens.append(token) }
            }
            #expect(tokens.count == 2)
            let anonymous = try await Self.tosspay([
                "pay", "status", "--user-key", buyer, "--pay-token", tokens.first ?? "abc123", "--order-no", "o-1", "--base-url", server.baseURL,
                "--ca", certs + "/ca.pem",
            ])
            #expect(anonymous.status != 0, "no client certificate must be refused: \(anonymous.summary)")
        }
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TossPayTestSupport

/// The statement and round-trip counters of each ledger operation reach `/metrics` and
/// `tosspay bench`, so that speed work has a before and after.
@Suite("Statement counts")
struct StatementCountTests {
    static func metrics(_ baseURL: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + "/metrics"), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 8 << 20))
    }

    /// The value of `name{operation="operation"}` in Prometheus text, if present.
    static func value(_ text: String, _ name: String, _ operation: String) -> Double? {
        let prefix = "\(name){operation=\"\(operation)\"} "
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return Double(line.dropFirst(prefix.count))
    }

    @Test func benchPrintsTheStatementsOfEachOperationAndMetricsCountThem() async throws {
        let directory = try temporaryDirectory("statements")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await ServerProcess(databasePath: directory + "/tosspay.sqlite", arguments: ["--rate-limit", "0"])
        defer { server.kill9() }

        let run = try await runTossPay(
            [
                "bench", "--base-url", server.baseURL, "--flows", "20", "--concurrency", "2", "--seconds", "60",
                "--health-seconds", "1", "--fsyncs", "10",
            ],
            in: directory
        )
        #expect(run.status == 0, "bench failed: \(run.output)")
        #expect(run.output.contains("store work per operation"), "\(run.output)")
        let lines = run.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for operation in ["execute", "refund"] {
            let line = lines.first { $0.hasPrefix(operation + " ") }
            #expect(line?.contains(" 20 ") == true, "no \(operation) line with 20 transactions: \(run.output)")
        }
        // The whole lifecycle by default, the server found by its port, the /health ceiling.
        #expect(run.output.contains("completed lifecycles: 20 "), "\(run.output)")
        for step in ["make-payment", "authorize", "execute-payment", "payment-status", "refund-payment", "lifecycle"] {
            #expect(lines.contains { $0.hasPrefix(step + " ") && $0.contains("(n=20)") }, "no \(step) percentiles: \(run.output)")
        }
        #expect(run.output.contains("rate limit the server ran with: 0 "), "\(run.output)")
        #expect(run.output.contains("server during the lifecycles: CPU"), "\(run.output)")
        #expect(run.output.contains("health ceiling (GET /health"), "\(run.output)")
        #expect(run.output.contains("fsync of a 4 KiB overwrite"), "\(run.output)")

        let text = try await Self.metrics(server.baseURL)
        for operation in ["make", "authorize", "execute"] {
            let transactions = try #require(Self.value(text, "tosspay_store_operations_total", operation), "\(operation) missing")
            let statements = try #require(Self.value(text, "tosspay_store_statements_total", operation))
            let trips = try #require(Self.value(text, "tosspay_store_round_trips_total", operation))
            #expect(transactions >= 20, "\(operation): \(transactions)")
            // Each write runs at least SAVEPOINT, one read, one write and RELEASE.
            #expect(statements >= transactions * 3, "\(operation): \(statements) statements in \(transactions)")
            // On SQLite a write's statements run on the writer's own thread: one hop there and
            // back per write, however many statements it runs (docs/design.md decision 59).
            #expect(trips == transactions, "\(operation): \(trips) round trips in \(transactions) writes")
        }
        #expect(Self.value(text, "tosspay_store_operations_total", "commit") ?? 0 >= 1)
    }

    /// `bench --serve` starts its own server with `--rate-limit 0`, stops it, and leaves a
    /// database whose books `tosspay verify` finds clean.
    @Test func benchServesItsOwnServerAndLeavesCleanBooks() async throws {
        let directory = try temporaryDirectory("bench-serve")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/served.sqlite"
        let run = try await runTossPay(
            [
                "bench", "--serve", "--database", database, "--flows", "10", "--concurrency", "2", "--seconds", "60",
                "--health-seconds", "1", "--fsyncs", "10",
            ],
            in: directory
        )
        #expect(run.status == 0, "bench failed: \(run.output)")
        #expect(run.output.contains("completed lifecycles: 10 "), "\(run.output)")
        #expect(run.output.contains("rate limit the server ran with: 0 (bench started it"), "\(run.output)")
        #expect(run.output.contains("server during the lifecycles: CPU"), "\(run.output)")
        let verify = try await runTossPay(["verify", "--database", database], in: directory)
        #expect(verify.status == 0, "verify: \(verify.output)")
    }

    /// `bench --load N` stores N paid payments through the Core decisions before the run; a
    /// second load continues after the first, and the books stay clean.
    @Test func benchLoadFillsTheStoreAndVerifyStaysClean() async throws {
        let directory = try temporaryDirectory("bench-load")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/loaded.sqlite"
        let arguments = ["bench", "--serve", "--database", database, "--flows", "3", "--concurrency", "1", "--health-seconds", "0", "--fsyncs", "0"]
        let first = try await runTossPay(arguments + ["--load", "1200"], in: directory)
        #expect(first.status == 0, "bench failed: \(first.output)")
        #expect(first.output.contains("loaded 1200 paid payments (sandbox merchant, 0 loaded before)"), "\(first.output)")
        let second = try await runTossPay(arguments + ["--load", "7"], in: directory)
        #expect(second.output.contains("loaded 7 paid payments (sandbox merchant, 1200 loaded before)"), "\(second.output)")
        let verify = try await runTossPay(["verify", "--database", database], in: directory)
        #expect(verify.status == 0, "verify: \(verify.output)")
        #expect(verify.output.contains("checked 1213 payments"), "\(verify.output)")

        let refused = try await runTossPay(["bench", "--load", "5"], in: directory)
        #expect(refused.status != 0 && refused.output.contains("--load"), "\(refused.output)")
        let tooMany = try await runTossPay(arguments + ["--load", "10000001"], in: directory)
        #expect(tooMany.status != 0 && tooMany.output.contains("--load 0…10000000"), "\(tooMany.output)")
    }
}

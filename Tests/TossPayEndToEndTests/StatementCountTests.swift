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
            ["bench", "--base-url", server.baseURL, "--flows", "20", "--concurrency", "2", "--seconds", "60"], in: directory
        )
        #expect(run.status == 0, "bench failed: \(run.output)")
        #expect(run.output.contains("store work per operation"), "\(run.output)")
        let executeLine = run.output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("execute ") }
        #expect(executeLine?.contains(" 20 ") == true, "no execute line with 20 transactions: \(run.output)")

        let text = try await Self.metrics(server.baseURL)
        for operation in ["make", "authorize", "execute"] {
            let transactions = try #require(Self.value(text, "tosspay_store_operations_total", operation), "\(operation) missing")
            let statements = try #require(Self.value(text, "tosspay_store_statements_total", operation))
            let trips = try #require(Self.value(text, "tosspay_store_round_trips_total", operation))
            #expect(transactions >= 20, "\(operation): \(transactions)")
            // Each write runs at least SAVEPOINT, one read, one write and RELEASE.
            #expect(statements >= transactions * 3, "\(operation): \(statements) statements in \(transactions)")
            #expect(trips == statements, "\(operation): every statement is one round trip today")
        }
        #expect(Self.value(text, "tosspay_store_operations_total", "commit") ?? 0 >= 1)
    }
}

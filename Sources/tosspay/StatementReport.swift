import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The server's statement and round-trip counters per ledger operation, read from `/metrics`
/// (`tosspay_store_*_total{operation=…}`), so that `tosspay bench` can print what each
/// operation cost the database during its run.
struct StatementReport: Sendable {
    /// Counter values keyed by metric name, then operation.
    var counters: [String: [String: Double]] = [:]

    static let operations = "tosspay_store_operations_total"
    static let statements = "tosspay_store_statements_total"
    static let roundTrips = "tosspay_store_round_trips_total"

    /// Reads `/metrics` at `baseURL`; nil when the server has none (the real service, or TLS
    /// that this plain request cannot pass).
    static func fetch(baseURL: String) async -> StatementReport? {
        let url = baseURL.hasSuffix("/") ? baseURL + "metrics" : baseURL + "/metrics"
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            guard response.status.code == 200 else { return nil }
            let body = try await response.body.collect(upTo: 8 << 20)
            return StatementReport(text: String(buffer: body))
        } catch {
            return nil
        }
    }

    /// Parses Prometheus text lines such as `tosspay_store_statements_total{operation="make"} 9`.
    init(text: String) {
        for line in text.split(separator: "\n") where line.hasPrefix("tosspay_store_") {
            guard let brace = line.firstIndex(of: "{"), let close = line.firstIndex(of: "}") else { continue }
            let name = String(line[..<brace])
            let labels = line[line.index(after: brace)..<close]
            guard let start = labels.range(of: "operation=\"") else { continue }
            let rest = labels[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { continue }
            let operation = String(rest[..<end])
            guard let value = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) else { continue }
            counters[name, default: [:]][operation] = value
        }
    }

    init() {}

    /// How many transactions of `operation` ran since `before` (`commit`: SQLite write batches).
    func transactions(_ operation: String, since before: StatementReport) -> Double {
        (counters[Self.operations]?[operation] ?? 0) - (before.counters[Self.operations]?[operation] ?? 0)
    }

    /// The lines `tosspay bench` prints: per operation, transactions and the average statements
    /// and round trips of each, over the counts that grew since `before`.
    func summary(since before: StatementReport) -> [String] {
        func delta(_ metric: String, _ operation: String) -> Double {
            (counters[metric]?[operation] ?? 0) - (before.counters[metric]?[operation] ?? 0)
        }
        let names = (counters[Self.operations] ?? [:]).keys.sorted()
        var lines = ["store work per operation (from /metrics): transactions, statements/op, round trips/op"]
        for name in names {
            let count = delta(Self.operations, name)
            guard count > 0 else { continue }
            let statements = delta(Self.statements, name) / count
            let trips = delta(Self.roundTrips, name) / count
            lines.append("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(Int(count))  \(String(format: "%.1f", statements))  \(String(format: "%.1f", trips))")
        }
        return lines
    }
}

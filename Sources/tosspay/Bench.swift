import ArgumentParser
import Foundation
import Histogram
import TossPayClient

/// `tosspay bench`: drives full payment flows (make → authorize → execute) against a server
/// from many concurrent buyers and reports throughput and latency percentiles (HDR histogram).
/// Bounded by a request count and a time limit; it stops by itself.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark a server with concurrent full payment flows; prints throughput and latency percentiles."
    )

    @OptionGroup var client: ClientOptions

    @Option(help: "Concurrent buyers.")
    var concurrency: Int = 16

    @Option(help: "Full flows to run in all.")
    var flows: Int = 2_000

    @Option(help: "Stop after this many seconds even if flows remain.")
    var seconds: Int = 60

    /// What one worker measured, in microseconds per operation.
    struct Samples: Sendable {
        var make: [UInt64] = []
        var authorize: [UInt64] = []
        var execute: [UInt64] = []
        var failures: [String: Int] = [:]
    }

    func run() async throws {
        guard (1...1_000).contains(concurrency), (1...10_000_000).contains(flows), (1...86_400).contains(seconds) else {
            throw ValidationError("--concurrency 1…1000, --flows 1…10000000, --seconds 1…86400")
        }
        let payClient = try client.makeClient()
        let statementsBefore = await StatementReport.fetch(baseURL: client.baseURL)
        let run = UUID().uuidString.prefix(8).lowercased()
        let deadline = ContinuousClock.now + .seconds(seconds)
        let started = ContinuousClock.now
        let counter = FlowCounter(limit: flows)
        let samples = await withTaskGroup(of: Samples.self) { group -> [Samples] in
            for worker in 0..<concurrency {
                group.addTask {
                    await Self.work(client: payClient, worker: worker, run: String(run), counter: counter, deadline: deadline)
                }
            }
            var all: [Samples] = []
            for await result in group { all.append(result) }
            return all
        }
        let elapsed = ContinuousClock.now - started
        try? await payClient.shutdown()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let executes = samples.reduce(0) { $0 + $1.execute.count }
        print("tosspay bench against \(client.baseURL): \(concurrency) concurrent buyers, \(String(format: "%.1f", seconds)) s")
        print("completed flows: \(executes)  (\(String(format: "%.1f", Double(executes) / max(seconds, 0.001))) executes/s, \(String(format: "%.1f", Double(executes * 3) / max(seconds, 0.001))) requests/s)")
        for (name, values) in [("make-payment", samples.flatMap(\.make)), ("authorize", samples.flatMap(\.authorize)), ("execute-payment", samples.flatMap(\.execute))] {
            print(Self.summary(name, values))
        }
        if let before = statementsBefore, let after = await StatementReport.fetch(baseURL: client.baseURL) {
            for line in after.summary(since: before) { print(line) }
        } else {
            print("store work per operation: not available (the server has no /metrics)")
        }
        var failures: [String: Int] = [:]
        for sample in samples { failures.merge(sample.failures, uniquingKeysWith: +) }
        if !failures.isEmpty {
            print("failures: " + failures.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
            throw ExitCode(1)
        }
    }

    static func summary(_ name: String, _ values: [UInt64]) -> String {
        guard !values.isEmpty else { return "\(name): no samples" }
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for value in values { _ = histogram.record(min(value, 60_000_000)) }
        func ms(_ micros: UInt64) -> String { String(format: "%.2f ms", Double(micros) / 1_000) }
        return "\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) p50 \(ms(histogram.valueAtPercentile(50)))  p90 \(ms(histogram.valueAtPercentile(90)))  p99 \(ms(histogram.valueAtPercentile(99)))  max \(ms(histogram.max))  (n=\(values.count))"
    }

    static func work(client: TossPayClient, worker: Int, run: String, counter: FlowCounter, deadline: ContinuousClock.Instant) async -> Samples {
        var samples = Samples()
        let userKey = "bench-\(run)-\(worker)"
        while ContinuousClock.now < deadline, let flow = await counter.next() {
            do {
                var start = ContinuousClock.now
                let orderNo = "bench-\(run)-\(flow)"
                let request = try MakePaymentRequest(
                    orderNo: orderNo, productDesc: "벤치마크", amount: 1_000 + Int64(flow % 50) * 10,
                    amountTaxFree: 0, isTestPayment: true
                )
                let token = try await client.makePayment(request, userKey: userKey)
                samples.make.append(Self.micros(since: start))
                start = ContinuousClock.now
                _ = try await client.sandboxAuthorize(payToken: token, userKey: userKey, payMethod: .tossMoney)
                samples.authorize.append(Self.micros(since: start))
                start = ContinuousClock.now
                _ = try await client.executePayment(ExecutePaymentRequest(payToken: token, mode: .test), orderNo: orderNo, userKey: userKey)
                samples.execute.append(Self.micros(since: start))
            } catch let error as TossPayClientError {
                samples.failures[error.code.rawValue, default: 0] += 1
            } catch {
                samples.failures["\(type(of: error))", default: 0] += 1
            }
        }
        return samples
    }

    static func micros(since start: ContinuousClock.Instant) -> UInt64 {
        let elapsed = ContinuousClock.now - start
        return UInt64(max(0, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000))
    }
}

/// Hands out flow numbers until the limit.
actor FlowCounter {
    let limit: Int
    var issued = 0

    init(limit: Int) { self.limit = limit }

    func next() -> Int? {
        guard issued < limit else { return nil }
        issued += 1
        return issued
    }
}

import ArgumentParser
import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOHTTP1
import TossPayClient

/// `tosspay bench`: drives whole payment lifecycles against a server from many concurrent
/// buyers, each on its own connection, and reports throughput and latency percentiles per step
/// (HDR histogram); then the same server's `/health` ceiling at the same concurrency, the
/// server's CPU and memory (it starts the server itself with `--serve`, or takes its pid, or
/// finds the process listening on a loopback port), the fsync latency of the database's
/// filesystem, the rate limit the server ran with, and the statements each operation ran
/// (from `/metrics`). Bounded by a lifecycle count and a time limit; it stops by itself.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark a server with concurrent payment lifecycles; prints throughput, latency percentiles, the /health ceiling, server CPU / RSS and fsync latency.",
        discussion: """
        A lifecycle (the default, --lifecycle) is make-payment → sandbox authorize → execute-payment → \
        get-payment-status → refund-payment: 5 requests, 4 durable writes. --no-lifecycle runs the \
        earlier 3-request flow (make → authorize → execute) for comparison with older numbers. \
        Each concurrent buyer has its own HTTP/1.1 connection (with --cert or --ca the client's own \
        pool of 8 connections is used). The client does not reconcile (no extra status reads), so \
        every lifecycle is exactly its requests.

        --serve starts `tosspay serve --rate-limit 0` (this binary) on a free loopback port and a \
        fresh SQLite file (or --database), stops it at the end, and leaves the database for \
        `tosspay verify`.
        """
    )

    @OptionGroup var client: ClientOptions

    @Option(help: "Concurrent buyers, each on its own connection.")
    var concurrency: Int = 16

    @Option(name: [.customLong("flows"), .customLong("lifecycles")], help: "Lifecycles (or, with --no-lifecycle, flows) to run in all.")
    var flows: Int = 2_000

    @Option(help: "Stop after this many seconds even if lifecycles remain.")
    var seconds: Int = 60

    @Flag(inversion: .prefixedNo, help: "Run the 5-request lifecycle (default) or the 3-request make → authorize → execute flow.")
    var lifecycle = true

    @Option(help: "Seconds of GET /health at the same concurrency after the lifecycles (0: skip).")
    var healthSeconds: Int = 5

    @Option(help: "The server's process id, for its CPU and RSS. Default: the process listening on the --base-url port, if it is on this machine.")
    var serverPid: Int32?

    @Flag(help: "Start `tosspay serve --rate-limit 0` on a free loopback port, benchmark it and stop it.")
    var serve = false

    @Option(help: "With --serve: the database (SQLite file or postgres:// URL). Default: a new file under the temporary directory.")
    var database: String?

    @Option(help: "With --serve: before the run, store this many paid payments of the sandbox merchant in the database through the Core decisions, 500 per write (`tosspay verify` stays clean).")
    var load: Int = 0

    @Option(help: "With --serve: one more argument for `tosspay serve` (repeat for several), e.g. --serve-arg=--log-level --serve-arg=warning.")
    var serveArg: [String] = []

    @Option(help: "The SQLite database file whose directory's fsync latency is measured. Default: the server's database.")
    var databasePath: String?

    @Option(help: "fsync and fdatasync calls to time (each), before the load (0: skip).")
    var fsyncs: Int = 200

    /// The steps of a lifecycle, in order.
    enum Step: Int, CaseIterable, Sendable {
        case make, authorize, execute, status, refund

        var name: String {
            switch self {
            case .make: "make-payment"
            case .authorize: "authorize"
            case .execute: "execute-payment"
            case .status: "payment-status"
            case .refund: "refund-payment"
            }
        }
    }

    /// What one worker measured, in microseconds.
    struct Samples: Sendable {
        var steps: [[UInt64]] = Array(repeating: [], count: Step.allCases.count)
        var whole: [UInt64] = []
        var failures: [String: Int] = [:]

        var requests: Int { steps.reduce(0) { $0 + $1.count } }
    }

    /// Counters of the server, this process and the machine at one moment.
    struct Snapshot {
        let at = ContinuousClock.now
        let server: BenchProc.Usage?
        let own: BenchProc.Usage?
        let machine = BenchProc.machineCPU()
        let load = BenchProc.loadAverage()

        init(serverPid: Int32?) {
            server = serverPid.flatMap { BenchProc.usage(pid: $0) }
            own = BenchProc.usage(pid: getpid())
        }
    }

    func run() async throws {
        guard (1...1_000).contains(concurrency), (1...10_000_000).contains(flows), (1...86_400).contains(seconds),
              (0...3_600).contains(healthSeconds), (0...100_000).contains(fsyncs) else {
            throw ValidationError("--concurrency 1…1000, --flows 1…10000000, --seconds 1…86400, --health-seconds 0…3600, --fsyncs 0…100000")
        }
        guard serve || (database == nil && serveArg.isEmpty && load == 0) else {
            throw ValidationError("--database, --load and --serve-arg go with --serve")
        }
        guard (0...10_000_000).contains(load) else { throw ValidationError("--load 0…10000000") }
        guard !(serve && serverPid != nil) else { throw ValidationError("--serve starts the server itself; --server-pid is for one already running") }

        var server: BenchServer?
        var baseURL = client.baseURL
        if serve {
            let path = try database ?? Self.temporaryDatabase()
            let logPath = path.hasPrefix("postgres") ? NSTemporaryDirectory() + "/tosspay-bench-serve-\(getpid()).log" : path + ".serve.log"
            let started = try BenchServer(database: path, extraArguments: serveArg, logPath: logPath)
            server = started
            baseURL = started.baseURL
            do {
                try await Self.waitUntilHealthy(started)
                if load > 0 { try await Self.fill(database: path, payments: load) }
            } catch {
                await started.stop()
                throw error
            }
        }
        do {
            try await measure(baseURL: baseURL, server: server)
        } catch {
            await server?.stop()
            throw error
        }
        await server?.stop()
    }

    func measure(baseURL: String, server: BenchServer?) async throws {
        let requestsPerFlow = lifecycle ? 5 : 3
        let steps = lifecycle ? Step.allCases : [.make, .authorize, .execute]

        // Who the server is, what it runs with, where its database lives.
        let pid: Int32? = server?.pid ?? serverPid ?? Self.loopbackPort(baseURL).flatMap { BenchProc.listener(port: $0) }
        let serverArguments = server?.arguments ?? pid.map { BenchProc.arguments(pid: $0) } ?? []
        let serverEnvironment = server == nil ? pid.map { BenchProc.environment(pid: $0) } ?? [:] : [:]
        let rateLimit = Self.rateLimit(server: server, arguments: serverArguments, environment: serverEnvironment, known: pid != nil)
        let databaseFile = databasePath ?? Self.serverDatabase(pid: pid, arguments: serverArguments, environment: serverEnvironment)

        var fsyncResult: BenchFsync.Result?
        var fsyncNote = ""
        if fsyncs > 0 {
            if let databaseFile {
                let directory = (databaseFile as NSString).deletingLastPathComponent.isEmpty ? "." : (databaseFile as NSString).deletingLastPathComponent
                do {
                    fsyncResult = try BenchFsync.measure(directory: directory, count: fsyncs)
                    fsyncNote = directory
                } catch {
                    fsyncNote = "not measured: \(error)"
                }
            } else {
                fsyncNote = "not measured: no SQLite database file known (PostgreSQL, or give --database-path)"
            }
        }

        let httpClient = Self.httpClient(connections: concurrency)
        let payClient: TossPayClient
        do {
            payClient = try makeClient(baseURL: baseURL, httpClient: httpClient)
        } catch {
            // An HTTPClient released without shutdown stops the process.
            try? await httpClient.shutdown()
            throw error
        }
        let statementsBefore = await StatementReport.fetch(baseURL: baseURL)
        let run = String(UUID().uuidString.prefix(8).lowercased())
        let counter = FlowCounter(limit: flows)

        // Phase 1: the lifecycles.
        let start = Snapshot(serverPid: pid)
        let deadline = start.at + .seconds(seconds)
        let lifecycle = self.lifecycle
        let samples = await withTaskGroup(of: Samples.self) { group -> [Samples] in
            for worker in 0..<concurrency {
                group.addTask {
                    await Self.work(client: payClient, worker: worker, run: run, lifecycle: lifecycle, counter: counter, deadline: deadline)
                }
            }
            var all: [Samples] = []
            for await result in group { all.append(result) }
            return all
        }
        let end = Snapshot(serverPid: pid)
        let statementsAfter = await StatementReport.fetch(baseURL: baseURL)

        // Phase 2: the same server's /health ceiling, same concurrency and connections.
        var health: (samples: [UInt64], failures: Int, seconds: Double, before: Snapshot, after: Snapshot)?
        if healthSeconds > 0 {
            let url = baseURL.hasSuffix("/") ? baseURL + "health" : baseURL + "/health"
            let before = Snapshot(serverPid: pid)
            let healthDeadline = before.at + .seconds(healthSeconds)
            let results = await withTaskGroup(of: ([UInt64], Int).self) { group -> [([UInt64], Int)] in
                for _ in 0..<concurrency {
                    group.addTask { await Self.hammer(httpClient, url: url, deadline: healthDeadline) }
                }
                var all: [([UInt64], Int)] = []
                for await result in group { all.append(result) }
                return all
            }
            let after = Snapshot(serverPid: pid)
            health = (results.flatMap(\.0), results.reduce(0) { $0 + $1.1 }, Self.seconds(after.at - before.at), before, after)
        }
        try? await payClient.shutdown()
        try? await httpClient.shutdown()

        // Report.
        let elapsed = Self.seconds(end.at - start.at)
        let completed = samples.reduce(0) { $0 + $1.steps[steps.last!.rawValue].count }
        let requests = samples.reduce(0) { $0 + $1.requests }
        let unit = lifecycle ? "lifecycles" : "flows"
        let shape = lifecycle ? "make → authorize → execute → status → refund" : "make → authorize → execute"
        print("tosspay bench against \(baseURL): \(shape), \(concurrency) connections, \(String(format: "%.1f", elapsed)) s")
        if let server {
            print("server: pid \(server.pid), started by bench: tosspay \(server.arguments.joined(separator: " "))  (log: \(server.logPath))")
        } else if let pid {
            print("server: pid \(pid)\(serverPid == nil ? " (listening on the --base-url port)" : ""): tosspay \(serverArguments.joined(separator: " "))")
        } else {
            print("server: process not found on this machine (give --server-pid for its CPU and RSS)")
        }
        print("rate limit the server ran with: \(rateLimit)")
        print("machine: \(BenchProc.cores) cores; load average \(start.load) before, \(end.load) after")
        print("completed \(unit): \(completed)  (\(Self.rate(completed, elapsed)) \(unit)/s, \(Self.rate(requests, elapsed)) requests/s, \(requestsPerFlow) requests each)")
        for step in steps {
            print("  " + Self.summary(step.name, samples.flatMap { $0.steps[step.rawValue] }))
        }
        let whole = samples.flatMap(\.whole)
        print("  " + Self.summary(lifecycle ? "lifecycle" : "flow", whole))

        if let before = start.server, let after = end.server {
            let cpu = after.cpuSeconds - before.cpuSeconds
            let switches = (after.voluntarySwitches - before.voluntarySwitches) + (after.involuntarySwitches - before.involuntarySwitches)
            print(String(
                format: "server during the %@: CPU %.2f s (%.2f cores, %.2f ms per %@), RSS %.1f → %.1f MiB, %d threads, %@ context switches (%.1f per %@, %.0f%% involuntary)",
                unit, cpu, cpu / max(elapsed, 0.001), cpu * 1_000 / Double(max(completed, 1)), lifecycle ? "lifecycle" : "flow",
                before.rssMiB, after.rssMiB, after.threads, Self.grouped(switches), Double(switches) / Double(max(completed, 1)),
                lifecycle ? "lifecycle" : "flow", 100 * Double(after.involuntarySwitches - before.involuntarySwitches) / Double(max(switches, 1))
            ))
        } else if pid != nil {
            print("server during the \(unit): /proc of pid \(pid!) not readable")
        }
        if let before = start.own, let after = end.own {
            let own = after.cpuSeconds - before.cpuSeconds
            let machineBusy = Double(end.machine.busy - start.machine.busy) / Double(max(end.machine.total - start.machine.total, 1)) * Double(BenchProc.cores)
            let serverCores = (start.server != nil && end.server != nil) ? (end.server!.cpuSeconds - start.server!.cpuSeconds) / max(elapsed, 0.001) : 0
            print(String(
                format: "bench client CPU %.2f s (%.2f cores); the machine was busy %.2f of %d cores (other processes about %.2f)",
                own, own / max(elapsed, 0.001), machineBusy, BenchProc.cores, max(0, machineBusy - own / max(elapsed, 0.001) - serverCores)
            ))
        }

        if let health {
            let rate = Double(health.samples.count) / max(health.seconds, 0.001)
            var line = "health ceiling (GET /health, \(concurrency) connections, \(String(format: "%.1f", health.seconds)) s): \(Self.rate(health.samples.count, health.seconds)) requests/s; "
            line += Self.percentiles(health.samples)
            if let before = health.before.server, let after = health.after.server {
                line += String(format: "; server %.2f cores", (after.cpuSeconds - before.cpuSeconds) / max(health.seconds, 0.001))
            }
            if let before = health.before.own, let after = health.after.own {
                line += String(format: ", bench client %.2f cores", (after.cpuSeconds - before.cpuSeconds) / max(health.seconds, 0.001))
            }
            let machine = (health.before.machine, health.after.machine)
            line += String(
                format: ", machine busy %.2f of %d cores",
                Double(machine.1.busy - machine.0.busy) / Double(max(machine.1.total - machine.0.total, 1)) * Double(BenchProc.cores), BenchProc.cores
            )
            if health.failures > 0 { line += "; \(health.failures) failed" }
            print(line)
            print(String(format: "payment requests/s ÷ /health requests/s: %.3f", Double(requests) / max(elapsed, 0.001) / max(rate, 0.001)))
        }

        if let fsyncResult {
            print("fsync of a 4 KiB overwrite in \(fsyncNote) (\(fsyncs) each, before the load): fsync \(Self.percentiles(fsyncResult.fsync)); fdatasync \(Self.percentiles(fsyncResult.fdatasync))")
        } else if fsyncs > 0 {
            print("fsync: \(fsyncNote)")
        }

        // Bounds: Little's law (throughput = connections / time per lifecycle) with the measured
        // lifecycle time, and with the floor that its durable writes put under it.
        if !whole.isEmpty {
            let mean = Double(whole.reduce(0, +)) / Double(whole.count) / 1_000
            var line = String(format: "Little's law: %d connections / mean %@ %.2f ms = %.0f %@/s", concurrency, lifecycle ? "lifecycle" : "flow", mean, Double(concurrency) / (mean / 1_000), unit)
            if let fsyncResult, !fsyncResult.fsync.isEmpty {
                let writes = lifecycle ? 4 : 3
                let p50 = Double(Self.percentile(fsyncResult.fsync, 50)) / 1_000
                line += String(
                    format: "; if each of its %d durable writes waits for one fsync (p50 %.2f ms) and nothing else: ≤ %.0f %@/s per connection, ≤ %.0f at %d connections",
                    writes, p50, 1_000 / (Double(writes) * p50), unit, Double(concurrency) * 1_000 / (Double(writes) * p50), concurrency
                )
            }
            print(line)
        }

        if let before = statementsBefore, let after = statementsAfter {
            let batches = after.transactions("commit", since: before)
            if batches > 0 {
                let writes = ["make", "authorize", "execute", "refund"].reduce(0) { $0 + after.transactions($1, since: before) }
                print(String(format: "SQLite write batches: %.0f (%.2f writes per batch, %.0f batches/s)", batches, writes / batches, batches / max(elapsed, 0.001)))
            }
            for line in after.summary(since: before) { print(line) }
        } else {
            print("store work per operation: not available (the server has no /metrics)")
        }
        if let path = server?.database, !path.hasPrefix("postgres") {
            print("database kept for `tosspay verify --database \(path)`")
        }
        var failures: [String: Int] = [:]
        for sample in samples { failures.merge(sample.failures, uniquingKeysWith: +) }
        if !failures.isEmpty {
            print("failures: " + failures.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
            throw ExitCode(1)
        }
    }

    // MARK: Workers

    static func work(
        client: TossPayClient, worker: Int, run: String, lifecycle: Bool, counter: FlowCounter, deadline: ContinuousClock.Instant
    ) async -> Samples {
        var samples = Samples()
        let userKey = "bench-\(run)-\(worker)"
        while ContinuousClock.now < deadline, let flow = await counter.next() {
            var step = Step.make
            do {
                let begin = ContinuousClock.now
                var start = begin
                func done(_ finished: Step) {
                    let now = ContinuousClock.now
                    samples.steps[finished.rawValue].append(micros(from: start, to: now))
                    start = now
                }
                let orderNo = "bench-\(run)-\(flow)"
                let request = try MakePaymentRequest(
                    orderNo: orderNo, productDesc: "벤치마크", amount: 1_000 + Int64(flow % 50) * 10,
                    amountTaxFree: 0, isTestPayment: true
                )
                let token = try await client.makePayment(request, userKey: userKey)
                done(.make)
                step = .authorize
                _ = try await client.sandboxAuthorize(payToken: token, userKey: userKey, payMethod: .tossMoney)
                done(.authorize)
                step = .execute
                _ = try await client.executePayment(ExecutePaymentRequest(payToken: token, mode: .test), orderNo: orderNo, userKey: userKey)
                done(.execute)
                if lifecycle {
                    step = .status
                    _ = try await client.getPaymentStatus(PaymentStatusRequest(payToken: token, orderNo: orderNo, mode: .test), userKey: userKey)
                    done(.status)
                    step = .refund
                    _ = try await client.refundPayment(
                        RefundPaymentRequest(payToken: token, reason: "벤치마크 환불", mode: .test), orderNo: orderNo, userKey: userKey
                    )
                    done(.refund)
                }
                samples.whole.append(micros(from: begin, to: ContinuousClock.now))
            } catch let error as TossPayClientError {
                samples.failures["\(step.name) \(error.code.rawValue)", default: 0] += 1
            } catch {
                samples.failures["\(step.name) \(type(of: error))", default: 0] += 1
            }
        }
        return samples
    }

    /// GET `url` until the deadline; the latencies of the 200 answers and the count of the rest.
    static func hammer(_ client: HTTPClient, url: String, deadline: ContinuousClock.Instant) async -> ([UInt64], Int) {
        var samples: [UInt64] = []
        var failures = 0
        while ContinuousClock.now < deadline {
            let start = ContinuousClock.now
            do {
                let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 20)
                if response.status.code == 200 { samples.append(micros(since: start)) } else { failures += 1 }
            } catch {
                failures += 1
            }
        }
        return (samples, failures)
    }

    // MARK: Setup

    /// An HTTP/1.1 client that keeps one connection per concurrent buyer (AsyncHTTPClient's
    /// default, and `HTTPClient.shared`, stop at 8 per host).
    static func httpClient(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(idleTimeout: .seconds(600), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client of `ClientOptions`, on `httpClient`, without reconciliation: a refund would
    /// otherwise read the status first, and every request the lifecycle sends is one it counts.
    func makeClient(baseURL: String, httpClient: HTTPClient) throws -> TossPayClient {
        try TossPayClient(
            configuration: .init(
                baseURL: baseURL, credentials: client.credentials(), trustRootsPEM: client.trustRoots(), recovery: .disabled
            ),
            httpClient: httpClient
        )
    }

    static func temporaryDatabase() throws -> String {
        let directory = NSTemporaryDirectory() + "/tosspay-bench-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (directory as NSString).standardizingPath + "/tosspay.sqlite"
    }

    static func waitUntilHealthy(_ server: BenchServer) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard server.isRunning else { throw BenchError("the server exited: \(server.logTail())") }
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: server.baseURL + "/health"), timeout: .seconds(2)),
               response.status.code == 200 {
                _ = try? await response.body.collect(upTo: 1 << 20)
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("the server did not answer /health within 30 s: \(server.logTail())")
    }

    /// The port of a loopback `baseURL` (`http://127.0.0.1:8080`, `localhost`, `[::1]`).
    static func loopbackPort(_ baseURL: String) -> Int? {
        guard let url = URL(string: baseURL), let host = url.host else { return nil }
        guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else { return nil }
        return url.port ?? (url.scheme == "https" ? 443 : 80)
    }

    /// The rate limit the server ran with: what bench passed, else its command line, its
    /// environment, or the default.
    static func rateLimit(server: BenchServer?, arguments: [String], environment: [String: String], known: Bool) -> String {
        if server != nil { return "0 (bench started it with --rate-limit 0)" }
        guard known else { return "unknown (the server is not a process on this machine)" }
        if let value = BenchProc.option("--rate-limit", in: arguments) { return "\(value) (its --rate-limit)" }
        if let value = environment["TOSSPAY_RATELIMIT_PERMINUTE"] { return "\(value) (its TOSSPAY_RATELIMIT_PERMINUTE)" }
        if let config = BenchProc.option("--config", in: arguments) { return "as in its --config \(config), else 3000 (default)" }
        return "3000 (default: no --rate-limit or TOSSPAY_RATELIMIT_PERMINUTE) — pass --rate-limit 0 to the server for benchmarks"
    }

    /// The server's SQLite file: its --database or TOSSPAY_DB_PATH or the default, relative
    /// paths resolved against its working directory; nil for PostgreSQL or an unknown server.
    static func serverDatabase(pid: Int32?, arguments: [String], environment: [String: String]) -> String? {
        guard let pid else { return nil }
        let path = BenchProc.option("--database", in: arguments) ?? environment["TOSSPAY_DB_PATH"] ?? "tosspay.sqlite"
        if path.hasPrefix("postgres") { return nil }
        if path.hasPrefix("/") { return path }
        return (BenchProc.workingDirectory(pid: pid) ?? ".") + "/" + path
    }

    // MARK: Numbers

    static func histogram(_ values: [UInt64]) -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for value in values { _ = histogram.record(min(max(value, 1), 60_000_000)) }
        return histogram
    }

    static func percentile(_ values: [UInt64], _ percentile: Double) -> UInt64 {
        values.isEmpty ? 0 : histogram(values).valueAtPercentile(percentile)
    }

    static func ms(_ micros: UInt64) -> String { String(format: "%.2f ms", Double(micros) / 1_000) }

    /// `p50 … p99 … max …` of microsecond samples.
    static func percentiles(_ values: [UInt64]) -> String {
        guard !values.isEmpty else { return "no samples" }
        let histogram = histogram(values)
        return "p50 \(ms(histogram.valueAtPercentile(50)))  p99 \(ms(histogram.valueAtPercentile(99)))  max \(ms(histogram.max))"
    }

    static func summary(_ name: String, _ values: [UInt64]) -> String {
        guard !values.isEmpty else { return "\(name): no samples" }
        let histogram = histogram(values)
        return "\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) p50 \(ms(histogram.valueAtPercentile(50)))  p90 \(ms(histogram.valueAtPercentile(90)))  p99 \(ms(histogram.valueAtPercentile(99)))  max \(ms(histogram.max))  (n=\(values.count))"
    }

    static func rate(_ count: Int, _ seconds: Double) -> String {
        String(format: "%.1f", Double(count) / max(seconds, 0.001))
    }

    static func grouped(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func micros(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> UInt64 {
        let elapsed = end - start
        return UInt64(max(0, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000))
    }

    static func micros(since start: ContinuousClock.Instant) -> UInt64 {
        micros(from: start, to: ContinuousClock.now)
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

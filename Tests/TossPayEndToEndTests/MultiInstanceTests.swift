import Foundation
import Logging
import PostgresNIO
import Testing
import Synchronization
import TossPayCore
import TossPayStorage
import TossPayTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// SPEC §4 across instances: three real `tosspay serve` processes on one PostgreSQL database,
/// as behind a load balancer. Exactly once, conservation and durability must hold for calls
/// spread across them, with one killed mid-load, and background work must not double.
@Suite(
    "Multiple instances on PostgreSQL", .serialized,
    .enabled(if: PostgresTestDatabase.enabled, "PostgreSQL tests skipped: TOSSPAY_TEST_POSTGRES_URL not set")
)
struct MultiInstanceTests {
    static let pay = partnerPath

    /// Three instances on a fresh database; `body` runs, then every process and the database go.
    static func withInstances(
        _ name: String, count: Int = 3, environment: [String: String] = [:],
        _ body: ([ServerProcess], PostgresTestDatabase) async throws -> Void
    ) async throws {
        let database = try await PostgresTestDatabase.create(prefix: name)
        let directory: String
        do {
            directory = try temporaryDirectory("multi-\(name)")
        } catch {
            await database.drop()
            throw error
        }
        var servers: [ServerProcess] = []
        do {
            // Started at once: their migrations meet on the advisory lock.
            var environment = environment
            environment["TOSSPAY_RATELIMIT_PERMINUTE"] = environment["TOSSPAY_RATELIMIT_PERMINUTE"] ?? "0"
            let settings = environment
            servers = try await withThrowingTaskGroup(of: (Int, ServerProcess).self) { group in
                for index in 0..<count {
                    group.addTask {
                        (index, try await ServerProcess(
                            databasePath: "\(directory)/instance-\(index)", databaseURL: database.url(), environment: settings
                        ))
                    }
                }
                var started: [(Int, ServerProcess)] = []
                for try await server in group { started.append(server) }
                return started.sorted { $0.0 < $1.0 }.map(\.1)
            }
            try await body(servers, database)
        } catch {
            for server in servers { print("instance \(server.port) log: \(server.logTail())") }
            servers.forEach { if $0.process.isRunning { $0.kill9() } }
            await database.drop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        servers.forEach { if $0.process.isRunning { $0.kill9() } }
        await database.drop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Calls

    static func makePayment(_ server: ServerProcess, userKey: String, orderNo: String, amount: Int) async throws -> String {
        let reply = try await LiveHTTP.shared.post("\(server.baseURL)\(pay)/make-payment", userKey: userKey, json: [
            "orderNo": orderNo, "productDesc": "상품", "amount": amount, "amountTaxFree": 0, "isTestPayment": true,
        ])
        guard reply.status == .ok, let token = reply["success"]["payToken"].string else {
            throw TestFailure("make-payment failed: \(reply.status.code) \(reply.text)")
        }
        return token
    }

    static func authorize(_ server: ServerProcess, userKey: String, token: String) async throws {
        let reply = try await LiveHTTP.shared.post("\(server.baseURL)/sandbox/v1/checkout/authorize", userKey: userKey, json: [
            "payToken": token, "payMethod": "TOSS_MONEY",
        ])
        guard reply.status == .ok else { throw TestFailure("authorize failed: \(reply.status.code) \(reply.text)") }
    }

    static func execute(_ server: ServerProcess, userKey: String, token: String) async throws -> Reply {
        try await LiveHTTP.shared.post("\(server.baseURL)\(pay)/execute-payment", userKey: userKey, json: [
            "payToken": token, "isTestPayment": true,
        ])
    }

    static func status(_ server: ServerProcess, userKey: String, token: String, orderNo: String) async throws -> JSONValue? {
        let reply = try await LiveHTTP.shared.post("\(server.baseURL)\(pay)/get-payment-status", userKey: userKey, json: [
            "payToken": token, "orderNo": orderNo, "isTestPayment": true,
        ])
        guard reply.status == .ok else { throw TestFailure("get-payment-status of \(token) failed: \(reply.status.code) \(reply.text)") }
        return reply["success"]
    }

    /// Toss Money plus bank balance of a buyer, as the API shows it.
    static func funds(_ server: ServerProcess, userKey: String) async throws -> Int {
        let reply = try await LiveHTTP.shared.get("\(server.baseURL)/sandbox/v1/users/\(userKey)")
        guard reply.status == .ok else { throw TestFailure("GET user \(userKey) failed: \(reply.status.code)") }
        let user = reply["success"]
        let money = try #require(user["tossMoneyBalance"].int)
        let bank = try #require(user["bankAccount"]["balance"].int)
        return money + bank
    }

    /// PAY steps and the refunded total of a payment's status.
    static func steps(_ payment: JSONValue?) -> (pays: Int, refunds: Int, refunded: Int) {
        let transactions = payment["transactions"].objects ?? []
        let refunds = transactions.filter { $0["stepType"].string == "REFUND" }
        return (
            transactions.filter { $0["stepType"].string == "PAY" }.count,
            refunds.count,
            refunds.reduce(0) { $0 - ($1["transactionAmount"].int ?? 0) }
        )
    }

    /// `tosspay verify` on the shared database: the journal balances, paid − refunded =
    /// refundable, statuses agree with steps.
    static func verify(_ database: PostgresTestDatabase) async throws {
        let store = try await PostgresPaymentStore.open(url: database.url(poolSize: 2), logger: Logger(label: "verify"))
        let report: LedgerVerifier.Report
        do {
            report = try await LedgerVerifier(store: store).run()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        #expect(report.violations.isEmpty, "\(report.violations)")
        #expect(report.payments > 0)
    }

    // MARK: Tests

    @Test func executesAndRefundsSpreadAcrossInstancesHappenOnce() async throws {
        try await Self.withInstances("once") { servers, database in
            let payments = 10
            let amount = 10_000
            var tokens: [String] = []
            for index in 0..<payments {
                let userKey = "multi-buyer-\(index)"
                let token = try await Self.makePayment(servers[index % 3], userKey: userKey, orderNo: "multi-\(index)", amount: amount)
                try await Self.authorize(servers[(index + 1) % 3], userKey: userKey, token: token)
                tokens.append(token)
            }
            let planned = tokens
            // 200 calls at once: per payment 10 executes and 10 refunds of 1,000 with four
            // refundNos, each call on the next instance in turn.
            let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for call in 0..<200 {
                    let payment = call % payments
                    let round = call / payments
                    let server = servers[call % 3]
                    let userKey = "multi-buyer-\(payment)"
                    group.addTask {
                        if round % 2 == 0 {
                            let reply = try await Self.execute(server, userKey: userKey, token: planned[payment])
                            return Outcome(payment: payment, kind: "execute", refundNo: nil, reply: reply)
                        }
                        let refundNo = "R\((round / 2) % 4)"
                        let reply = try await LiveHTTP.shared.post("\(server.baseURL)\(Self.pay)/refund-payment", userKey: userKey, json: [
                            "payToken": planned[payment], "reason": "부분 환불", "amount": 1_000, "refundNo": refundNo, "isTestPayment": true,
                        ])
                        return Outcome(payment: payment, kind: "refund", refundNo: refundNo, reply: reply)
                    }
                }
                var all: [Outcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.count == 200)
            for outcome in outcomes where outcome.status != 200 {
                #expect(outcome.status < 500, "a call failed with \(outcome.status): \(outcome.errorCode ?? "-")")
                #expect(outcome.resultType == "FAIL")
            }
            for (payment, token) in tokens.enumerated() {
                let mine = outcomes.filter { $0.payment == payment }
                #expect(mine.filter { $0.kind == "execute" && $0.status == 200 }.count == 1, "payment \(payment) executes")
                let refundNos = Set(mine.filter { $0.kind == "refund" && $0.status == 200 }.compactMap(\.refundNo))
                let userKey = "multi-buyer-\(payment)"
                let status = try await Self.status(servers[(payment + 2) % 3], userKey: userKey, token: token, orderNo: "multi-\(payment)")
                let steps = Self.steps(status)
                #expect(steps.pays == 1, "payment \(payment) has \(steps.pays) PAY steps")
                #expect(steps.refunds == refundNos.count, "payment \(payment): refunds \(steps.refunds), acknowledged refundNos \(refundNos)")
                #expect(steps.refunded == 1_000 * refundNos.count)
                #expect(status["refundableAmount"].int == amount - steps.refunded)
                let funds = try await Self.funds(servers[payment % 3], userKey: userKey)
                #expect(funds == 11_000_000 - (amount - steps.refunded), "buyer \(userKey) balance")
            }
            try await Self.verify(database)

            // Throughput: executes of distinct payments, spread over the three instances.
            let measured = 150
            var ready: [(String, String)] = []
            for index in 0..<measured {
                let userKey = "rate-buyer-\(index % 30)"
                let token = try await Self.makePayment(servers[index % 3], userKey: userKey, orderNo: "rate-\(index)", amount: 1_000)
                try await Self.authorize(servers[(index + 1) % 3], userKey: userKey, token: token)
                ready.append((userKey, token))
            }
            let batch = ready
            let started = ContinuousClock.now
            let succeeded = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, (userKey, token)) in batch.enumerated() {
                    group.addTask { try await Self.execute(servers[index % 3], userKey: userKey, token: token).status == .ok }
                }
                var count = 0
                for try await ok in group where ok { count += 1 }
                return count
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            #expect(succeeded == measured)
            print("MEASURED: \(measured) executes across 3 instances in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(measured) / seconds)) executes/second")
        }
    }

    @Test func fiftyCreatesOfOneOrderNoAcrossInstancesMakeOnePayment() async throws {
        try await Self.withInstances("order") { servers, _ in
            let orderNo = "same-order-\(UUID().uuidString.prefix(8))"
            let results = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for call in 0..<50 {
                    group.addTask {
                        let reply = try await LiveHTTP.shared.post("\(servers[call % 3].baseURL)\(Self.pay)/make-payment", userKey: "order-buyer-\(call)", json: [
                            "orderNo": orderNo, "productDesc": "상품", "amount": 5_000, "amountTaxFree": 0, "isTestPayment": true,
                        ])
                        return Outcome(payment: call, kind: "make", refundNo: nil, reply: reply)
                    }
                }
                var all: [Outcome] = []
                for try await result in group { all.append(result) }
                return all
            }
            let created = results.filter { $0.status == 200 }.compactMap(\.payToken)
            #expect(created.count == 1, "\(created.count) payments for one orderNo")
            for result in results where result.status != 200 {
                #expect(result.errorCode == "PAYMENT_EXISTING_PAYMENT", "unexpected \(result.status) \(result.errorCode ?? "-")")
            }
            let reply = try await LiveHTTP.shared.post("\(servers[2].baseURL)\(Self.pay)/get-payment-status", userKey: "order-buyer-0", json: [
                "payToken": created.first ?? "", "orderNo": orderNo, "isTestPayment": true,
            ])
            #expect(reply.status == .ok, "the one payment made is the orderNo's: \(reply.text)")
            #expect(reply["success"]["payToken"].string == created.first)
        }
    }

    @Test func killingOneInstanceMidLoadLosesNothingAcknowledged() async throws {
        try await Self.withInstances("kill") { servers, database in
            let acknowledged = CrashDurabilityTests.Acknowledged()
            let afterKill = Counter()
            let killed = Flag()
            let workers = 9
            let deadline = ContinuousClock.now + .seconds(4)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var sequence = 0
                        let userKey = "kill-buyer-\(worker)"
                        while ContinuousClock.now < deadline {
                            sequence += 1
                            // Each step on the next instance, as a load balancer would spread them;
                            // once one is killed, the balancer sends traffic to the other two only.
                            let alive = killed.isSet ? [servers[0], servers[1]] : servers
                            let server = { (step: Int) in alive[(worker + sequence + step) % alive.count] }
                            let amount = 1_000 + (worker * 37 + sequence * 101) % 9_000
                            let orderNo = "kill-\(worker)-\(sequence)"
                            guard let made = try? await LiveHTTP.shared.post("\(server(0).baseURL)\(Self.pay)/make-payment", userKey: userKey, json: [
                                "orderNo": orderNo, "productDesc": "상품", "amount": amount, "amountTaxFree": 0,
                                "isTestPayment": true,
                            ]), made.status == .ok, let token = made["success"]["payToken"].string else { continue }
                            await acknowledged.make(token, userKey, orderNo, amount)
                            guard let authorized = try? await LiveHTTP.shared.post("\(server(1).baseURL)/sandbox/v1/checkout/authorize", userKey: userKey, json: [
                                "payToken": token, "payMethod": "TOSS_MONEY",
                            ]), authorized.status == .ok else { continue }
                            guard let executed = try? await Self.execute(server(2), userKey: userKey, token: token), executed.status == .ok else { continue }
                            await acknowledged.execute(token)
                            if killed.isSet { await afterKill.increment() }
                            let part = amount / 3
                            guard let refunded = try? await LiveHTTP.shared.post("\(server(3).baseURL)\(Self.pay)/refund-payment", userKey: userKey, json: [
                                "payToken": token, "reason": "부분 환불", "amount": part, "isTestPayment": true,
                            ]) else { continue }
                            if refunded.status == .ok { await acknowledged.refund(token, part) }
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(1_500))
                servers[2].kill9()
                killed.set()
                try await group.waitForAll()
            }
            let made = await acknowledged.made
            let executed = await acknowledged.executed
            let refunded = await acknowledged.refunded
            #expect(executed.count > 0, "the workload executed nothing; the test proved nothing")
            #expect(await afterKill.value > 0, "the surviving instances executed nothing after the kill")
            let health = try await LiveHTTP.shared.get("\(servers[0].baseURL)/health")
            #expect(health.status == .ok)

            var keptPerBuyer: [String: Int] = [:]
            for (token, info) in made {
                let payment = try await Self.status(servers[token.hashValue & 1], userKey: info.userKey, token: token, orderNo: info.orderNo)
                let steps = Self.steps(payment)
                #expect(steps.pays <= 1, "payment \(token) was charged \(steps.pays) times")
                if executed.contains(token) { #expect(steps.pays == 1, "acknowledged execute of \(token) was lost") }
                if let acked = refunded[token] { #expect(steps.refunded >= acked, "acknowledged refund of \(token) was lost") }
                if steps.pays == 1 {
                    #expect(payment["refundableAmount"].int == info.amount - steps.refunded)
                    keptPerBuyer[info.userKey, default: 0] += info.amount - steps.refunded
                }
            }
            for worker in 0..<workers {
                let userKey = "kill-buyer-\(worker)"
                let funds = try await Self.funds(servers[worker % 2], userKey: userKey)
                #expect(funds == 11_000_000 - keptPerBuyer[userKey, default: 0], "buyer \(userKey) balance drifted")
            }
            try await Self.verify(database)
        }
    }

    @Test func expiryAndSettlementRunOnAllInstancesWithoutDoubling() async throws {
        try await Self.withInstances("settle", environment: ["TOSSPAY_PAYMENT_SWEEP": "1"]) { servers, database in
            var paid: [String] = []
            var waiting: [String] = []
            for index in 0..<16 {
                let userKey = "settle-buyer-\(index % 4)"
                let token = try await Self.makePayment(servers[index % 3], userKey: userKey, orderNo: "settle-\(index)", amount: 3_000)
                guard index >= 4 else {
                    waiting.append(token)
                    continue
                }
                try await Self.authorize(servers[(index + 1) % 3], userKey: userKey, token: token)
                let executed = try await Self.execute(servers[(index + 2) % 3], userKey: userKey, token: token)
                #expect(executed.status == .ok, "\(executed.text)")
                if index % 3 == 0 {
                    let refunded = try await LiveHTTP.shared.post("\(servers[index % 3].baseURL)\(Self.pay)/refund-payment", userKey: userKey, json: [
                        "payToken": token, "reason": "부분 환불", "amount": 1_000, "isTestPayment": true,
                    ])
                    #expect(refunded.status == .ok)
                }
                paid.append(token)
            }
            // A year and a day later, on one instance; the others must see the same time.
            let advanced = try await LiveHTTP.shared.post("\(servers[0].baseURL)/sandbox/v1/clock/advance", userKey: nil, json: ["seconds": 366 * 86_400])
            #expect(advanced.status == .ok)
            let clock = try await LiveHTTP.shared.get("\(servers[2].baseURL)/sandbox/v1/clock")
            #expect((clock["success"]["offsetSeconds"].int ?? 0) >= 366 * 86_400, "instance 3 did not see the advanced clock: \(clock.text)")
            // Settlement on two instances at once, while every instance's sweep runs too.
            let runs = try await withThrowingTaskGroup(of: Int.self) { group in
                for server in [servers[1], servers[2]] {
                    group.addTask {
                        let reply = try await LiveHTTP.shared.post("\(server.baseURL)/sandbox/v1/settlements/run", userKey: nil, json: [:])
                        guard reply.status == .ok else { throw TestFailure("settlement run failed: \(reply.status.code) \(reply.text)") }
                        return reply["success"]["settled"].int ?? -1
                    }
                }
                var settled: [Int] = []
                for try await count in group { settled.append(count) }
                return settled
            }
            #expect(runs.allSatisfy { $0 >= 0 } && runs.reduce(0, +) <= paid.count, "runs settled \(runs)")
            try await Task.sleep(for: .milliseconds(2_500))

            for (index, token) in paid.enumerated() {
                let payment = try await Self.status(servers[index % 3], userKey: "settle-buyer-\((index + 4) % 4)", token: token, orderNo: "settle-\(index + 4)")
                let state = payment["payStatus"].string
                #expect(state == "SETTLEMENT_COMPLETE" || state == "SETTLEMENT_REFUND_COMPLETE", "\(token) is \(state ?? "?")")
            }
            let settles = try await database.rows("SELECT pay_token, COUNT(*)::bigint FROM journal_entries WHERE kind = 'SETTLE' GROUP BY pay_token")
            var settleCount: [String: Int64] = [:]
            for row in settles {
                let (token, count) = try row.decode((String, Int64).self)
                settleCount[token] = count
            }
            #expect(Set(settleCount.keys) == Set(paid), "settled payments differ from paid ones")
            #expect(settleCount.values.allSatisfy { $0 == 1 }, "a payment was settled more than once: \(settleCount)")
            let stored = try await database.rows("SELECT pay_token, status FROM payments")
            for row in stored {
                let (token, status) = try row.decode((String, String).self)
                if waiting.contains(token) { #expect(status == "PAY_CANCEL", "expired \(token) stored as \(status)") }
            }
            try await Self.verify(database)
        }
    }
}

/// What one API call answered, in Sendable form.
struct Outcome: Sendable {
    let payment: Int
    let kind: String
    let refundNo: String?
    let status: Int
    let resultType: String?
    let errorCode: String?
    let payToken: String?

    init(payment: Int, kind: String, refundNo: String?, reply: Reply) {
        self.payment = payment
        self.kind = kind
        self.refundNo = refundNo
        self.status = reply.status.code
        self.resultType = reply.resultType
        self.errorCode = reply.errorCode
        self.payToken = reply["success"]["payToken"].string
    }
}

/// A count shared by test tasks.
actor Counter {
    var value = 0
    func increment() { value += 1 }
}

/// A one-way switch shared by test tasks.
final class Flag: Sendable {
    private let state = Mutex(false)
    var isSet: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}

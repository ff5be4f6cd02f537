import Foundation
import Testing
import TossPayTestSupport

/// SPEC §4: an operation answered SUCCESS survives `kill -9`, and no money is lost or created.
@Suite("Crash durability", .serialized)
struct CrashDurabilityTests {
    static let pay = partnerPath

    /// What the clients saw succeed.
    actor Acknowledged {
        var made: [String: (userKey: String, orderNo: String, amount: Int)] = [:]
        var executed: Set<String> = []
        var refunded: [String: Int] = [:]
        func make(_ token: String, _ userKey: String, _ orderNo: String, _ amount: Int) { made[token] = (userKey, orderNo, amount) }
        func execute(_ token: String) { executed.insert(token) }
        func refund(_ token: String, _ amount: Int) { refunded[token, default: 0] += amount }
    }

    /// One buyer's loop: create → authorize → execute → refund part, until the server dies.
    static func lifecycle(server: String, userKey: String, worker: Int, round: Int, acknowledged: Acknowledged) async {
        var sequence = 0
        while true {
            sequence += 1
            let amount = 1_000 + (worker * 37 + sequence * 101) % 9_000
            let orderNo = "crash-\(round)-\(worker)-\(sequence)"
            guard let made = try? await LiveHTTP.shared.post("\(server)\(pay)/make-payment", userKey: userKey, json: [
                "orderNo": orderNo, "productDesc": "상품", "amount": amount,
                "amountTaxFree": 0, "isTestPayment": true,
            ]) else { return }
            guard made.status == .ok, let token = made["success"]["payToken"].string else { continue }
            await acknowledged.make(token, userKey, orderNo, amount)
            guard let authorized = try? await LiveHTTP.shared.post("\(server)/sandbox/v1/checkout/authorize", userKey: userKey, json: [
                "payToken": token, "payMethod": "TOSS_MONEY",
            ]), authorized.status == .ok else { return }
            guard let executed = try? await LiveHTTP.shared.post("\(server)\(pay)/execute-payment", userKey: userKey, json: [
                "payToken": token, "isTestPayment": true,
            ]) else { return }
            guard executed.status == .ok else { continue }
            await acknowledged.execute(token)
            let part = amount / 3
            guard let refunded = try? await LiveHTTP.shared.post("\(server)\(pay)/refund-payment", userKey: userKey, json: [
                "payToken": token, "reason": "부분 환불", "amount": part, "isTestPayment": true,
            ]) else { return }
            if refunded.status == .ok { await acknowledged.refund(token, part) }
        }
    }

    @Test func acknowledgedOperationsSurviveRepeatedSigkill() async throws {
        let directory = try temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/tosspay.sqlite"
        let acknowledged = Acknowledged()
        let workers = 6
        var generator = SystemRandomNumberGenerator()

        for round in 1...3 {
            let server = try await ServerProcess(databasePath: database)
            let killAfter = Duration.milliseconds(Int.random(in: 400...1_500, using: &generator))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        await Self.lifecycle(
                            server: server.baseURL, userKey: "crash-buyer-\(worker)", worker: worker, round: round,
                            acknowledged: acknowledged
                        )
                    }
                }
                try await Task.sleep(for: killAfter)
                server.kill9()
                try await group.waitForAll()
            }
        }

        let server = try await ServerProcess(databasePath: database)
        defer { server.kill9() }
        // `tosspay verify` finds the store consistent after the kills.
        let report = try await runTossPay(["verify", "--database", database], in: (database as NSString).deletingLastPathComponent)
        #expect(report.status == 0, "tosspay verify: \(report.output)")
        #expect(report.output.contains("no violations"))
        let made = await acknowledged.made
        let executed = await acknowledged.executed
        let refunded = await acknowledged.refunded
        #expect(executed.count > 0, "the workload executed nothing before the kills; the test proved nothing")

        var chargedPerBuyer: [String: Int] = [:]
        for (token, info) in made {
            let reply = try await LiveHTTP.shared.post("\(server.baseURL)\(Self.pay)/get-payment-status", userKey: info.userKey, json: [
                "payToken": token, "orderNo": info.orderNo, "isTestPayment": true,
            ])
            #expect(reply.status == .ok, "acknowledged payment \(token) is missing after SIGKILL")
            let payment = reply["success"]
            let transactions = payment["transactions"].objects ?? []
            let pays = transactions.filter { $0["stepType"].string == "PAY" }
            let refundSum = transactions.filter { $0["stepType"].string == "REFUND" }
                .reduce(0) { $0 - ($1["transactionAmount"].int ?? 0) }
            #expect(pays.count <= 1, "payment \(token) was charged \(pays.count) times")
            if executed.contains(token) {
                #expect(pays.count == 1, "acknowledged execute of \(token) was lost")
            }
            if let acked = refunded[token] {
                #expect(refundSum >= acked, "acknowledged refund of \(token) was lost")
            }
            let amount = payment["amount"].int ?? 0
            if pays.count == 1 {
                #expect(payment["refundableAmount"].int == amount - refundSum)
                chargedPerBuyer[info.userKey, default: 0] += amount - refundSum
            }
        }
        // Money is conserved: each buyer's Toss Money plus bank equals the opening balances less
        // what its payments kept.
        for worker in 0..<workers {
            let userKey = "crash-buyer-\(worker)"
            let user = try await LiveHTTP.shared.get("\(server.baseURL)/sandbox/v1/users/\(userKey)")["success"]
            let money = user["tossMoneyBalance"].int ?? -1
            let bank = user["bankAccount"]["balance"].int ?? -1
            #expect(money + bank == 11_000_000 - chargedPerBuyer[userKey, default: 0], "buyer \(userKey) balance drifted")
        }
    }

    @Test func sigtermStopsTheServerCleanly() async throws {
        let directory = try temporaryDirectory("sigterm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await ServerProcess(databasePath: directory + "/tosspay.sqlite")
        let exitStatus = await server.terminate()
        #expect(exitStatus == 0, "server did not exit cleanly on SIGTERM: \(server.logTail())")
    }

    @Test func portAndDatabaseComeFromTheEnvironment() async throws {
        let directory = try temporaryDirectory("env")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await ServerProcess(databasePath: directory + "/tosspay.sqlite", portViaEnvironment: true)
        defer { server.kill9() }
        let health = try await LiveHTTP.shared.get("\(server.baseURL)/health")
        #expect(health.status == .ok)
        #expect(health.resultType == "SUCCESS")
        #expect(FileManager.default.fileExists(atPath: directory + "/tosspay.sqlite"))
    }

    @Test func aBadConfigurationValueFailsAtStartNamingTheKey() async throws {
        let scratch = try temporaryDirectory("bad-config")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let run = try await runTossPay(
            ["serve", "--database", scratch + "/unused.sqlite"], in: scratch, environment: ["TOSSPAY_HTTP_PORT": "eighty"]
        )
        let message = run.output
        #expect(run.status != 0 && run.status != nil)
        #expect(message.contains("http.port"), "message was: \(message)")
    }
}

import Foundation
import PostgresNIO
import Testing
import TossPayCore
@testable import TossPayStorage
import TossPayTestSupport

/// SPEC §8 "Upgrades", on committed databases written by the binary from before per-merchant
/// worlds (commit 5c13459, `Tests/Fixtures/before-issue-11/`): a SQLite file and a PostgreSQL
/// dump holding a buyer shared by two merchants, a partial refund, a settled payment, a buyer
/// with a full card number and an unused buyer. After the upgrade `tosspay verify` finds
/// nothing, each merchant has its own copy of the shared buyer with the balances it had, the
/// unused buyer is the sandbox merchant's, every payment is where it was, no card number is
/// kept in full, every merchant runs on the clock offset of before — and the ledger keeps
/// working on the result.
@Suite("Upgrade from before per-merchant worlds: committed SQLite file and PostgreSQL dump")
struct UpgradeFromBeforeIssue11Tests {
    static let fixtures = packageRoot() + "/Tests/Fixtures/before-issue-11"

    /// What the old server showed at the end of the scenario (`manifest.json`).
    struct Section: Decodable {
        struct MerchantKeys: Decodable {
            var merchantId: String
            var name: String
            var testApiKey: String
        }

        struct PaymentRow: Decodable {
            var label: String
            var merchant: String
            var merchantId: String
            var userKey: String
            var payToken: String
            var orderNo: String
            var payStatus: String
            var amount: Int64
            var refundableAmount: Int64
            var refundedAmount: Int64
        }

        struct Buyer: Decodable {
            struct Card: Decodable {
                var cardCompanyCode: Int
                var cardNumber: String
                var used: Int64
            }

            struct Account: Decodable { var balance: Int64 }

            var tossMoneyBalance: Int64
            var points: Int64
            var bankAccount: Account?
            var cards: [Card]
            var usedByMerchants: [String]
        }

        struct Clock: Decodable { var offsetSeconds: Int64 }

        var merchants: [String: MerchantKeys]
        var payments: [PaymentRow]
        var users: [String: Buyer]
        var clock: Clock

        func merchantId(_ label: String) -> String { merchants[label]?.merchantId ?? label }
    }

    static func section(_ name: String) throws -> Section {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/manifest.json"))
        let sections = try JSONDecoder().decode([String: Section].self, from: try Self.sectionsOnly(data))
        return try #require(sections[name])
    }

    /// The manifest's `sqlite` and `postgres` sections (it also holds prose about the scenario).
    static func sectionsOnly(_ data: Data) throws -> Data {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try JSONSerialization.data(withJSONObject: object.filter { $0.key == "sqlite" || $0.key == "postgres" })
    }

    // MARK: SQLite

    @Test func theCommittedSQLiteFileUpgradesAndVerifiesClean() async throws {
        let directory = try temporaryDirectory("upgrade-11")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = directory + "/before.sqlite"
        // A copy: opening a database switches it to WAL mode and migrates it.
        try FileManager.default.copyItem(atPath: Self.fixtures + "/tosspay-before-11.sqlite", toPath: copy)
        let manifest = try Self.section("sqlite")

        let verified = try await runTossPay(["verify", "--database", copy], in: directory)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("checked 6 payments and 5 buyers: no violations"), "\(verified.output)")

        let store = try await SQLitePaymentStore.open(path: copy, logger: quietLogger())
        do {
            try await Self.expectUpgraded(store, manifest)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    // MARK: PostgreSQL

    @Test(.enabled(if: PostgresTestDatabase.enabled, "PostgreSQL tests skipped: TOSSPAY_TEST_POSTGRES_URL not set"))
    func theCommittedPostgresDumpUpgradesAndVerifiesClean() async throws {
        let database = try await PostgresTestDatabase.create(prefix: "upgrade11")
        let directory = try temporaryDirectory("upgrade-11-pg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try await Self.restore(Self.fixtures + "/tosspay-before-11.postgres.sql", into: database, directory: directory)
            let manifest = try Self.section("postgres")

            let verified = try await runTossPay(["verify", "--database", database.url(poolSize: 2)], in: directory)
            #expect(verified.status == 0, "\(verified.output)")
            #expect(verified.output.contains("checked 6 payments and 5 buyers: no violations"), "\(verified.output)")

            let store = try await PaymentStores.open(database.url(poolSize: 4), logger: quietLogger())
            do {
                try await Self.expectUpgraded(store, manifest)
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    /// Runs the plain-SQL dump with `psql` (it is a pg_dump, made for psql).
    static func restore(_ dump: String, into database: PostgresTestDatabase, directory: String) async throws {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/psql" } + ["/usr/bin/psql"]
        let psql = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "psql not found")
        let admin = database.admin
        var environment = ["PGUSER": admin.username, "PGHOST": admin.socketFolder ?? admin.host, "PGPORT": String(admin.port)]
        if let password = admin.password { environment["PGPASSWORD"] = password }
        let output = directory + "/psql.out"
        let process = try ChildProcess(
            executable: psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database.name, "-f", dump],
            environment: environment, standardOutput: output, standardError: output
        )
        let status = await process.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "psql: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
    }

    // MARK: What the upgrade must leave

    static func expectUpgraded(_ store: any PaymentStore, _ manifest: Section) async throws {
        let a = manifest.merchantId("A")
        let b = manifest.merchantId("B")
        let worlds = [a, b, Merchant.sandboxId]

        // Every payment is where it was, with the same amounts.
        for row in manifest.payments {
            let payment = try #require(try await store.read { try await $0.payment(token: row.payToken) }, "\(row.label)")
            #expect(payment.merchantId == row.merchantId, "\(row.label)")
            #expect(payment.userKey == row.userKey)
            #expect(payment.orderNo == row.orderNo)
            #expect(payment.amount == row.amount)
            #expect(payment.refundableAmount == row.refundableAmount, "\(row.label)")
            #expect(payment.refunded.total == row.refundedAmount, "\(row.label)")
            #expect(payment.status.rawValue == row.payStatus, "\(row.label) as stored")
        }

        // Each buyer is in the world of every merchant that used it (the unused one: the
        // sandbox merchant's) with the balances the old server showed, and nowhere else.
        for (userKey, shown) in manifest.users {
            let owners = shown.usedByMerchants.isEmpty ? [Merchant.sandboxId] : shown.usedByMerchants.map(manifest.merchantId)
            for world in worlds {
                let buyer = try await store.read { try await $0.user(merchantId: world, key: userKey) }
                guard owners.contains(world) else {
                    #expect(buyer == nil, "\(userKey) must not be in \(world)'s world")
                    continue
                }
                let copy = try #require(buyer, "\(userKey) in \(world)'s world")
                #expect(copy.merchantId == world)
                #expect(copy.tossMoneyBalance == shown.tossMoneyBalance, "\(userKey) at \(world)")
                #expect(copy.points == shown.points)
                #expect(copy.bankAccount?.balance == shown.bankAccount?.balance)
                #expect(copy.cards.map(\.companyCode) == shown.cards.map(\.cardCompanyCode))
                for card in shown.cards {
                    #expect(copy.card(company: card.cardCompanyCode)?.used == card.used, "\(userKey) card \(card.cardCompanyCode)")
                    #expect(copy.card(company: card.cardCompanyCode)?.number == card.cardNumber, "kept as shown: BIN6 + last 4")
                }
            }
        }
        let fullCard = try #require(try await store.read { try await $0.user(merchantId: a, key: "full-card-buyer") })
        #expect(fullCard.card(company: 4)?.number == "541234******9876")
        #expect(try await Self.rawUsers(store).allSatisfy { !$0.contains("5412345678909876") }, "no full card number is stored")

        // Every buyer account names its merchant, and each merchant's accounts hold its sales.
        let buyerAccounts = try await store.read { try await $0.accountBalances(prefix: "buyer:") }
        #expect(!buyerAccounts.isEmpty)
        for account in buyerAccounts.keys {
            #expect(worlds.contains { account.hasPrefix("buyer:\($0):") }, "\(account) is not a merchant's buyer account")
        }
        for (label, merchantId) in [("A", a), ("B", b)] {
            let accounts = try await store.read { try await $0.accountBalances(prefix: "merchant:\(merchantId):") }
            let rows = manifest.payments.filter { $0.merchant == label }
            let settled = rows.filter { ["SETTLEMENT_COMPLETE", "SETTLEMENT_REFUND_COMPLETE"].contains($0.payStatus) }
            let open = rows.filter { ["PAY_COMPLETE", "REFUND_SUCCESS"].contains($0.payStatus) }
            #expect(!open.isEmpty)
            #expect(accounts[JournalEntry.Account.sales(merchantId), default: 0] == open.reduce(0) { $0 + $1.refundableAmount }, "\(label) sales")
            #expect(accounts[JournalEntry.Account.settled(merchantId), default: 0] == settled.reduce(0) { $0 + $1.refundableAmount }, "\(label) settled")
        }

        let report = try await LedgerVerifier(store: store).run()
        #expect(report.violations.isEmpty, "\(report.violations)")
        #expect(report.payments == 6)
        #expect(report.buyers == 5, "shared-buyer at A and at B, alpha-only, full-card-buyer, unused-buyer")

        // Every merchant inherits the clock offset of before.
        let clock = SandboxClock()
        try await clock.load(from: store)
        for world in worlds {
            let offset = try await store.read { try await clock.offset(merchantId: world, in: $0) }
            #expect(offset == manifest.clock.offsetSeconds * 1000, "\(world)'s clock")
        }

        // The ledger works on the result: A refunds the rest of its shared payment; A's copy of
        // the buyer gets it back, B's copy does not move.
        let ledger = PaymentLedger(store: store, clock: clock)
        let shared = try #require(manifest.payments.first { $0.merchant == "A" && $0.userKey == "shared-buyer" && $0.refundedAmount > 0 })
        let merchantA = try #require(try await ledger.merchant(id: a))
        let bBefore = try await ledger.user("shared-buyer", merchantId: b)
        let aBefore = try await ledger.user("shared-buyer", merchantId: a)
        let refund = try await ledger.refund(
            merchant: merchantA, userKey: "shared-buyer", request: RefundPaymentRequest(payToken: shared.payToken, reason: "업그레이드 후", mode: .test)
        )
        #expect(refund.payment.refundableAmount == 0)
        #expect(try await ledger.user("shared-buyer", merchantId: a).tossMoneyBalance == aBefore.tossMoneyBalance + shared.refundableAmount)
        #expect(try await ledger.user("shared-buyer", merchantId: b) == bBefore)
        let after = try await LedgerVerifier(store: store).run()
        #expect(after.violations.isEmpty, "\(after.violations)")
    }

    /// Every stored buyer record as text, read behind the store's back.
    static func rawUsers(_ store: any PaymentStore) async throws -> [String] {
        try await store.read { transaction in
            if let sqlite = transaction as? SQLiteStoreTransaction {
                return try await sqlite.query("SELECT record FROM users").map { row in
                    guard case .text(let text)? = row.values.first else { throw TestFailure("not text: \(row)") }
                    return text
                }
            }
            if let postgres = transaction as? PostgresStoreTransaction {
                return try await postgres.query(PostgresQuery(unsafeSQL: "SELECT record FROM users")).map { try $0.decode(String.self) }
            }
            throw TestFailure("unknown backend \(type(of: transaction))")
        }
    }
}

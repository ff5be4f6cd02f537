import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TossPayCore
import TossPayTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// SPEC §8 shared deployments over a real process: `tosspay serve --host 0.0.0.0 --sandbox on`,
/// the setting of a sandbox that several merchants (teams, CI jobs) reach over the network.
///
/// Bound to 0.0.0.0 the server is not loopback-only, so open mode is off (every control but
/// `POST /sandbox/v1/merchants` needs a key, even from 127.0.0.1) and the Host check is off
/// (it answers whatever name it was reached by). Merchant B builds its own sandbox world — a
/// buyer, its clock, a promotion, bank maintenance windows, payments in four states — and
/// records it. Merchant A, another tenant on the same server, then aims every control, partner
/// route, the manage route and the console at B's ids, payTokens, orderNos, userKey and key
/// fingerprint: with its own key, with no key, and with B's merchantId in paths. Each attempt
/// must be refused with the exact answer of docs/api.md, and afterwards B's world must read
/// exactly as before — also after a restart with a fast background sweep that works through
/// every merchant's clock — while A's own world visibly changed (so the attempts did reach the
/// server and were refused, not lost).
///
/// B works over 127.0.0.1; A works over the machine's non-loopback address when it has one
/// (skipped, with a note, when it has none), as a second tenant on the network would.
@Suite("Shared sandbox: two merchants on 0.0.0.0, processes", .serialized)
struct SharedSandboxProcessTests {
    // MARK: Scenario constants

    /// The userKey both merchants use: in each merchant's world it names a different buyer.
    static let sharedUserKey = "shared-person"
    /// How far A moves its own clock: past the 365-day settlement period of anything it paid.
    static let fourHundredDays = 400 * 86_400
    /// A's second advance, in phase 1, that makes A's second payment due for settlement.
    static let threeHundredSixtySixDays = 366 * 86_400
    /// How far B moves its own clock first: a non-base offset that must survive A's advances
    /// and a restart, yet far from the 900 s expiry of B's waiting payments.
    static let bClockAdvance = 120
    /// B's daily bank maintenance window; A tries to replace it with a whole-day one.
    static let bWindows = ["03:00-03:30"]
    static let aWindows = ["00:00-23:59"]

    // MARK: Tests

    @Test("A's attacks leave B's sandbox world unchanged (SQLite)")
    func sqlite() async throws {
        let directory = try temporaryDirectory("shared-sandbox")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.run(database: directory + "/tosspay.sqlite", databaseURL: nil, directory: directory)
    }

    @Test(
        "A's attacks leave B's sandbox world unchanged (PostgreSQL)",
        .enabled(if: PostgresTestDatabase.adminURL != nil, "TOSSPAY_TEST_POSTGRES_URL not set")
    )
    func postgres() async throws {
        let directory = try temporaryDirectory("shared-sandbox-pg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try await PostgresTestDatabase.create(prefix: "shared")
        do {
            try await Self.run(database: directory + "/pg", databaseURL: database.url(poolSize: 4), directory: directory)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    // MARK: The scenario

    static func run(database: String, databaseURL: String?, directory: String) async throws {
        let location = databaseURL ?? database
        // The background sweep is slowed to once an hour in phase 1, so that the settlement
        // route's count is exactly what A had due (the sweep would otherwise race it). Phase 2
        // restarts with a one-second sweep to put the background path to the same test.
        let server = try await startServer(database: database, databaseURL: databaseURL, sweepSeconds: 3_600)
        defer { server.kill9() }

        let loopback = "http://127.0.0.1:\(server.port)"
        let lanAddress = nonLoopbackIPv4Address()
        if lanAddress == nil { print("SharedSandboxProcessTests: no non-loopback IPv4 address; A works over 127.0.0.1 too") }
        let lan = lanAddress.map { "http://\($0):\(server.port)" }
        // Reached on every address: the server is bound to 0.0.0.0, and does not check Host.
        #expect(try await LiveHTTP.shared.get("\(loopback)/health").status.code == 200)
        if let lan { #expect(try await LiveHTTP.shared.get("\(lan)/health").status.code == 200, "health over \(lan)") }

        // Open mode is off on 0.0.0.0 even for a caller on loopback: without a key nothing
        // acts as the built-in sandbox merchant.
        let anonymousLoopback = Caller(base: loopback, key: nil)
        expectRefused(try await anonymousLoopback.call(.get, "/sandbox/v1/clock"), 401, "COMMON_UNAUTHORIZED", "keyless clock on loopback")

        // 1. Two merchants, created without credentials (the one keyless control).
        let merchantB = try await createMerchant(on: loopback, name: "가맹점 B")
        let merchantA = try await createMerchant(on: lan ?? loopback, name: "가맹점 A")
        #expect(merchantA.id != merchantB.id)
        let b = Caller(base: loopback, key: merchantB.testKey, merchantId: merchantB.id)
        let a = Caller(base: lan ?? loopback, key: merchantA.testKey)
        let fingerprintB = try await sha256Prefix(merchantB.testKey, in: directory)

        // 2. B builds its world with its own key.
        let world = try await buildWorldOfB(b, merchantId: merchantB.id)
        let before = try await snapshot(of: b, world: world)
        checkSnapshotValues(before, world: world)

        // 3. A, a second tenant, first acts on its own world (these must succeed)…
        let aOwn = try await actOnOwnWorld(a, merchantId: merchantA.id, borrowedOrderNo: world.complete.orderNo)
        // …then attacks B's world: without a key (from loopback and from the network), with
        // its own key and B's ids, and in the console.
        for caller in [anonymousLoopback] + (lan.map { [Caller(base: $0, key: nil)] } ?? []) {
            try await attackWithoutKey(caller, world: world, merchantIdB: merchantB.id, fingerprintB: fingerprintB)
        }
        try await attackWithOwnKey(a, world: world, merchantIdA: merchantA.id, merchantIdB: merchantB.id, fingerprintB: fingerprintB, aOwn: aOwn)
        try await consoleChecks(
            base: lan ?? loopback, keyA: merchantA.testKey, keyB: merchantB.testKey, fingerprintB: fingerprintB, world: world, aOwn: aOwn
        )

        // 4a. A's world did change where A acted on itself: the attempts above reached a
        // working server under A's credentials.
        try await checkOwnWorldOfA(a, merchantId: merchantA.id, aOwn: aOwn)
        // A pays once more and moves its clock past that payment's settlement date; the slow
        // sweep leaves it PAY_COMPLETE, for phase 2's background sweep to settle.
        let dueLaterOrderNo = newOrderNo("a-due-later")
        let dueLater = try await payByCard(a, orderNo: dueLaterOrderNo, amount: 5_000)
        let advanced = try await a.call(.post, "/sandbox/v1/clock/advance", ["seconds": threeHundredSixtySixDays]).requireSuccess()
        #expect(advanced["offsetSeconds"].int == fourHundredDays + threeHundredSixtySixDays, "A's clock, second advance")
        #expect(try await paymentStatus(a, dueLater, orderNo: dueLaterOrderNo) == "PAY_COMPLETE", "no sweep ran in phase 1: \(dueLater) still waits")

        // 4b. B's snapshot is unchanged, field by field.
        compare(try await snapshot(of: b, world: world), with: before, after: "A's attacks")

        // Phase 2: the same database behind a new process whose background sweep runs every
        // second. It expires and settles per merchant clock across all merchants in one
        // transaction; once A's due payment reads settled, that pass also went over B.
        #expect(await server.terminate(timeout: .seconds(60)) == 0, "clean exit on SIGTERM: \(server.logTail())")
        let second = try await startServer(database: database, databaseURL: databaseURL, sweepSeconds: 1)
        defer { second.kill9() }
        let loopback2 = "http://127.0.0.1:\(second.port)"
        let lan2 = lanAddress.map { "http://\($0):\(second.port)" }
        let b2 = Caller(base: loopback2, key: merchantB.testKey, merchantId: merchantB.id)
        let a2 = Caller(base: lan2 ?? loopback2, key: merchantA.testKey)
        try await waitForBackgroundSettlement(a2, payToken: dueLater, orderNo: dueLaterOrderNo, server: second)
        compare(try await snapshot(of: b2, world: world), with: before, after: "a restart and background sweeps on A's clock")

        // B's world still works for B: its key authenticates, and its approved card payment
        // executes for the promotion-discounted amount on B's own buyer.
        let executed = try await b2.call(
            .post, partnerPath + "/execute-payment", ["payToken": world.approved.payToken, "isTestPayment": true], userKey: sharedUserKey
        ).requireSuccess()
        #expect(executed["paidAmount"].int == 11_000, "12,000 − B's 1,000 promotion")
        #expect(try await paymentStatus(b2, world.approved.payToken, orderNo: world.approved.orderNo) == "PAY_COMPLETE")
        let buyerAfter = try await b2.call(.get, "/sandbox/v1/users/\(sharedUserKey)").requireSuccess()
        #expect(buyerAfter["tossMoneyBalance"] == before.buyer["tossMoneyBalance"], "a card payment leaves Toss Money as it was")
        #expect(cardUsed(buyerAfter, company: 4) == 11_000, "B's buyer's card 4 carries exactly B's payment")
        // Both of B's keys still work (A could not revoke the test key).
        let clockByLiveKey = try await Caller(base: loopback2, key: merchantB.liveKey).call(.get, "/sandbox/v1/clock").requireSuccess()
        #expect(clockByLiveKey["offsetSeconds"].int == bClockAdvance)

        // The journal balances and every payment's steps agree with its status.
        #expect(await second.terminate(timeout: .seconds(60)) == 0, "clean exit on SIGTERM: \(second.logTail())")
        let verified = try await runTossPay(["verify", "--database", location], in: directory)
        #expect(verified.status == 0, "tosspay verify: \(verified.output)")
        #expect(verified.output.contains("no violations"), "\(verified.output)")
    }

    // MARK: Step 2: B's world

    /// A payment as its merchant made it (B's four, and A's own).
    struct MadePayment {
        let label: String
        let orderNo: String
        let payToken: String
        let amount: Int
    }

    /// What B set up: the promotion and four payments in four states.
    struct WorldOfB {
        let promotionId: String
        /// Made only: PAY_STANDBY.
        let standby: MadePayment
        /// Made and authorized by card 4: PAY_APPROVED.
        let approved: MadePayment
        /// Executed with Toss Money and 200 points: PAY_COMPLETE.
        let complete: MadePayment
        /// Executed with Toss Money, then 10,000 won refunded: REFUND_SUCCESS.
        let refunded: MadePayment
        /// What B's refund returned to the buyer's Toss Money.
        let refundedPaidAmount: Int

        var payments: [MadePayment] { [standby, approved, complete, refunded] }
    }

    static func buildWorldOfB(_ b: Caller, merchantId: String) async throws -> WorldOfB {
        // B's own clock, a little ahead: a per-merchant offset that A's advances must not touch.
        let clock = try await b.call(.post, "/sandbox/v1/clock/advance", ["seconds": bClockAdvance]).requireSuccess()
        #expect(clock["offsetSeconds"].int == bClockAdvance)
        let buyer = try await b.call(
            .post, "/sandbox/v1/users", ["userKey": sharedUserKey, "tossMoneyBalance": 70_000, "points": 500]
        ).requireSuccess()
        #expect(buyer["tossMoneyBalance"].int == 70_000)
        let promotion = try await b.call(.post, "/sandbox/v1/merchants/\(merchantId)/promotions", ["discountAmount": 1_000]).requireSuccess()
        let promotionId = try #require(promotion["promotionId"].string)

        let standby = try await make(b, label: "B standby", amount: 5_000)

        let approved = try await make(b, label: "B approved", amount: 12_000)
        let authorized = try await b.call(
            .post, "/sandbox/v1/checkout/authorize", ["payToken": approved.payToken, "payMethod": "CARD", "cardCompanyCode": 4],
            userKey: sharedUserKey
        ).requireSuccess()
        #expect(authorized["payStatus"].string == "PAY_APPROVED")
        #expect(authorized["promotionAmount"].int == 1_000, "B's promotion applies to B's payment")

        let complete = try await make(b, label: "B complete", amount: 20_000)
        try await b.call(
            .post, "/sandbox/v1/checkout/authorize", ["payToken": complete.payToken, "payMethod": "TOSS_MONEY", "points": 200],
            userKey: sharedUserKey
        ).requireSuccess()
        let paid = try await b.call(
            .post, partnerPath + "/execute-payment", ["payToken": complete.payToken, "isTestPayment": true], userKey: sharedUserKey
        ).requireSuccess()
        #expect(paid["paidAmount"].int == 18_800, "20,000 − 1,000 promotion − 200 points")

        let refunded = try await make(b, label: "B refunded", amount: 30_000)
        try await b.call(
            .post, "/sandbox/v1/checkout/authorize", ["payToken": refunded.payToken, "payMethod": "TOSS_MONEY"], userKey: sharedUserKey
        ).requireSuccess()
        try await b.call(
            .post, partnerPath + "/execute-payment", ["payToken": refunded.payToken, "isTestPayment": true], userKey: sharedUserKey
        ).requireSuccess()
        let refund = try await b.call(
            .post, partnerPath + "/refund-payment",
            ["payToken": refunded.payToken, "amount": 10_000, "reason": "부분 환불", "isTestPayment": true], userKey: sharedUserKey
        ).requireSuccess()
        let refundedPaidAmount = try #require(refund["refundedPaidAmount"].int)

        // The windows go in last, so that B's Toss Money steps above never meet one whatever
        // the time of day; afterwards B only pays by card, which maintenance does not stop.
        let windows = try await b.call(.put, "/sandbox/v1/bank-maintenance", ["windows": bWindows]).requireSuccess()
        #expect(windows["windows"].strings == bWindows)

        return WorldOfB(
            promotionId: promotionId, standby: standby, approved: approved, complete: complete, refunded: refunded,
            refundedPaidAmount: refundedPaidAmount
        )
    }

    /// Everything B can read of its world; every field must read the same after A's attempts.
    struct Snapshot {
        var clockOffsetSeconds: Int?
        /// `GET /sandbox/v1/users/shared-person` as B sees it: balances, points, account, cards.
        var buyer: JSONValue?
        /// `GET …/promotions`: the whole list.
        var promotions: JSONValue?
        var windows: [String]?
        /// get-payment-status of each payment by payToken and orderNo: status, amounts, transactions, times.
        var statuses: [String: JSONValue] = [:]
    }

    static func snapshot(of b: Caller, world: WorldOfB) async throws -> Snapshot {
        var snapshot = Snapshot()
        snapshot.clockOffsetSeconds = try await b.call(.get, "/sandbox/v1/clock").requireSuccess()["offsetSeconds"].int
        snapshot.buyer = .object(try await b.call(.get, "/sandbox/v1/users/\(sharedUserKey)").requireSuccess())
        let merchantId = try #require(b.merchantId)
        snapshot.promotions = try await b.call(.get, "/sandbox/v1/merchants/\(merchantId)/promotions").requireSuccess()["promotions"]
        // Only the windows: `inMaintenance` depends on the time of day, not on anyone's action.
        snapshot.windows = try await b.call(.get, "/sandbox/v1/bank-maintenance").requireSuccess()["windows"].strings
        for payment in world.payments {
            let status = try await b.call(
                .post, partnerPath + "/get-payment-status", ["payToken": payment.payToken, "orderNo": payment.orderNo, "isTestPayment": true],
                userKey: sharedUserKey
            ).requireSuccess()
            snapshot.statuses[payment.payToken] = .object(status)
        }
        return snapshot
    }

    /// The values B's snapshot must hold right after B built its world, so the comparison
    /// later is against known-good numbers rather than whatever came back.
    static func checkSnapshotValues(_ snapshot: Snapshot, world: WorldOfB) {
        #expect(snapshot.clockOffsetSeconds == bClockAdvance)
        // 70,000 − 18,800 (complete) − 29,000 (refunded, after the 1,000 promotion) + the refund.
        #expect(snapshot.buyer["tossMoneyBalance"].int == 70_000 - 18_800 - 29_000 + world.refundedPaidAmount)
        #expect(snapshot.buyer["points"].int == 300, "500 − the 200 points of the complete payment")
        #expect(cardUsed(snapshot.buyer?.object ?? [:], company: 4) == 0, "the approved card payment is not charged yet")
        #expect(snapshot.promotions.objects?.count == 1)
        #expect(snapshot.promotions[0]["promotionId"].string == world.promotionId)
        #expect(snapshot.promotions[0]["discountAmount"].int == 1_000)
        #expect(snapshot.windows == bWindows)
        let expected: [(MadePayment, String, Int, Int)] = [
            // payment, payStatus, transactions, refundableAmount
            (world.standby, "PAY_STANDBY", 0, 0),
            (world.approved, "PAY_APPROVED", 0, 0),
            (world.complete, "PAY_COMPLETE", 1, 20_000),
            (world.refunded, "REFUND_SUCCESS", 2, 20_000),
        ]
        for (payment, payStatus, steps, refundable) in expected {
            let status = snapshot.statuses[payment.payToken]
            #expect(status["payStatus"].string == payStatus, "\(payment.label)")
            #expect(status["amount"].int == payment.amount, "\(payment.label)")
            #expect(status["transactions"].array?.count == steps, "\(payment.label)")
            #expect(status["refundableAmount"].int == refundable, "\(payment.label)")
            #expect(status["orderNo"].string == payment.orderNo, "\(payment.label)")
        }
    }

    /// Each part of `after` equals `before`; a difference names the part.
    static func compare(_ after: Snapshot, with before: Snapshot, after event: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(after.clockOffsetSeconds == before.clockOffsetSeconds, "B's clock after \(event)", sourceLocation: sourceLocation)
        #expect(after.buyer == before.buyer, "B's buyer \(sharedUserKey) after \(event)", sourceLocation: sourceLocation)
        #expect(after.promotions == before.promotions, "B's promotions after \(event)", sourceLocation: sourceLocation)
        #expect(after.windows == before.windows, "B's bank maintenance windows after \(event)", sourceLocation: sourceLocation)
        #expect(after.statuses.count == before.statuses.count, sourceLocation: sourceLocation)
        for (token, status) in before.statuses {
            #expect(after.statuses[token] == status, "B's payment \(token) after \(event)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Step 3: A on its own world

    /// What A did to itself: its payment (paid by card, with B's orderNo) and its promotion.
    struct OwnWorldOfA {
        let payToken: String
        let orderNo: String
        let promotionId: String
    }

    static func actOnOwnWorld(_ a: Caller, merchantId: String, borrowedOrderNo: String) async throws -> OwnWorldOfA {
        // The same userKey in A's world is a different, new buyer: the standard one, not B's.
        let fresh = try await a.call(.get, "/sandbox/v1/users/\(sharedUserKey)").requireSuccess()
        #expect(fresh["tossMoneyBalance"].int == 1_000_000, "A's shared-person is the standard new buyer, not B's")
        #expect(fresh["points"].int == 0)
        // A replaces its own shared-person with an empty wallet (B's must keep its 70,000 − …).
        let emptied = try await a.call(.post, "/sandbox/v1/users", ["userKey": sharedUserKey, "tossMoneyBalance": 0]).requireSuccess()
        #expect(emptied["tossMoneyBalance"].int == 0)
        // A's own payment by its shared-person, by card, reusing B's orderNo: orderNos are per
        // merchant, and A's card use lands on A's buyer.
        let token = try await payByCard(a, orderNo: borrowedOrderNo, amount: 5_000)
        // 400 days on A's clock: A's payment is due for settlement there, B's are not on B's.
        let advanced = try await a.call(.post, "/sandbox/v1/clock/advance", ["seconds": fourHundredDays]).requireSuccess()
        #expect(advanced["offsetSeconds"].int == fourHundredDays, "A's clock starts from the base, not from B's offset")
        // Exactly A's one payment is settled: B's two paid payments are not A's to settle, and
        // not due on B's clock anyway.
        let settled = try await a.call(.post, "/sandbox/v1/settlements/run").requireSuccess()
        #expect(settled["settled"].int == 1, "A's settlement run settles A's one due payment only")
        #expect(try await paymentStatus(a, token, orderNo: borrowedOrderNo) == "SETTLEMENT_COMPLETE")
        // A's all-day maintenance is A's alone.
        let windows = try await a.call(.put, "/sandbox/v1/bank-maintenance", ["windows": aWindows]).requireSuccess()
        #expect(windows["windows"].strings == aWindows)
        // A's own promotion, on its own merchant id.
        let promotion = try await a.call(.post, "/sandbox/v1/merchants/\(merchantId)/promotions", ["discountAmount": 2_000]).requireSuccess()
        return OwnWorldOfA(payToken: token, orderNo: borrowedOrderNo, promotionId: try #require(promotion["promotionId"].string))
    }

    static func checkOwnWorldOfA(_ a: Caller, merchantId: String, aOwn: OwnWorldOfA) async throws {
        let clock = try await a.call(.get, "/sandbox/v1/clock").requireSuccess()
        #expect(clock["offsetSeconds"].int == fourHundredDays, "A's clock moved")
        let buyer = try await a.call(.get, "/sandbox/v1/users/\(sharedUserKey)").requireSuccess()
        #expect(buyer["tossMoneyBalance"].int == 0, "A's shared-person holds no Toss Money")
        #expect(cardUsed(buyer, company: 4) == 5_000, "A's card payment is on A's buyer")
        let promotions = try await a.call(.get, "/sandbox/v1/merchants/\(merchantId)/promotions").requireSuccess()
        #expect(promotions["promotions"].objects?.map { $0["promotionId"].string } == [aOwn.promotionId], "A sees only its own promotion")
        let windows = try await a.call(.get, "/sandbox/v1/bank-maintenance").requireSuccess()
        #expect(windows["windows"].strings == aWindows)
        #expect(try await paymentStatus(a, aOwn.payToken, orderNo: aOwn.orderNo) == "SETTLEMENT_COMPLETE")
    }

    // MARK: Step 3: the attacks

    /// Every control and route aimed at B without credentials: 401 `COMMON_UNAUTHORIZED` each,
    /// also from 127.0.0.1 (open mode is off on 0.0.0.0).
    static func attackWithoutKey(_ caller: Caller, world: WorldOfB, merchantIdB: String, fingerprintB: String) async throws {
        let place = "keyless via \(caller.base)"
        let attempts: [(String, Verb, String, [String: Any]?, String?)] = [
            ("GET clock", .get, "/sandbox/v1/clock", nil, nil),
            ("advance clock", .post, "/sandbox/v1/clock/advance", ["seconds": fourHundredDays], nil),
            ("run settlements", .post, "/sandbox/v1/settlements/run", nil, nil),
            ("GET user", .get, "/sandbox/v1/users/\(sharedUserKey)", nil, nil),
            ("save user", .post, "/sandbox/v1/users", ["userKey": sharedUserKey, "tossMoneyBalance": 0], nil),
            ("GET maintenance", .get, "/sandbox/v1/bank-maintenance", nil, nil),
            ("PUT maintenance", .put, "/sandbox/v1/bank-maintenance", ["windows": aWindows], nil),
            ("create B's promotion", .post, "/sandbox/v1/merchants/\(merchantIdB)/promotions", ["discountAmount": 1_000], nil),
            ("list B's promotions", .get, "/sandbox/v1/merchants/\(merchantIdB)/promotions", nil, nil),
            ("delete B's promotion", .delete, "/sandbox/v1/merchants/\(merchantIdB)/promotions/\(world.promotionId)", nil, nil),
            ("authorize B's standby", .post, "/sandbox/v1/checkout/authorize",
             ["payToken": world.standby.payToken, "payMethod": "TOSS_MONEY"], sharedUserKey),
            ("cancel B's approved", .post, "/sandbox/v1/checkout/cancel", ["payToken": world.approved.payToken], sharedUserKey),
            ("execute B's approved", .post, partnerPath + "/execute-payment",
             ["payToken": world.approved.payToken, "isTestPayment": true], sharedUserKey),
            ("refund B's complete", .post, partnerPath + "/refund-payment",
             ["payToken": world.complete.payToken, "reason": "공격", "isTestPayment": true], sharedUserKey),
            ("status of B's refunded", .post, partnerPath + "/get-payment-status",
             ["payToken": world.refunded.payToken, "orderNo": world.refunded.orderNo, "isTestPayment": true], sharedUserKey),
            ("revoke B's key", .delete, "/manage/v1/merchants/\(merchantIdB)/keys/\(fingerprintB)", nil, nil),
        ]
        for (label, verb, path, json, userKey) in attempts {
            expectRefused(try await caller.call(verb, path, json, userKey: userKey), 401, "COMMON_UNAUTHORIZED", "\(label), \(place)")
        }
    }

    /// A with its own key against B's ids, payTokens, orderNos and key: each is refused exactly
    /// as an unknown id or payment would be.
    static func attackWithOwnKey(
        _ a: Caller, world: WorldOfB, merchantIdA: String, merchantIdB: String, fingerprintB: String, aOwn: OwnWorldOfA
    ) async throws {
        // Promotions under B's merchant id: 404, like a merchant that does not exist.
        let promotions = "/sandbox/v1/merchants/\(merchantIdB)/promotions"
        expectRefused(try await a.call(.post, promotions, ["discountAmount": 1_000]), 404, "COMMON_INVALID_PARAMETER", "A creates B's promotion")
        expectRefused(try await a.call(.get, promotions), 404, "COMMON_INVALID_PARAMETER", "A lists B's promotions")
        expectRefused(try await a.call(.delete, "\(promotions)/\(world.promotionId)"), 404, "COMMON_INVALID_PARAMETER", "A deletes B's promotion")
        // B's promotion id under A's own merchant id: A has no such promotion.
        expectRefused(
            try await a.call(.delete, "/sandbox/v1/merchants/\(merchantIdA)/promotions/\(world.promotionId)"), 404, "COMMON_INVALID_PARAMETER",
            "A deletes B's promotion under A's own id"
        )

        // The checkout window's controls on B's waiting payments, as B's buyer's userKey.
        for payment in [world.standby, world.approved] {
            expectRefused(
                try await a.call(
                    .post, "/sandbox/v1/checkout/authorize", ["payToken": payment.payToken, "payMethod": "TOSS_MONEY"], userKey: sharedUserKey
                ),
                404, "TRANSACTION_NOT_FOUND", "A authorizes \(payment.label)"
            )
            expectRefused(
                try await a.call(.post, "/sandbox/v1/checkout/cancel", ["payToken": payment.payToken], userKey: sharedUserKey),
                404, "TRANSACTION_NOT_FOUND", "A cancels \(payment.label)"
            )
        }
        expectRefused(
            try await a.call(.post, "/sandbox/v1/checkout/cancel", ["payToken": world.standby.payToken]),
            404, "TRANSACTION_NOT_FOUND", "A cancels B standby without a userKey"
        )

        // The partner API with B's payTokens (and orderNos): TRANSACTION_NOT_FOUND throughout,
        // before any state, buyer or maintenance check (A's own all-day window is set by now).
        for payment in world.payments {
            expectRefused(
                try await a.call(.post, partnerPath + "/execute-payment", ["payToken": payment.payToken, "isTestPayment": true], userKey: sharedUserKey),
                404, "TRANSACTION_NOT_FOUND", "A executes \(payment.label)"
            )
            expectRefused(
                try await a.call(
                    .post, partnerPath + "/execute-payment",
                    ["payToken": payment.payToken, "orderNo": payment.orderNo, "isTestPayment": true], userKey: sharedUserKey
                ),
                404, "TRANSACTION_NOT_FOUND", "A executes \(payment.label) with its orderNo"
            )
            expectRefused(
                try await a.call(
                    .post, partnerPath + "/refund-payment", ["payToken": payment.payToken, "reason": "공격", "isTestPayment": true],
                    userKey: sharedUserKey
                ),
                404, "TRANSACTION_NOT_FOUND", "A refunds all of \(payment.label)"
            )
            expectRefused(
                try await a.call(
                    .post, partnerPath + "/refund-payment",
                    ["payToken": payment.payToken, "amount": 1_000, "reason": "공격", "isTestPayment": true], userKey: sharedUserKey
                ),
                404, "TRANSACTION_NOT_FOUND", "A refunds 1,000 of \(payment.label)"
            )
            expectRefused(
                try await a.call(
                    .post, partnerPath + "/get-payment-status",
                    ["payToken": payment.payToken, "orderNo": payment.orderNo, "isTestPayment": true], userKey: sharedUserKey
                ),
                404, "TRANSACTION_NOT_FOUND", "A reads \(payment.label) by payToken and orderNo"
            )
            expectRefused(
                try await a.call(
                    .post, partnerPath + "/get-payment-status",
                    ["payToken": payment.payToken, "orderNo": payment.orderNo, "isTestPayment": false], userKey: sharedUserKey
                ),
                404, "TRANSACTION_NOT_FOUND", "A reads \(payment.label) as LIVE"
            )
            // With its own payToken and B's orderNo, A finds its own payment only when that
            // payment was made with the orderNo too (A reused one of B's): never B's.
            let byOwnToken = try await a.call(
                .post, partnerPath + "/get-payment-status", ["payToken": aOwn.payToken, "orderNo": payment.orderNo, "isTestPayment": true],
                userKey: sharedUserKey
            )
            if payment.orderNo == aOwn.orderNo {
                #expect(try byOwnToken.requireSuccess()["payToken"].string == aOwn.payToken, "B's orderNo reused by A finds A's payment")
            } else {
                expectRefused(byOwnToken, 404, "TRANSACTION_NOT_FOUND", "A reads its payment with \(payment.label)'s orderNo")
            }
        }

        // Credentials: B's key fingerprint under B's id (not A's merchant) and under A's own
        // id (A has no such key); a certificate serial under B's id. All 404, nothing revoked.
        expectRefused(
            try await a.call(.delete, "/manage/v1/merchants/\(merchantIdB)/keys/\(fingerprintB)"), 404, "TRANSACTION_NOT_FOUND",
            "A revokes B's key under B's id"
        )
        expectRefused(
            try await a.call(.delete, "/manage/v1/merchants/\(merchantIdA)/keys/\(fingerprintB)"), 404, "TRANSACTION_NOT_FOUND",
            "A revokes B's key under its own id"
        )
        expectRefused(
            try await a.call(.delete, "/manage/v1/merchants/\(merchantIdB)/certificates/01"), 404, "TRANSACTION_NOT_FOUND",
            "A revokes a certificate of B"
        )
    }

    /// The console, signed in with A's key: A's list shows only A's payment, and B's payment
    /// pages (and refund form posts) are "not found". B's console lists B's key fingerprint,
    /// which proves the fingerprint A aimed at above was the real one.
    static func consoleChecks(
        base: String, keyA: String, keyB: String, fingerprintB: String, world: WorldOfB, aOwn: OwnWorldOfA
    ) async throws {
        // Redirects are not followed: the sign-in's 303 carries the session cookie.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let cookieA = try await consoleSignIn(client, base: base, key: keyA)
            let workspace = try await consoleSend(client, "GET", base + "/console", cookie: cookieA)
            #expect(workspace.status == 200)
            #expect(consoleRows(workspace.text) == [aOwn.payToken], "A's console lists A's payment only")
            for payment in world.payments {
                let page = try await consoleSend(client, "GET", base + "/console/payments/\(payment.payToken)", cookie: cookieA)
                #expect(page.status == 404, "A's console shows \(payment.label): \(page.status)")
                #expect(!page.text.contains(payment.payToken) && !page.text.contains(payment.orderNo), "no trace of \(payment.label)")
            }
            for payment in [world.complete, world.refunded] {
                let refund = try await consoleSend(
                    client, "POST", base + "/console/payments/\(payment.payToken)/refund", cookie: cookieA, form: "reason=attack"
                )
                #expect(refund.status == 404, "A's console refunds \(payment.label): \(refund.status)")
            }
            let cookieB = try await consoleSignIn(client, base: base, key: keyB)
            let workspaceB = try await consoleSend(client, "GET", base + "/console", cookie: cookieB)
            #expect(workspaceB.text.contains("data-fingerprint=\"\(fingerprintB)\""), "B's console lists the fingerprint A aimed at")
            #expect(Set(consoleRows(workspaceB.text)) == Set(world.payments.map(\.payToken)), "B's console lists B's four payments")
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    // MARK: Phase 2

    /// Polls A's due payment until the background sweep settles it (the sweep runs every second
    /// on the second server); this waits for an event, it does not measure time.
    static func waitForBackgroundSettlement(_ a: Caller, payToken: String, orderNo: String, server: ServerProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if try await paymentStatus(a, payToken, orderNo: orderNo) == "SETTLEMENT_COMPLETE" { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("the background sweep never settled A's due payment \(payToken): \(server.logTail())")
    }

    // MARK: Helpers

    enum Verb { case get, post, put, delete }

    /// Who calls, and through which address: a merchant's key (nil: no credentials) and, for
    /// paths that name it, the merchant's id.
    struct Caller {
        let base: String
        let key: String?
        var merchantId: String? = nil

        func call(_ verb: Verb, _ path: String, _ json: [String: Any]? = nil, userKey: String? = nil) async throws -> Reply {
            var headers: [(String, String)] = []
            if let key { headers.append(("Authorization", basicAuthorization(key))) }
            let url = base + path
            switch verb {
            case .get: return try await LiveHTTP.shared.send(url: url, method: .GET, json: json, userKey: userKey, headers: headers)
            case .post: return try await LiveHTTP.shared.send(url: url, method: .POST, json: json ?? [:], userKey: userKey, headers: headers)
            case .put: return try await LiveHTTP.shared.send(url: url, method: .PUT, json: json, userKey: userKey, headers: headers)
            case .delete: return try await LiveHTTP.shared.send(url: url, method: .DELETE, json: json, userKey: userKey, headers: headers)
            }
        }
    }

    /// `tosspay serve --host 0.0.0.0 --sandbox on` on `database`, sweeping every `sweepSeconds`.
    static func startServer(database: String, databaseURL: String?, sweepSeconds: Int) async throws -> ServerProcess {
        try await ServerProcess(
            databasePath: database, databaseURL: databaseURL, arguments: ["--host", "0.0.0.0", "--sandbox", "on"],
            environment: ["TOSSPAY_PAYMENT_SWEEP": String(sweepSeconds)]
        )
    }

    static func createMerchant(on base: String, name: String) async throws -> (id: String, testKey: String, liveKey: String) {
        let created = try await Caller(base: base, key: nil).call(.post, "/sandbox/v1/merchants", ["name": name]).requireSuccess()
        return (
            try #require(created["merchantId"].string), try #require(created["testApiKey"].string),
            try #require(created["liveApiKey"].string)
        )
    }

    /// Makes a TEST payment by the shared buyer.
    static func make(_ caller: Caller, label: String, amount: Int, orderNo: String = newOrderNo("shared")) async throws -> MadePayment {
        let made = try await caller.call(
            .post, partnerPath + "/make-payment",
            ["orderNo": orderNo, "productDesc": "공유 샌드박스", "amount": amount, "amountTaxFree": 0, "isTestPayment": true],
            userKey: sharedUserKey
        ).requireSuccess()
        return MadePayment(label: label, orderNo: orderNo, payToken: try #require(made["payToken"].string), amount: amount)
    }

    /// Makes, authorizes (card 4) and executes a payment by the shared buyer; its payToken.
    static func payByCard(_ caller: Caller, orderNo: String, amount: Int) async throws -> String {
        let payment = try await make(caller, label: "card", amount: amount, orderNo: orderNo)
        try await caller.call(
            .post, "/sandbox/v1/checkout/authorize", ["payToken": payment.payToken, "payMethod": "CARD", "cardCompanyCode": 4],
            userKey: sharedUserKey
        ).requireSuccess()
        try await caller.call(
            .post, partnerPath + "/execute-payment", ["payToken": payment.payToken, "isTestPayment": true], userKey: sharedUserKey
        ).requireSuccess()
        #expect(try await paymentStatus(caller, payment.payToken, orderNo: payment.orderNo) == "PAY_COMPLETE")
        return payment.payToken
    }

    static func paymentStatus(_ caller: Caller, _ payToken: String, orderNo: String) async throws -> String? {
        try await caller.call(
            .post, partnerPath + "/get-payment-status", ["payToken": payToken, "orderNo": orderNo, "isTestPayment": true], userKey: sharedUserKey
        ).requireSuccess()["payStatus"].string
    }

    /// A card's `used` in a buyer object.
    static func cardUsed(_ buyer: JSONObject, company: Int) -> Int? {
        JSONValue.object(buyer)["cards"].objects?.first { $0["cardCompanyCode"].int == company }?["used"].int
    }

    /// A FAIL envelope with `status` and `errorCode`, named by `label` when it is not.
    static func expectRefused(_ reply: Reply, _ status: Int, _ code: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status.code == status, "\(label): \(reply.status.code) \(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.resultType == "FAIL", "\(label): \(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.errorCode == code, "\(label): \(reply.text)", sourceLocation: sourceLocation)
    }

    /// The first 8 hex digits of the key's SHA-256 (as the console lists it), by `sha256sum`;
    /// the key travels in the environment, not in the command line.
    static func sha256Prefix(_ key: String, in directory: String) async throws -> String {
        TossPayTestSupport.sha256Prefix(key)
    }

    /// The first IPv4 address of an interface that is up and not loopback, if any.
    static func nonLoopbackIPv4Address() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let flags = Int32(bitPattern: entry.pointee.ifa_flags)
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else {
                continue
            }
            return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    // MARK: Console over HTTP

    static func consoleSignIn(_ client: HTTPClient, base: String, key: String) async throws -> String {
        let reply = try await consoleSend(client, "POST", base + "/console/login", cookie: nil, form: "apiKey=\(key)")
        try #require(reply.status == 303, "console sign-in: \(reply.status) \(reply.text.prefix(300))")
        let setCookie = try #require(reply.setCookie)
        return try #require(setCookie.split(separator: ";").first.map(String.init))
    }

    static func consoleSend(
        _ client: HTTPClient, _ method: String, _ url: String, cookie: String?, form: String? = nil
    ) async throws -> (status: Int, text: String, setCookie: String?) {
        var request = HTTPClientRequest(url: url)
        request.method = method == "POST" ? .POST : .GET
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), String(buffer: body), response.headers.first(name: "Set-Cookie"))
    }

    /// The payTokens of a console workspace's payment rows.
    static func consoleRows(_ text: String) -> [String] {
        text.components(separatedBy: "data-pay-token=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }
}

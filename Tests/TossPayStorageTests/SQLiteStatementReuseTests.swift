import Foundation
import Logging
import Testing
import TossPayCore
@testable import TossPayStorage
import TossPayTestSupport

/// Issue 14, "prepare statements once": on SQLite every statement of the payment path is
/// prepared once per connection and then only reset and rebound. A statement whose plan SQLite
/// redoes for each new bound value (SQLite 3.54 does, for `column = ?` with an `ORDER BY`)
/// costs a full parse and plan on every run; this suite fails if one comes back.
@Suite("SQLite statements prepared once")
struct SQLiteStatementReuseTests {
    static let merchant = Merchant(id: "m1", name: "A", createdAt: 0)

    /// One whole lifecycle through the ledger: make, authorize, execute, status, partial refund,
    /// the console's list and a verification.
    static func lifecycle(_ ledger: PaymentLedger, number: Int) async throws {
        let orderNo = "reuse-\(number)"
        let request = MakePaymentRequest(
            orderNo: orderNo, productDesc: "상품", amount: 10_000,
            taxSplit: try TaxSplit.resolve(amount: 10_000, taxFree: 0, taxable: nil, vat: nil, serviceFee: nil), mode: .test
        )
        let payment = try await ledger.makePayment(merchant: merchant, userKey: "buyer-\(number)", request: request)
        _ = try await ledger.authorize(payToken: payment.payToken, userKey: "buyer-\(number)", choice: .init(payMethod: .tossMoney))
        _ = try await ledger.execute(
            merchant: merchant, userKey: "buyer-\(number)", request: .init(payToken: payment.payToken, orderNo: orderNo, mode: .test)
        )
        _ = try await ledger.status(merchant: merchant, request: .init(payToken: payment.payToken, orderNo: orderNo, mode: .test))
        _ = try await ledger.refund(merchant: merchant, userKey: "buyer-\(number)", request: RefundPaymentRequest(
            payToken: payment.payToken, reason: "부분 환불", mode: .test, amount: 1_000, refundNo: "R-\(number)"
        ))
        _ = try await ledger.store.read { try await $0.payments(matching: PaymentQuery(merchantId: merchant.id)) }
    }

    @Test func thePaymentPathNeverPreparesAStatementAgain() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        // One read connection, so every read below runs on the connection inspected at the end.
        let store = try await SQLitePaymentStore.open(path: database.path, readConnections: 1, logger: Logger(label: "reuse-test"))
        do {
            try await store.write { try await $0.insert(Self.merchant, keys: [("hash-a", "TEST")]) }
            let ledger = PaymentLedger(store: store, clock: SandboxClock(remembersOffsets: true))
            // The first round prepares every statement (a schema read may expire a statement
            // once); after it, no count may grow.
            func work(_ round: Int) async throws -> (writer: [String: Int32], reader: [String: Int32]) {
                try await Self.lifecycle(ledger, number: round)
                _ = try await ledger.load(merchant: Self.merchant, first: round * 10, count: 10, chunk: 4)
                let report = try await LedgerVerifier(store: store).run(pageSize: 3)
                #expect(report.violations.isEmpty, "\(report.violations)")
                #expect(report.payments == (round + 1) * 11)
                let writer = try await store.write { ($0 as? SQLiteStoreTransaction)?.connection.repreparedStatements() }
                let reader = try await store.read { ($0 as? SQLiteStoreTransaction)?.connection.repreparedStatements() }
                return (try #require(writer), try #require(reader))
            }
            let first = try await work(0)
            var last = first
            for round in 1...3 { last = try await work(round) }
            #expect(last.writer == first.writer, "the writer prepared these again: \(last.writer) (after the first round: \(first.writer))")
            #expect(last.reader == first.reader, "a reader prepared these again: \(last.reader) (after the first round: \(first.reader))")
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// The check itself sees a statement SQLite re-plans per bound value, so it can fail.
    @Test func aStatementPlannedPerValueIsSeen() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let handle = try SQLiteHandle.open(path: database.path)
        defer { handle.close() }
        try handle.execute("CREATE TABLE t (k TEXT, n INTEGER); CREATE INDEX t_k ON t (k)")
        for key in ["a", "b", "c"] {
            try handle.query("SELECT n FROM t WHERE k = ? ORDER BY n, rowid", [.text(key)])
            try handle.query("SELECT n FROM t WHERE k = CAST(? AS TEXT) ORDER BY n, rowid", [.text(key)])
        }
        #expect(handle.repreparedStatements() == ["SELECT n FROM t WHERE k = ? ORDER BY n, rowid": 2])
    }
}

import Foundation
import Logging
import PostgresNIO
import SQLiteNIO
import Testing
@testable import TossPayCore
@testable import TossPayStorage
import TossPayTestSupport

/// The console's payment list in keyset pages: a cursor's text, pages that meet exactly going
/// forward and back (ties in createdAt broken by payToken), and plans that read an index in the
/// list's order instead of scanning the table.
@Suite("Console keyset pages")
struct ConsoleKeysetTests {
    static func payment(_ token: String, at time: Int64, status: PaymentStatus = .standby, mode: PaymentMode = .test, merchant: String = "m1") -> Payment {
        let request = MakePaymentRequest(
            orderNo: "order-\(token)", productDesc: "상품", amount: 1_000,
            taxSplit: TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0), mode: mode
        )
        var payment = Payment(payToken: token, merchantId: merchant, userKey: "u1", request: request, createdAt: time, expiresAt: time + 900_000)
        payment.status = status
        return payment
    }

    // MARK: Cursors

    @Test(arguments: [
        ("0.a", PaymentCursor(createdAt: 0, payToken: "a")),
        ("1735657200000.PrO4MzDUku50iZxxBuh23W", PaymentCursor(createdAt: 1_735_657_200_000, payToken: "PrO4MzDUku50iZxxBuh23W")),
        ("12.a.b", PaymentCursor(createdAt: 12, payToken: "a.b")),
        ("9223372036854775807.t", PaymentCursor(createdAt: .max, payToken: "t")),
    ])
    func aCursorReadsItsText(text: String, cursor: PaymentCursor) {
        #expect(PaymentCursor(text: text) == cursor)
        #expect(cursor.description == text)
    }

    @Test(arguments: [
        "", ".", "12", "12.", ".tok", "-1.tok", "+1.tok", "1e3.tok", "9223372036854775808.tok", "00000000000000000001.tok",
        "1.has space", "1.\u{7F}", "1.토큰", "１.tok", "1.\(String(repeating: "t", count: 65))",
    ])
    func aMalformedCursorIsRefused(text: String) {
        #expect(PaymentCursor(text: text) == nil, "\(text)")
    }

    // MARK: Pages

    /// 30 payments of m1 over 12 instants (ties), statuses alternating, and one of m2.
    static func fill(_ store: any PaymentStore) async throws -> [Payment] {
        try await store.write { try await $0.insert(Merchant(id: "m2", name: "B", createdAt: 0), keys: []) }
        var payments: [Payment] = []
        for index in 0..<30 {
            let number = (index * 7) % 30
            let token = "tok-\(number < 10 ? "0" : "")\(number)-\(index % 2 == 0 ? "even" : "odd")"
            payments.append(Self.payment(token, at: 1_000 + Int64(index % 12), status: index % 3 == 0 ? .complete : .standby))
        }
        let theirs = Self.payment("theirs", at: 1_005, merchant: "m2")
        for payment in payments + [theirs] { try await store.write { try await $0.insert(payment) } }
        return payments.sorted { ($0.createdAt, $0.payToken) > ($1.createdAt, $1.payToken) }
    }

    @Test(arguments: StoreBackend.all)
    func pagesForwardAndBackMeetExactly(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let all = try await Self.fill(store)
            for status in [nil, PaymentStatus.complete] {
                let expected = all.filter { status == nil || $0.status == status }.map(\.payToken)
                func page(_ page: PaymentPage) async throws -> [Payment] {
                    try await store.read { try await $0.payments(matching: PaymentQuery(merchantId: "m1", status: status, page: page, limit: 4)) }
                }
                // Forward, after each page's last row.
                var forward: [[Payment]] = [try await page(.newest)]
                while let last = forward.last?.last, forward.count < 20 {
                    let next = try await page(.after(PaymentCursor(last)))
                    if next.isEmpty { break }
                    forward.append(next)
                }
                #expect(forward.flatMap { $0 }.map(\.payToken) == expected, "status \(String(describing: status))")
                // Back from the last page, before each page's first row: the same pages.
                var backward: [[Payment]] = [try #require(forward.last)]
                while let first = backward.first?.first, backward.count < 20 {
                    let previous = try await page(.before(PaymentCursor(first)))
                    if previous.isEmpty { break }
                    backward.insert(previous, at: 0)
                }
                #expect(backward.map { $0.map(\.payToken) } == forward.map { $0.map(\.payToken) })
            }
            // A cursor between stored rows, and the filters with it.
            let middle = PaymentCursor(createdAt: 1_006, payToken: "tok-15")
            let after = try await store.read {
                try await $0.payments(matching: PaymentQuery(merchantId: "m1", createdFrom: 1_003, page: .after(middle), limit: 500))
            }
            #expect(after.map(\.payToken) == all.filter { ($0.createdAt, $0.payToken) < (1_006, "tok-15") && $0.createdAt >= 1_003 }.map(\.payToken))
            let before = try await store.read {
                try await $0.payments(matching: PaymentQuery(merchantId: "m1", mode: .test, page: .before(middle), limit: 3))
            }
            #expect(before.map(\.payToken) == all.filter { ($0.createdAt, $0.payToken) > (1_006, "tok-15") }.suffix(3).map(\.payToken))
            let nul = try await store.read {
                try await $0.payments(matching: PaymentQuery(merchantId: "m1", page: .after(PaymentCursor(createdAt: 1_006, payToken: "a\u{0}b"))))
            }
            #expect(backend.description == "SQLite" || nul.isEmpty)
        }
    }

    // MARK: Plans

    /// Every filter of the console alone, with others, and with a cursor either way.
    static let filters: [PaymentQuery] = {
        let cursor = PaymentCursor(createdAt: 1_000, payToken: "tok")
        var queries: [PaymentQuery] = []
        for page in [PaymentPage.newest, .after(cursor), .before(cursor)] {
            queries += [
                PaymentQuery(merchantId: "m1", page: page),
                PaymentQuery(merchantId: "m1", status: .complete, page: page),
                PaymentQuery(merchantId: "m1", mode: .live, page: page),
                PaymentQuery(merchantId: "m1", orderNo: "order-1", page: page),
                PaymentQuery(merchantId: "m1", userKey: "u1", page: page),
                PaymentQuery(merchantId: "m1", createdFrom: 1_000, createdBefore: 2_000, page: page),
                PaymentQuery(merchantId: "m1", status: .complete, mode: .live, page: page),
                PaymentQuery(merchantId: "m1", status: .complete, orderNo: "order-1", page: page),
                PaymentQuery(merchantId: "m1", status: .complete, userKey: "u1", createdFrom: 1_000, page: page),
                PaymentQuery(
                    merchantId: "m1", status: .complete, mode: .test, orderNo: "order-1", userKey: "u1", createdFrom: 1_000, createdBefore: 2_000,
                    page: page
                ),
            ]
        }
        return queries
    }()

    @Test func sqlitePlansReadAnIndexNeverTheTable() async throws {
        let database = try TemporaryDatabase()
        defer { database.remove() }
        let logger = Logger(label: "keyset-test")
        let store = try await SQLitePaymentStore.open(path: database.path, logger: logger)
        try await store.write { try await $0.insert(Merchant(id: "m1", name: "A", createdAt: 0), keys: []) }
        try await store.close()
        let raw = try SQLiteHandle.open(path: database.path)
        defer { raw.close() }
        do {
            for filter in Self.filters {
                let statement = SQLiteStoreTransaction.paymentsStatement(matching: filter)
                let plan = try raw.query("EXPLAIN QUERY PLAN " + statement.sql, statement.binds).compactMap(Self.detail)
                #expect(!plan.isEmpty)
                #expect(plan.allSatisfy { !$0.hasPrefix("SCAN") }, "\(filter): \(plan)")
                #expect(plan.contains { $0.hasPrefix("SEARCH payments USING INDEX") }, "\(filter): \(plan)")
                // Only an order number's few rows are sorted; every other filter reads its index in
                // the list's order and stops after a page.
                if filter.orderNo == nil {
                    #expect(plan.allSatisfy { !$0.contains("TEMP B-TREE") }, "\(filter): \(plan)")
                }
            }
            // The status filter, the console's slow case before migration 9, by name.
            let status = SQLiteStoreTransaction.paymentsStatement(matching: PaymentQuery(merchantId: "m1", status: .complete))
            let plan = try raw.query("EXPLAIN QUERY PLAN " + status.sql, status.binds).compactMap(Self.detail)
            #expect(plan == ["SEARCH payments USING INDEX payments_console_status (merchant_id=? AND status=?)"])
        }
    }

    /// The `detail` text of one `EXPLAIN QUERY PLAN` row.
    static func detail(_ row: SQLiteResultRow) -> String? {
        guard case .text(let text)? = row.column("detail") else { return nil }
        return text
    }

    /// PostgreSQL picks its plan by statistics; with sequential scans priced out, an index must
    /// still serve every filter (a missing index would leave the table scan as the only plan).
    @Test(.enabled(if: PostgresTestDatabase.enabled, "TOSSPAY_TEST_POSTGRES_URL not set"))
    func postgresPlansCanReadAnIndexForEveryFilter() async throws {
        let database = try await PostgresTestDatabase.create(prefix: "keyset")
        do {
            let store = try await PostgresPaymentStore.open(url: database.url(poolSize: 2), logger: Logger(label: "keyset-test"))
            try await store.write { try await $0.insert(Merchant(id: "m1", name: "A", createdAt: 0), keys: []) }
            try await store.close()
            _ = try await database.rows("ANALYZE payments")
            let name = try #require(try await database.rows("SELECT current_database()").first?.decode(String.self))
            _ = try await database.rows(PostgresQuery(unsafeSQL: "ALTER DATABASE \"\(name)\" SET enable_seqscan = off"))
            for filter in Self.filters {
                let statement = try #require(PostgresStoreTransaction.paymentsStatement(matching: filter))
                let plan = try await database.rows(PostgresQuery(unsafeSQL: "EXPLAIN " + statement.query.sql, binds: statement.query.binds))
                    .map { try $0.decode(String.self) }.joined(separator: "\n")
                #expect(!plan.contains("Seq Scan"), "\(filter):\n\(plan)")
                #expect(plan.contains("payments_console") || plan.contains("payments_by_order"), "\(filter):\n\(plan)")
            }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

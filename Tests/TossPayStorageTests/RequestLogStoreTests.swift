import Testing
import TossPayCore
@testable import TossPayStorage

/// The request inspector's rows on every backend: stored in order with growing ids, each
/// merchant trimmed to its newest N, found by every filter, followed with `after`, paged with
/// `before`, deleted per merchant, and entries queued before a clear dropped when they arrive.
@Suite("Request log in the store")
struct RequestLogStoreTests {
    static func entry(
        _ merchantId: String, at: Int64, status: Int = 200, orderNo: String? = nil, payToken: String? = nil, userKey: String? = nil,
        errorCode: String? = nil, durationMicros: Int64 = 1_500
    ) -> RequestLogEntry {
        RequestLogEntry(
            merchantId: merchantId, at: at, method: "POST", route: "/api-partner/v1/apps-in-toss/pay/make-payment",
            path: "/api-partner/v1/apps-in-toss/pay/make-payment", status: status, errorCode: errorCode, durationMicros: durationMicros,
            requestId: "req-\(at)", orderNo: orderNo, payToken: payToken, userKey: userKey,
            details: RequestLogDetails(
                requestHeaders: [.init(name: "authorization", value: "Basic ****"), .init(name: "x-toss-user-key", value: userKey ?? "")],
                requestBody: #"{"orderNo":"o","apiKey":"sk_test_****"}"#, requestBodyTruncated: false,
                responseBody: "가나다 \u{1F600}", responseBodyTruncated: true
            )
        )
    }

    @Test(arguments: StoreBackend.all)
    func entriesAreKeptNewestFirstAndTrimmedPerMerchant(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let first = (1...5).map { Self.entry("m_a", at: Int64($0)) } + [Self.entry("m_b", at: 6), Self.entry("m_b", at: 7)]
            try await store.write { try await $0.appendRequestLog(first, keep: 3) }
            let a = try await store.read { try await $0.requestLog(matching: RequestLogQuery(merchantId: "m_a", limit: 100)) }
            #expect(a.map(\.at) == [5, 4, 3], "the newest 3 of m_a, newest first")
            #expect(a.map(\.id) == a.map(\.id).sorted(by: >))
            #expect(a.first.map { stored in
                var expected = Self.entry("m_a", at: 5)
                expected.id = stored.id
                return stored == expected
            } == true, "every field and the details come back as stored")
            let b = try await store.read { try await $0.requestLog(matching: RequestLogQuery(merchantId: "m_b", limit: 100)) }
            #expect(b.map(\.at) == [7, 6], "another merchant's entries are its own and untouched by m_a's trim")

            // Just inside the limit nothing goes; one more entry trims exactly one.
            try await store.write { try await $0.appendRequestLog([Self.entry("m_b", at: 8)], keep: 3) }
            #expect(try await store.read { try await $0.requestLog(matching: RequestLogQuery(merchantId: "m_b", limit: 100)) }.map(\.at) == [8, 7, 6])
            try await store.write { try await $0.appendRequestLog([Self.entry("m_b", at: 9)], keep: 3) }
            #expect(try await store.read { try await $0.requestLog(matching: RequestLogQuery(merchantId: "m_b", limit: 100)) }.map(\.at) == [9, 8, 7])

            // Deleting one merchant's entries leaves the other's; ids keep growing afterwards.
            let newest = try #require(a.first?.id)
            #expect(try await store.write { try await $0.deleteRequestLog(merchantId: "m_a") } == 3)
            #expect(try await store.write { try await $0.deleteRequestLog(merchantId: "m_a") } == 0)
            #expect(try await store.read { try await $0.requestLog(matching: RequestLogQuery(merchantId: "m_b", limit: 100)) }.count == 3)
            try await store.write { try await $0.appendRequestLog([Self.entry("m_a", at: 10)], keep: 3) }
            let after = try await store.read { try await $0.requestLog(matching: RequestLogQuery(merchantId: "m_a", limit: 100)) }
            #expect(after.count == 1)
            #expect((after.first?.id ?? 0) > newest, "a deleted id is never reused")
        }
    }

    @Test(arguments: StoreBackend.all)
    func filtersLimitAfterAndBefore(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let entries = [
                Self.entry("m_a", at: 1, orderNo: "o-1", payToken: "tp-1", userKey: "u-1"),
                Self.entry("m_a", at: 2, status: 400, orderNo: "o-1", errorCode: "COMMON_INVALID_PARAMETER"),
                Self.entry("m_a", at: 3, orderNo: "o-2", payToken: "tp-2", userKey: "u-2"),
                Self.entry("m_a", at: 4, status: 404, payToken: "tp-2", userKey: "u-1"),
                Self.entry("m_b", at: 5, orderNo: "o-1", payToken: "tp-1", userKey: "u-1"),
            ]
            try await store.write { try await $0.appendRequestLog(entries, keep: 1_000) }
            func list(_ query: RequestLogQuery) async throws -> [Int64] {
                try await store.read { try await $0.requestLog(matching: query) }.map(\.at)
            }
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, orderNo: "o-1")) == [2, 1])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, payToken: "tp-2")) == [4, 3])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, userKey: "u-1")) == [4, 1])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, status: 400)) == [2])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, status: 200)) == [3, 1])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, orderNo: "o-1", status: 200)) == [1])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, orderNo: "nothing")) == [])
            #expect(try await list(RequestLogQuery(merchantId: "m_c", limit: 100)) == [])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 2)) == [4, 3])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 1)) == [4])

            let ids = try await store.read { try await $0.requestLog(matching: RequestLogQuery(merchantId: "m_a", limit: 100)) }.map(\.id)
            // `after`: the entries that follow it, the oldest of them when there are more than `limit`, newest first.
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, after: ids[3])) == [4, 3, 2])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 2, after: ids[3])) == [3, 2])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, after: ids[0])) == [])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, after: 0)) == [4, 3, 2, 1])
            // `before`: older pages.
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 2, before: ids[1])) == [2, 1])
            #expect(try await list(RequestLogQuery(merchantId: "m_a", limit: 100, after: ids[3], before: ids[0])) == [3, 2])
        }
    }

    /// A reset clears a merchant's entries; entries of requests that finished before it, still
    /// queued on some instance, are dropped when they arrive, and later ones are kept.
    @Test(arguments: StoreBackend.all)
    func entriesQueuedBeforeAClearAreDropped(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let ledger = PaymentLedger(store: store, clock: SandboxClock())
            try await ledger.appendRequestLog([Self.entry("m_a", at: 1_000), Self.entry("m_b", at: 1_000)], keep: 10)
            #expect(try await store.write { try await $0.clearRequestLog(merchantId: "m_a", at: 2_000) } == 1)
            try await ledger.appendRequestLog(
                [
                    Self.entry("m_a", at: 1_990, durationMicros: 9_000),  // finished at 1,999: before the clear
                    Self.entry("m_a", at: 1_990, durationMicros: 10_000),  // finished at 2,000: kept (the reset itself)
                    Self.entry("m_a", at: 2_500),
                    Self.entry("m_b", at: 1_500),  // another merchant: not cleared
                ],
                keep: 10
            )
            let a = try await ledger.requestLog(matching: RequestLogQuery(merchantId: "m_a", limit: 100))
            #expect(a.map(\.at) == [2_500, 1_990])
            #expect(a.last?.durationMicros == 10_000)
            #expect(try await ledger.requestLog(matching: RequestLogQuery(merchantId: "m_b", limit: 100)).map(\.at) == [1_500, 1_000])
        }
    }
}

import TossPayCore

/// The request inspector's entries (docs/design.md, "Request inspector"): written in batches by
/// the server's background writer, read by `GET /sandbox/v1/requests` and the console.
extension PaymentLedger {
    /// The setting that remembers when a merchant's entries were last cleared.
    static func requestLogClearedKey(_ merchantId: String) -> String { "request_log.cleared_at." + merchantId }

    /// Stores a batch of entries in one transaction and trims each merchant in it to its newest
    /// `keep`. Entries of requests that finished before their merchant's entries were cleared
    /// (``StoreTransaction/clearRequestLog(merchantId:at:)``, a reset on any instance) are
    /// dropped: they were still in a server's queue when the clear ran.
    public func appendRequestLog(_ entries: [RequestLogEntry], keep: Int) async throws {
        guard !entries.isEmpty else { return }
        try await write("request_log") { transaction in
            let merchants = Array(Set(entries.map(\.merchantId)))
            let cleared = try await transaction.latestSettings(merchants.map(Self.requestLogClearedKey))
            let kept = entries.filter { entry in
                guard let text = cleared[Self.requestLogClearedKey(entry.merchantId)], let clearedAt = Int64(text) else { return true }
                return entry.at + entry.durationMicros / 1000 >= clearedAt
            }
            try await transaction.appendRequestLog(kept, keep: keep)
        }
    }

    /// A merchant's entries matching `query`, newest first.
    public func requestLog(matching query: RequestLogQuery) async throws -> [RequestLogEntry] {
        try await read("request_log_list") { try await $0.requestLog(matching: query) }
    }
}

extension StoreTransaction {
    /// Deletes every inspector entry of `merchantId` and remembers `at` (wall-clock epoch
    /// milliseconds), so entries of requests that finished before it and are still queued on
    /// any server instance are dropped when they arrive. Returns how many entries it deleted.
    @discardableResult
    public func clearRequestLog(merchantId: String, at: Int64) async throws -> Int {
        try await setSetting(PaymentLedger.requestLogClearedKey(merchantId), String(at))
        return try await deleteRequestLog(merchantId: merchantId)
    }
}

import TossPayCore

extension TossPayClient {
    /// What `POST /sandbox/v1/reset` answered: the merchant's world is empty and its clock is
    /// back at the wall clock.
    public struct SandboxReset: Sendable, Equatable {
        /// The merchant whose world was reset (the one of this client's credentials).
        public var merchantId: String
        /// Rows removed by kind, as the server names them: `payments`, `transactions`,
        /// `journalEntries`, `buyers`, `orderNumbers`, `promotions`, `bankMaintenanceWindows`,
        /// `loginGrants`, `loginConsents`, `loginCallbacks`, `requests` (kinds a newer server adds
        /// appear too).
        public var removed: [String: Int64]
        /// The merchant's sandbox time afterwards, KST `yyyy-MM-dd HH:mm:ss`.
        public var now: String
        /// The same time, epoch milliseconds.
        public var epochMillis: Int64
        /// The clock's offset from the wall clock afterwards, seconds (0 unless the server's
        /// base clock was advanced by a version before per-merchant clocks).
        public var offsetSeconds: Int64
        /// How far the clock moved back, seconds.
        public var movedBackSeconds: Int64
    }

    /// `POST /sandbox/v1/reset` (tosspay servers only): empties the sandbox world of this
    /// client's merchant — payments (TEST and LIVE), buyers, order-number history, promotions,
    /// maintenance windows, login codes, tokens and consents, callback deliveries, inspector
    /// entries — keeps its keys, certificates and login settings, and sets its clock back to the
    /// wall clock. No other merchant's world changes. Safe to repeat.
    public func resetSandbox() async throws(TossPayClientError) -> SandboxReset {
        let answer = try await send(method: "POST", path: "/sandbox/v1/reset", body: nil, headers: authorizationHeaders)
        guard let merchantId = answer.text("merchantId"), let removed = answer.object("removed"), let clock = answer.object("clock"),
              let now = clock.text("now"), let epochMillis = clock.integer("epochMillis"), let offset = clock.integer("offsetSeconds") else {
            throw .invalidResponse("reset 응답에 merchantId, removed, clock 이 없습니다.", status: 200)
        }
        var counts: [String: Int64] = [:]
        for (kind, value) in removed.members {
            guard let count = value.integerValue else {
                throw .invalidResponse("reset 응답의 removed.\(kind) 가 정수가 아닙니다.", status: 200)
            }
            counts[kind] = count
        }
        return SandboxReset(
            merchantId: merchantId, removed: counts, now: now, epochMillis: epochMillis, offsetSeconds: offset,
            movedBackSeconds: clock.integer("movedBackSeconds") ?? 0
        )
    }
}

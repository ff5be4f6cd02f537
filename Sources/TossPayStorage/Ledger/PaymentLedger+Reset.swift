import TossPayCore

/// `POST /sandbox/v1/reset` (issue 15 §3): a merchant starts again from an empty world.
extension PaymentLedger {
    /// What a world reset did.
    public struct WorldReset: Sendable, Equatable {
        /// The rows removed.
        public var removed: WorldResetCounts
        /// Request inspector entries removed.
        public var requests: Int
        /// How many daily bank maintenance windows of the merchant's own were removed (it is
        /// back on the server's, configuration `bank.maintenance`, as a new merchant is).
        public var maintenanceWindows: Int
        /// How far the merchant's clock was ahead of the base time, milliseconds (0 now).
        public var clockMovedBackMillis: Int64
    }

    /// Empties `merchantId`'s sandbox world in one write transaction: payments (TEST and LIVE)
    /// with their steps and journal entries, buyers, order-number history (an orderNo may be
    /// used again), promotions, its own bank maintenance windows, login codes, tokens and
    /// consents, unlink callback deliveries and their log, the request inspector's entries — and sets its clock back to the base
    /// time (the wall clock) on every instance. It keeps what identifies the merchant and how
    /// it connects: the merchant, its API keys, certificate revocations, console sessions and
    /// login settings (decryption key, AAD, callback). Another merchant's world is untouched,
    /// and the journal stays balanced: `tosspay verify` is clean afterwards.
    ///
    /// An operation of the merchant running at the same moment either commits before the reset
    /// (and is removed with the rest) or after it (on the emptied world); a progress hold's
    /// completion meets its payment gone and moves no money (`COMMON_SYSTEM_ERROR`: look the
    /// payment up), and an unlink callback already on its way is still sent once.
    public func resetWorld(merchantId: String) async throws -> WorldReset {
        let clock = self.clock
        let store = self.store
        let clockKey = SandboxClock.key(merchantId: merchantId)
        let maintenanceKey = Self.maintenanceKey(merchantId: merchantId)
        return try await labelled("reset_world") {
            try await clock.resettingOffset(merchantId: merchantId) {
                try await store.write { transaction in
                    // Held (read for update) so that what is reported is what is deleted.
                    let offset = try await transaction.setting(clockKey).flatMap { Int64($0) }
                    let windows = try await transaction.setting(maintenanceKey)
                    let removed = try await transaction.resetWorld(merchantId: merchantId, settingKeys: [clockKey, maintenanceKey])
                    // The request inspector's entries, and those still queued on any instance
                    // for requests that finished before now: the reset's own request, which ends
                    // after this, is the first entry of the new world.
                    let requests = try await transaction.clearRequestLog(merchantId: merchantId, at: SandboxClock.systemMillis())
                    let base = clock.baseOffsetMillis
                    return WorldReset(
                        removed: removed, requests: requests,
                        maintenanceWindows: windows.map { $0.split(separator: ",").count } ?? 0,
                        clockMovedBackMillis: max((offset ?? base) - base, 0)
                    )
                }
            }
        }
    }
}

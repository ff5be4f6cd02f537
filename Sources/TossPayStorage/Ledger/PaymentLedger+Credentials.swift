import TossPayCore

extension PaymentLedger {
    // MARK: Key revocation

    /// Revokes `merchantId`'s active key with `fingerprint` if ``KeyRevocation`` allows it:
    /// loads the merchant's keys, asks Core, marks the key. An unknown merchant is 404, like an
    /// unknown fingerprint.
    public func revokeKey(
        merchantId: String, fingerprint: String, publicFingerprints: Set<String>, callerFingerprint: String?
    ) async throws {
        try await write("revoke_key", merchantId: merchantId) { transaction, now in
            guard try await transaction.merchant(id: merchantId) != nil else {
                throw TossPayError(.transactionNotFound, reason: "가맹점을 찾을 수 없어요.")
            }
            let active = try await transaction.apiKeys(merchantId: merchantId).filter { $0.revokedAt == nil }.map(\.fingerprint)
            try KeyRevocation.check(
                fingerprint: fingerprint, activeFingerprints: active,
                publicFingerprints: publicFingerprints, callerFingerprint: callerFingerprint
            )
            _ = try await transaction.revokeKeys(merchantId: merchantId, fingerprint: fingerprint, at: now)
        }
    }

    // MARK: Certificate revocation

    /// Revokes `merchantId`'s client certificate with `serial` (only certificates naming this
    /// merchant are affected: the record is per merchant). An unknown merchant is 404.
    public func revokeCertificate(merchantId: String, serial: String, callerSerial: String?) async throws {
        try await write("revoke_certificate", merchantId: merchantId) { transaction, now in
            guard try await transaction.merchant(id: merchantId) != nil else {
                throw TossPayError(.transactionNotFound, reason: "가맹점을 찾을 수 없어요.")
            }
            let normalized = try CertificateRevocation.check(serial: serial, callerSerial: callerSerial)
            let key = Self.certificateRevokedKey(merchantId, normalized)
            if try await transaction.setting(key) == nil { try await transaction.setSetting(key, String(now)) }
        }
    }

    /// Whether `merchantId`'s certificate with `serial` (normalized) is revoked, read afresh.
    public func isCertificateRevoked(merchantId: String, serial: String) async throws -> Bool {
        try await labelled("authenticate_certificate") {
            try await store.read { try await $0.latestSetting(Self.certificateRevokedKey(merchantId, serial)) != nil }
        }
    }

    static func certificateRevokedKey(_ merchantId: String, _ serial: String) -> String {
        "certificate.revoked.\(merchantId).\(serial)"
    }

    // MARK: Console sessions

    /// What ends console sessions, as stored: the merchant's session generation (raised by "sign
    /// out everywhere") and whether the session `sessionId` was signed out.
    public struct ConsoleSessionState: Sendable, Equatable {
        /// Sessions made under an older generation are over.
        public var generation: Int
        /// The session was signed out.
        public var ended: Bool
    }

    /// The stored state of `merchantId`'s session `sessionId`, read afresh (another instance
    /// may have ended it).
    public func consoleSessionState(merchantId: String, sessionId: String) async throws -> ConsoleSessionState {
        try await labelled("console_session") {
            try await store.read { transaction in
                let generation = try await transaction.latestSetting(Self.sessionGenerationKey(merchantId))
                let ended = try await transaction.latestSetting(Self.sessionEndedKey(sessionId))
                return ConsoleSessionState(generation: try Self.generation(generation), ended: ended != nil)
            }
        }
    }

    /// Ends one console session on every instance (logout).
    public func endConsoleSession(sessionId: String) async throws {
        try await labelled("console_logout") {
            try await store.write { try await $0.setSetting(Self.sessionEndedKey(sessionId), "1") }
        }
    }

    /// Ends every console session of `merchantId` ("sign out everywhere"); returns the new
    /// generation, which sessions made from now on carry.
    @discardableResult
    public func endAllConsoleSessions(merchantId: String) async throws -> Int {
        try await labelled("console_logout_everywhere") {
            try await store.write { transaction in
                let key = Self.sessionGenerationKey(merchantId)
                let next = try Self.generation(try await transaction.setting(key)) + 1
                try await transaction.setSetting(key, String(next))
                return next
            }
        }
    }

    static func sessionGenerationKey(_ merchantId: String) -> String { "console.session_generation." + merchantId }
    static func sessionEndedKey(_ sessionId: String) -> String { "console.session_ended." + sessionId }

    /// A stored generation; none is 0, anything but a number is a corrupt row.
    static func generation(_ text: String?) throws -> Int {
        guard let text else { return 0 }
        guard let value = Int(text), value >= 0 else { throw StoreError.corruptRow(table: "settings", column: "value") }
        return value
    }
}

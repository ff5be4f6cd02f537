public import TossPayStorage
import TossPayCore

/// Merchants and keys written straight to a store, for `tosspay merchants create --database`
/// and `revoke-key` (SPEC §8): how a production-mode deployment (`--sandbox off`, no
/// public credential) gets its first merchant. Safe while servers run on the same database
/// (SQLite in WAL mode, PostgreSQL): each call is one transaction, and servers read keys on
/// every request.
public enum MerchantProvisioning {
    /// A merchant just made, with its keys shown this once.
    public struct Created: Sendable {
        /// The merchant.
        public let merchant: Merchant
        /// Its `sk_live_` key.
        public let liveKey: String
        /// Its `sk_test_` key.
        public let testKey: String
    }

    /// Makes a merchant named `name` (``PaymentRules/validateName(_:field:)``) with a new pair
    /// of keys; only their hashes are stored.
    public static func create(name: String, in store: any PaymentStore) async throws -> Created {
        try PaymentRules.validateName(name)
        let ledger = try await ledger(store)
        let merchant = Merchant(id: "m_" + RandomText.base62(20), name: name, createdAt: ledger.now())
        let keys = MerchantAuthenticator.newKeyPair()
        try await ledger.createMerchant(merchant, keys: keys.hashes)
        return Created(merchant: merchant, liveKey: keys.live, testKey: keys.test)
    }

    /// Revokes `merchantId`'s key with `fingerprint`, under the same rules as the manage route
    /// (``KeyRevocation``: not a published test key, not the last active key).
    public static func revokeKey(merchantId: String, fingerprint: String, in store: any PaymentStore) async throws {
        try await ledger(store).revokeKey(
            merchantId: merchantId, fingerprint: fingerprint.lowercased(),
            publicFingerprints: MerchantAuthenticator.publicFingerprints, callerFingerprint: nil
        )
    }

    /// Revokes `merchantId`'s client certificate with `serial` (hex; servers on the store refuse
    /// it from their next request).
    public static func revokeCertificate(merchantId: String, serial: String, in store: any PaymentStore) async throws {
        try await ledger(store).revokeCertificate(merchantId: merchantId, serial: serial, callerSerial: nil)
    }

    static func ledger(_ store: any PaymentStore) async throws -> PaymentLedger {
        let clock = SandboxClock()
        try await clock.load(from: store)
        return PaymentLedger(store: store, clock: clock)
    }
}

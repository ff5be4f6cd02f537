import Foundation
import Testing
import TossPayCore
@testable import TossPayStorage
import TossPayTestSupport

/// SPEC §8 revocation and console sessions in storage, on every backend: a revoked key stays
/// listed (with when) and never finds its merchant again; the ledger asks Core first.
@Suite("Key revocation and console sessions in the store")
struct KeyRevocationStoreTests {
    static func withLedger(_ backend: StoreBackend, _ body: (any PaymentStore, PaymentLedger) async throws -> Void) async throws {
        let (store, _, cleanup) = try await backend.make()
        defer { cleanup() }
        do {
            try await store.write {
                try await $0.insert(Merchant(id: "m1", name: "A", createdAt: 0), keys: [("aaaaaaaa11", "TEST"), ("bbbbbbbb22", "LIVE")])
            }
            try await body(store, PaymentLedger(store: store, clock: SandboxClock()))
        } catch {
            try? await store.close()
            throw error
        }
        try? await store.close()
    }

    @Test(arguments: StoreBackend.all)
    func aRevokedKeyIsListedAsRevokedAndFindsNoMerchant(backend: StoreBackend) async throws {
        try await Self.withLedger(backend) { store, ledger in
            let marked = try await store.write { try await $0.revokeKeys(merchantId: "m1", fingerprint: "aaaaaaaa", at: 9_000) }
            #expect(marked == 1)
            let again = try await store.write { try await $0.revokeKeys(merchantId: "m1", fingerprint: "aaaaaaaa", at: 9_500) }
            #expect(again == 0, "an already revoked key is not marked again")
            #expect(try await store.read { try await $0.merchant(keyHash: "aaaaaaaa11") } == nil)
            #expect(try await store.read { try await $0.merchant(keyHash: "bbbbbbbb22") }?.id == "m1")
            let keys = try await ledger.apiKeys(merchantId: "m1")
            #expect(keys.map(\.revokedAt) == [9_000, nil])
        }
    }

    @Test(arguments: StoreBackend.all)
    func theLedgerRevokesOnlyWhatCoreAllows(backend: StoreBackend) async throws {
        try await Self.withLedger(backend) { store, ledger in
            func code(_ merchantId: String, _ fingerprint: String, caller: String? = nil) async -> String {
                do {
                    try await ledger.revokeKey(merchantId: merchantId, fingerprint: fingerprint, publicFingerprints: ["bbbbbbbb"], callerFingerprint: caller)
                    return "revoked"
                } catch let error as TossPayError {
                    return "\(error.code.rawValue) \(error.httpStatus)"
                } catch {
                    return "\(error)"
                }
            }
            #expect(await code("nobody", "aaaaaaaa") == "TRANSACTION_NOT_FOUND 404")
            #expect(await code("m1", "cccccccc") == "TRANSACTION_NOT_FOUND 404")
            #expect(await code("m1", "bbbbbbbb") == "COMMON_UNAUTHORIZED 403", "a published key")
            #expect(await code("m1", "aaaaaaaa", caller: "aaaaaaaa") == "COMMON_INVALID_PARAMETER 400", "the caller's own key")
            #expect(await code("m1", "aaaaaaaa") == "revoked")
            #expect(try await store.read { try await $0.merchant(keyHash: "aaaaaaaa11") } == nil)
            try await store.write { try await $0.insert(Merchant(id: "m2", name: "B", createdAt: 0), keys: [("dddddddd33", "TEST")]) }
            #expect(await code("m2", "dddddddd") == "COMMON_INVALID_PARAMETER 400", "the merchant's last active key")
            #expect(try await store.read { try await $0.merchant(keyHash: "dddddddd33") }?.id == "m2")
        }
    }

    @Test(arguments: StoreBackend.all)
    func consoleSessionsEndOneAtATimeOrAllTogether(backend: StoreBackend) async throws {
        try await Self.withLedger(backend) { _, ledger in
            #expect(try await ledger.consoleSessionState(merchantId: "m1", sessionId: "s1") == .init(generation: 0, ended: false))
            try await ledger.endConsoleSession(sessionId: "s1")
            #expect(try await ledger.consoleSessionState(merchantId: "m1", sessionId: "s1").ended)
            #expect(try await ledger.consoleSessionState(merchantId: "m1", sessionId: "s2").ended == false)
            #expect(try await ledger.endAllConsoleSessions(merchantId: "m1") == 1)
            #expect(try await ledger.endAllConsoleSessions(merchantId: "m1") == 2)
            #expect(try await ledger.consoleSessionState(merchantId: "m1", sessionId: "s2").generation == 2)
            #expect(try await ledger.consoleSessionState(merchantId: "m2", sessionId: "s2").generation == 0, "per merchant")
        }
    }
}

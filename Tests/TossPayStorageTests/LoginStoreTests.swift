import Testing
import TossPayCore
@testable import TossPayStorage

/// Toss login's rows on every backend (SPEC §9): apps made once, consents per (app, person) and
/// found by userKey, grants stored and revoked per user, persons kept once, and unlink callback
/// deliveries claimed by one instance at a time until their lease ends.
@Suite("Login rows in the store")
struct LoginStoreTests {
    static func grant(_ hash: String, kind: LoginGrant.Kind = .access, userKey: Int64 = 123_456_789, expiresAt: Int64 = 10_000) -> LoginGrant {
        LoginGrant(hash: hash, kind: kind, merchantId: "m_a", person: "김토스", userKey: userKey, scope: ["user_key"], issuedAt: 0, expiresAt: expiresAt)
    }

    @Test(arguments: StoreBackend.all)
    func appsConsentsGrantsAndPersons(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let app = LoginApp(merchantId: "m_a", decryptionKey: "a2V5", aad: "AAD")
            #expect(try await store.write { try await $0.insertIfAbsent(app) })
            #expect(try await store.write { try await $0.insertIfAbsent(LoginApp(merchantId: "m_a", decryptionKey: "b3RoZXI=", aad: "X") ) } == false)
            #expect(try await store.read { try await $0.loginApp(merchantId: "m_a") } == app, "the first app made stays")

            let consent = LoginConsent(merchantId: "m_a", person: "김토스", userKey: 123_456_789, agreedTerms: ["t"], scope: ["user_key"], agreedAt: 5)
            try await store.write { try await $0.save(consent) }
            #expect(try await store.read { try await $0.loginConsent(merchantId: "m_a", person: "김토스") } == consent)
            #expect(try await store.read { try await $0.loginConsent(merchantId: "m_a", userKey: 123_456_789) } == consent)
            #expect(try await store.read { try await $0.loginConsent(merchantId: "m_b", userKey: 123_456_789) } == nil)

            for hash in ["h1", "h2"] { try await store.write { try await $0.insert(Self.grant(hash)) } }
            try await store.write { try await $0.insert(Self.grant("h3", userKey: 987_654_321)) }
            try await store.write { try await $0.insert(Self.grant("expired", expiresAt: 50)) }
            var used = Self.grant("h1")
            used.usedAt = 7
            let usedGrant = used
            try await store.write { try await $0.update(usedGrant) }
            #expect(try await store.read { try await $0.loginGrant(hash: "h1") }?.usedAt == 7)
            // Revoking a user's grants touches its live ones only (expired ones stay as they were).
            #expect(try await store.write { try await $0.revokeLoginGrants(merchantId: "m_a", userKey: 123_456_789, at: 100) } == 2)
            #expect(try await store.read { try await $0.loginGrant(hash: "h2") }?.revokedAt == 100)
            #expect(try await store.read { try await $0.loginGrant(hash: "h3") }?.revokedAt == nil)
            #expect(try await store.read { try await $0.loginGrant(hash: "expired") }?.revokedAt == nil)
            #expect(try await store.write { try await $0.revokeLoginGrants(merchantId: "m_a", userKey: 123_456_789, at: 101) } == 0)

            #expect(try await store.write { try await $0.deleteLoginConsent(merchantId: "m_a", userKey: 123_456_789) })
            #expect(try await store.write { try await $0.deleteLoginConsent(merchantId: "m_a", userKey: 123_456_789) } == false)

            try await store.write { try await $0.insertLoginPerson("새사람", createdAt: 1) }
            try await store.write { try await $0.insertLoginPerson("새사람", createdAt: 2) }
            try await store.write { try await $0.insertLoginPerson("둘째", createdAt: 3) }
            #expect(try await store.read { try await $0.loginPersons(limit: 10) } == ["새사람", "둘째"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aCallbackDeliveryIsClaimedByOneInstanceUntilItsLeaseEnds(backend: StoreBackend) async throws {
        try await PaymentStoreTests.withStore(backend) { store, _ in
            let callback = LoginCallback(url: "http://127.0.0.1:9/unlink", method: .post, basicAuth: "u:p")
            let delivery = LoginCallbackDelivery(merchantId: "m_a", userKey: 1, referrer: "UNLINK", callback: callback, now: 1_000)
            let id = try await store.write { try await $0.insert(delivery) }
            #expect(try await store.write { try await $0.claimLoginCallback(now: 999, leaseMillis: 100) } == nil, "not due yet")
            let claimed = try #require(try await store.write { try await $0.claimLoginCallback(now: 1_000, leaseMillis: 100) })
            #expect(claimed.id == id)
            #expect(try await store.write { try await $0.claimLoginCallback(now: 1_099, leaseMillis: 100) } == nil, "held by the first claim")
            // The claimer died: after the lease another instance takes it.
            let again = try #require(try await store.write { try await $0.claimLoginCallback(now: 1_100, leaseMillis: 100) })
            var attempted = again
            attempted.record(.init(at: 1_100, httpStatus: 500, error: nil), retryBaseMillis: 100)
            #expect(attempted.status == .pending)
            #expect(attempted.nextAttemptAt == 1_200)
            let saved = attempted
            try await store.write { try await $0.update(saved) }
            #expect(try await store.write { try await $0.claimLoginCallback(now: 1_199, leaseMillis: 100) } == nil)
            var delivered = try #require(try await store.write { try await $0.claimLoginCallback(now: 1_200, leaseMillis: 100) })
            delivered.record(.init(at: 1_200, httpStatus: 204, error: nil), retryBaseMillis: 100)
            let done = delivered
            try await store.write { try await $0.update(done) }
            #expect(try await store.write { try await $0.claimLoginCallback(now: 9_999, leaseMillis: 100) } == nil, "delivered ones are never claimed")
            let log = try await store.read { try await $0.loginCallbacks(merchantId: "m_a", limit: 10) }
            #expect(log.map(\.status) == [.delivered])
            #expect(log.first?.attempts.map(\.httpStatus) == [500, 204])
            #expect(try await store.read { try await $0.loginCallbacks(merchantId: "m_b", limit: 10) }.isEmpty)
            #expect(try await store.read { try await $0.loginCallback(id: id, merchantId: "m_b") } == nil)
        }
    }

    @Test func retriesDoubleAndStopAfterSixAttempts() {
        let callback = LoginCallback(url: "http://x/", method: .get, basicAuth: nil)
        var delivery = LoginCallbackDelivery(merchantId: "m", userKey: 1, referrer: "UNLINK", callback: callback, now: 0)
        var waits: [Int64] = []
        for attempt in 0..<LoginCallbackDelivery.maximumAttempts {
            let at = delivery.nextAttemptAt
            delivery.record(.init(at: at, httpStatus: nil, error: "refused"), retryBaseMillis: 100)
            if attempt < LoginCallbackDelivery.maximumAttempts - 1 { waits.append(delivery.nextAttemptAt - at) }
        }
        #expect(waits == [100, 200, 400, 800, 1_600])
        #expect(delivery.status == .failed)
        delivery.resend(now: 10_000)
        #expect(delivery.status == .pending && delivery.nextAttemptAt == 10_000)
        delivery.record(.init(at: 10_000, httpStatus: 502, error: nil), retryBaseMillis: 100)
        #expect(delivery.status == .pending, "a resend gets a fresh set of attempts")
        #expect(delivery.nextAttemptAt == 10_100)
    }
}

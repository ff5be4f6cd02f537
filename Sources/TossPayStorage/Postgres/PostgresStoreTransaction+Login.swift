import PostgresNIO
import TossPayCore

/// Toss login's rows (SPEC §9) in PostgreSQL. In a write transaction a grant read is locked
/// (`FOR UPDATE`), so two instances exchanging one code cannot both use it.
extension PostgresStoreTransaction {
    func loginApp(merchantId: String) async throws -> LoginApp? {
        guard Self.storable(merchantId) else { return nil }
        return try await query("SELECT record FROM login_apps WHERE merchant_id = \(merchantId)").first.map(Self.decode)
    }

    func insertIfAbsent(_ app: LoginApp) async throws -> Bool {
        let record = try Self.encode(app)
        return !(try await query(
            """
            INSERT INTO login_apps (merchant_id, record) VALUES (\(app.merchantId), \(record))
            ON CONFLICT (merchant_id) DO NOTHING RETURNING merchant_id
            """
        )).isEmpty
    }

    func save(_ app: LoginApp) async throws {
        let record = try Self.encode(app)
        try await query(
            """
            INSERT INTO login_apps (merchant_id, record) VALUES (\(app.merchantId), \(record))
            ON CONFLICT (merchant_id) DO UPDATE SET record = excluded.record
            """
        )
    }

    func loginConsent(merchantId: String, person: String) async throws -> LoginConsent? {
        guard Self.storable(merchantId), Self.storable(person) else { return nil }
        return try await query(
            "SELECT record FROM login_consents WHERE merchant_id = \(merchantId) AND person = \(person)\(unescaped: lockClause)"
        ).first.map(Self.decode)
    }

    func loginConsent(merchantId: String, userKey: Int64) async throws -> LoginConsent? {
        guard Self.storable(merchantId) else { return nil }
        return try await query(
            "SELECT record FROM login_consents WHERE merchant_id = \(merchantId) AND user_key = \(userKey)\(unescaped: lockClause)"
        ).first.map(Self.decode)
    }

    func save(_ consent: LoginConsent) async throws {
        let record = try Self.encode(consent)
        try await query(
            """
            INSERT INTO login_consents (merchant_id, person, user_key, record)
            VALUES (\(consent.merchantId), \(consent.person), \(consent.userKey), \(record))
            ON CONFLICT (merchant_id, person) DO UPDATE SET user_key = excluded.user_key, record = excluded.record
            """
        )
    }

    func deleteLoginConsent(merchantId: String, userKey: Int64) async throws -> Bool {
        guard Self.storable(merchantId) else { return false }
        return !(try await query(
            "DELETE FROM login_consents WHERE merchant_id = \(merchantId) AND user_key = \(userKey) RETURNING person"
        )).isEmpty
    }

    func loginGrant(hash: String) async throws -> LoginGrant? {
        guard Self.storable(hash) else { return nil }
        return try await query("SELECT record FROM login_grants WHERE hash = \(hash)\(unescaped: lockClause)").first.map(Self.decode)
    }

    func insert(_ grant: LoginGrant) async throws {
        let record = try Self.encode(grant)
        try await query(
            """
            INSERT INTO login_grants (hash, kind, merchant_id, user_key, expires_at, revoked_at, record)
            VALUES (\(grant.hash), \(grant.kind.rawValue), \(grant.merchantId), \(grant.userKey), \(grant.expiresAt),
                \(grant.revokedAt), \(record))
            """
        )
    }

    func update(_ grant: LoginGrant) async throws {
        let record = try Self.encode(grant)
        try await query("UPDATE login_grants SET revoked_at = \(grant.revokedAt), record = \(record) WHERE hash = \(grant.hash)")
    }

    func revokeLoginGrants(merchantId: String, userKey: Int64, at: Int64) async throws -> Int {
        guard Self.storable(merchantId) else { return 0 }
        return try await query(
            """
            UPDATE login_grants SET revoked_at = \(at), record = jsonb_set(record::jsonb, '{revokedAt}', to_jsonb(\(at)::bigint))::text
            WHERE merchant_id = \(merchantId) AND user_key = \(userKey) AND revoked_at IS NULL AND expires_at > \(at)
            RETURNING hash
            """
        ).count
    }

    func loginPersons(limit: Int) async throws -> [String] {
        try await query("SELECT person FROM login_persons ORDER BY created_at, seq LIMIT \(Int64(limit))").map {
            try $0.value(0, String.self, column: "person", of: "login_persons")
        }
    }

    func insertLoginPerson(_ person: String, createdAt: Int64) async throws {
        guard Self.storable(person) else { return }
        try await query("INSERT INTO login_persons (person, created_at) VALUES (\(person), \(createdAt)) ON CONFLICT (person) DO NOTHING")
    }
}

/// Unlink callback deliveries in PostgreSQL: a claim skips rows another instance holds.
extension PostgresStoreTransaction {
    func insert(_ delivery: LoginCallbackDelivery) async throws -> Int64 {
        let record = try Self.encode(delivery)
        let rows = try await query(
            """
            INSERT INTO login_callbacks (merchant_id, status, next_attempt_at, created_at, record)
            VALUES (\(delivery.merchantId), \(delivery.status.rawValue), \(delivery.nextAttemptAt), \(delivery.createdAt), \(record))
            RETURNING id
            """
        )
        guard let id = try rows.first.map({ try $0.value(0, Int64.self, column: "id", of: "login_callbacks") }) else {
            throw StoreError.unexpectedRow("callback id")
        }
        return id
    }

    func claimLoginCallback(now: Int64, leaseMillis: Int64) async throws -> LoginCallbackDelivery? {
        let until = now + leaseMillis
        let rows = try await query(
            """
            UPDATE login_callbacks SET claimed_until = \(until) WHERE id = (
                SELECT id FROM login_callbacks WHERE status = 'PENDING' AND next_attempt_at <= \(now)
                AND (claimed_until IS NULL OR claimed_until <= \(now)) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, record
            """
        )
        return try rows.first.map(Self.delivery)
    }

    func update(_ delivery: LoginCallbackDelivery) async throws {
        let record = try Self.encode(delivery)
        try await query(
            """
            UPDATE login_callbacks SET status = \(delivery.status.rawValue), next_attempt_at = \(delivery.nextAttemptAt),
                claimed_until = NULL, record = \(record) WHERE id = \(delivery.id)
            """
        )
    }

    func loginCallbacks(merchantId: String, limit: Int) async throws -> [LoginCallbackDelivery] {
        guard Self.storable(merchantId) else { return [] }
        return try await query(
            "SELECT id, record FROM login_callbacks WHERE merchant_id = \(merchantId) ORDER BY id DESC LIMIT \(Int64(limit))"
        ).map(Self.delivery)
    }

    func loginCallback(id: Int64, merchantId: String) async throws -> LoginCallbackDelivery? {
        guard Self.storable(merchantId) else { return nil }
        return try await query(
            "SELECT id, record FROM login_callbacks WHERE id = \(id) AND merchant_id = \(merchantId)\(unescaped: lockClause)"
        ).first.map(Self.delivery)
    }

    /// A delivery row: the record, with the row's id.
    static func delivery(_ row: PostgresRow) throws -> LoginCallbackDelivery {
        var delivery: LoginCallbackDelivery = try row.record(LoginCallbackDelivery.self, of: "login_callbacks", position: 1)
        delivery.id = try row.value(0, Int64.self, column: "id", of: "login_callbacks")
        return delivery
    }
}

import TossPayCore

/// Toss login's rows (SPEC §9) in SQLite: records as JSON beside the columns they are found by.
extension SQLiteStoreTransaction {
    func loginApp(merchantId: String) async throws -> LoginApp? {
        try await query("SELECT record FROM login_apps WHERE merchant_id = ?", [.text(merchantId)]).first.map(Self.decode)
    }

    func insertIfAbsent(_ app: LoginApp) async throws -> Bool {
        let rows = try await query(
            "INSERT INTO login_apps (merchant_id, record) VALUES (?, ?) ON CONFLICT (merchant_id) DO NOTHING RETURNING merchant_id",
            [.text(app.merchantId), .text(try Self.encode(app))]
        )
        return !rows.isEmpty
    }

    func save(_ app: LoginApp) async throws {
        try await query(
            "INSERT INTO login_apps (merchant_id, record) VALUES (?, ?) ON CONFLICT (merchant_id) DO UPDATE SET record = excluded.record",
            [.text(app.merchantId), .text(try Self.encode(app))]
        )
    }

    func loginConsent(merchantId: String, person: String) async throws -> LoginConsent? {
        try await query(
            "SELECT record FROM login_consents WHERE merchant_id = ? AND person = ?", [.text(merchantId), .text(person)]
        ).first.map(Self.decode)
    }

    func loginConsent(merchantId: String, userKey: Int64) async throws -> LoginConsent? {
        try await query(
            "SELECT record FROM login_consents WHERE merchant_id = ? AND user_key = ?", [.text(merchantId), .integer(Int(userKey))]
        ).first.map(Self.decode)
    }

    func save(_ consent: LoginConsent) async throws {
        try await query(
            """
            INSERT INTO login_consents (merchant_id, person, user_key, record) VALUES (?, ?, ?, ?)
            ON CONFLICT (merchant_id, person) DO UPDATE SET user_key = excluded.user_key, record = excluded.record
            """,
            [.text(consent.merchantId), .text(consent.person), .integer(Int(consent.userKey)), .text(try Self.encode(consent))]
        )
    }

    func deleteLoginConsent(merchantId: String, userKey: Int64) async throws -> Bool {
        !(try await query(
            "DELETE FROM login_consents WHERE merchant_id = ? AND user_key = ? RETURNING person", [.text(merchantId), .integer(Int(userKey))]
        )).isEmpty
    }

    func loginGrant(hash: String) async throws -> LoginGrant? {
        try await query("SELECT record FROM login_grants WHERE hash = ?", [.text(hash)]).first.map(Self.decode)
    }

    func insert(_ grant: LoginGrant) async throws {
        try await query(
            """
            INSERT INTO login_grants (hash, kind, merchant_id, user_key, expires_at, revoked_at, record)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(grant.hash), .text(grant.kind.rawValue), .text(grant.merchantId), .integer(Int(grant.userKey)),
                .integer(Int(grant.expiresAt)), grant.revokedAt.map { .integer(Int($0)) } ?? .null, .text(try Self.encode(grant)),
            ]
        )
    }

    func update(_ grant: LoginGrant) async throws {
        try await query(
            "UPDATE login_grants SET revoked_at = ?, record = ? WHERE hash = ?",
            [grant.revokedAt.map { .integer(Int($0)) } ?? .null, .text(try Self.encode(grant)), .text(grant.hash)]
        )
    }

    func revokeLoginGrants(merchantId: String, userKey: Int64, at: Int64) async throws -> Int {
        try await query(
            """
            UPDATE login_grants SET revoked_at = ?1, record = json_set(record, '$.revokedAt', ?1)
            WHERE merchant_id = ?2 AND user_key = ?3 AND revoked_at IS NULL AND expires_at > ?1 RETURNING hash
            """,
            [.integer(Int(at)), .text(merchantId), .integer(Int(userKey))]
        ).count
    }

    func loginPersons(limit: Int) async throws -> [String] {
        try await query("SELECT person FROM login_persons ORDER BY created_at, rowid LIMIT ?", [.integer(limit)]).map {
            try $0.text("person", of: "login_persons")
        }
    }

    func insertLoginPerson(_ person: String, createdAt: Int64) async throws {
        try await query(
            "INSERT INTO login_persons (person, created_at) VALUES (?, ?) ON CONFLICT (person) DO NOTHING",
            [.text(person), .integer(Int(createdAt))]
        )
    }
}

/// Unlink callback deliveries in SQLite: the single writer makes a claim exclusive.
extension SQLiteStoreTransaction {
    func insert(_ delivery: LoginCallbackDelivery) async throws -> Int64 {
        let rows = try await query(
            """
            INSERT INTO login_callbacks (merchant_id, status, next_attempt_at, created_at, record) VALUES (?, ?, ?, ?, ?) RETURNING id
            """,
            [
                .text(delivery.merchantId), .text(delivery.status.rawValue), .integer(Int(delivery.nextAttemptAt)),
                .integer(Int(delivery.createdAt)), .text(try Self.encode(delivery)),
            ]
        )
        guard let id = try rows.first.map({ try $0.int64("id", of: "login_callbacks") }) else { throw StoreError.unexpectedRow("callback id") }
        return id
    }

    func claimLoginCallback(now: Int64, leaseMillis: Int64) async throws -> LoginCallbackDelivery? {
        let rows = try await query(
            """
            UPDATE login_callbacks SET claimed_until = ?1 + ?2 WHERE id = (
                SELECT id FROM login_callbacks WHERE status = 'PENDING' AND next_attempt_at <= ?1
                AND (claimed_until IS NULL OR claimed_until <= ?1) ORDER BY next_attempt_at, id LIMIT 1)
            RETURNING id, record
            """,
            [.integer(Int(now)), .integer(Int(leaseMillis))]
        )
        return try rows.first.map(Self.delivery)
    }

    func update(_ delivery: LoginCallbackDelivery) async throws {
        try await query(
            "UPDATE login_callbacks SET status = ?, next_attempt_at = ?, claimed_until = NULL, record = ? WHERE id = ?",
            [.text(delivery.status.rawValue), .integer(Int(delivery.nextAttemptAt)), .text(try Self.encode(delivery)), .integer(Int(delivery.id))]
        )
    }

    func loginCallbacks(merchantId: String, limit: Int) async throws -> [LoginCallbackDelivery] {
        try await query(
            "SELECT id, record FROM login_callbacks WHERE merchant_id = ? ORDER BY id DESC LIMIT ?", [.text(merchantId), .integer(limit)]
        ).map(Self.delivery)
    }

    func loginCallback(id: Int64, merchantId: String) async throws -> LoginCallbackDelivery? {
        try await query(
            "SELECT id, record FROM login_callbacks WHERE id = ? AND merchant_id = ?", [.integer(Int(id)), .text(merchantId)]
        ).first.map(Self.delivery)
    }

    /// A delivery row: the record, with the row's id.
    static func delivery(_ row: SQLiteResultRow) throws -> LoginCallbackDelivery {
        var delivery: LoginCallbackDelivery = try decode(row)
        delivery.id = try row.int64("id", of: "login_callbacks")
        return delivery
    }
}

public import TossPayCore

/// Toss login (SPEC §9) on the store: load → ``LoginOperations`` decides → save, each in one
/// transaction, every time on the app's (merchant's) sandbox clock.
extension PaymentLedger {
    /// The tokens generate-token and refresh-token answer.
    public typealias LoginTokens = LoginOperations.Tokens
    /// A code or token made by the caller (text and hash).
    public typealias NewLoginGrant = LoginOperations.NewGrant

    /// What login-me reads: the live access token and the person's consent in its app.
    public struct LoginIdentity: Sendable {
        /// The access token's grant (app, person, userKey, scope).
        public var grant: LoginGrant
        /// The person's consent in the app (its agreed terms), if still there.
        public var consent: LoginConsent?
    }

    /// `merchantId`'s login settings, made with `makeNew` the first time they are needed (so a
    /// merchant from before login existed gets a key and AAD on first use, on any instance).
    public func loginApp(merchantId: String, makeNew: @escaping @Sendable () -> LoginApp) async throws -> LoginApp {
        if let app = try await read("login_app", { try await $0.loginApp(merchantId: merchantId) }) { return app }
        return try await write("login_app") { transaction in
            _ = try await transaction.insertIfAbsent(makeNew())
            guard let app = try await transaction.loginApp(merchantId: merchantId) else { throw StoreError.unexpectedRow("login app") }
            return app
        }
    }

    /// Sets (or, with nil, removes) `merchantId`'s unlink callback.
    public func setLoginCallback(
        _ callback: LoginCallback?, merchantId: String, makeNew: @escaping @Sendable () -> LoginApp
    ) async throws -> LoginApp {
        var app = try await loginApp(merchantId: merchantId, makeNew: makeNew)
        app.callback = callback
        let updated = app
        try await write("login_app") { try await $0.save(updated) }
        return updated
    }

    /// A person logs in to the app and agrees to its terms: the consent (kept when given
    /// before) and a new authorization code; the person is remembered for the login window.
    public func authorizeLogin(person: String, merchantId: String, code: NewLoginGrant) async throws -> String {
        try await write("login_authorize", merchantId: merchantId) { transaction, now in
            let consent = try await transaction.loginConsent(merchantId: merchantId, person: person)
            let decision = LoginOperations.authorize(person: person, merchantId: merchantId, consent: consent, code: code, now: now)
            if !LoginPerson.builtIn.contains(person) { try await transaction.insertLoginPerson(person, createdAt: now) }
            try await transaction.save(decision.effects)
            return decision.code
        }
    }

    /// A later login without the consent screen: a code when the person already agreed to this
    /// app's terms, else nil.
    public func loginAgain(person: String, merchantId: String, code: NewLoginGrant) async throws -> String? {
        try await write("login_again", merchantId: merchantId) { transaction, now in
            let consent = try await transaction.loginConsent(merchantId: merchantId, person: person)
            guard let decision = LoginOperations.again(person: person, merchantId: merchantId, consent: consent, code: code, now: now) else {
                return nil
            }
            try await transaction.save(decision.effects)
            return decision.code
        }
    }

    /// generate-token: exchanges a code of this app for tokens, once.
    public func generateLoginToken(
        codeHash: String, merchantId: String, access: NewLoginGrant, refresh: NewLoginGrant
    ) async throws -> LoginTokens {
        try await write("login_generate_token", merchantId: merchantId) { transaction, now in
            let code = try await transaction.loginGrant(hash: codeHash)
            let decision = try LoginOperations.exchange(code: code, merchantId: merchantId, access: access, refresh: refresh, now: now)
            try await transaction.save(decision.effects)
            return decision.tokens
        }
    }

    /// refresh-token: a new access token for a live refresh token of this app.
    public func refreshLoginToken(
        refreshHash: String, refreshText: String, merchantId: String, access: NewLoginGrant
    ) async throws -> LoginTokens {
        try await write("login_refresh_token", merchantId: merchantId) { transaction, now in
            let refresh = try await transaction.loginGrant(hash: refreshHash)
            let decision = try LoginOperations.refresh(refresh, text: refreshText, merchantId: merchantId, access: access, now: now)
            try await transaction.save(decision.effects)
            return decision.tokens
        }
    }

    /// login-me: the live access token's identity; `invalid_grant` (401) otherwise.
    public func loginIdentity(accessHash: String, certificateMerchantId: String?) async throws -> LoginIdentity {
        let clock = self.clock
        return try await read("login_me") { transaction in
            let stored = try await transaction.loginGrant(hash: accessHash)
            let now = try await clock.now(merchantId: stored?.merchantId ?? Merchant.sandboxId, in: transaction)
            let grant = try LoginOperations.accessToken(stored, certificateMerchantId: certificateMerchantId, now: now)
            return LoginIdentity(grant: grant, consent: try await transaction.loginConsent(merchantId: grant.merchantId, person: grant.person))
        }
    }

    /// remove-by-access-token: revokes that token; answers its userKey.
    public func removeLoginAccessToken(accessHash: String, certificateMerchantId: String?) async throws -> Int64 {
        let clock = self.clock
        return try await write("login_remove_token") { transaction in
            let stored = try await transaction.loginGrant(hash: accessHash)
            let now = try await clock.now(merchantId: stored?.merchantId ?? Merchant.sandboxId, in: transaction)
            let grant = try LoginOperations.accessToken(stored, certificateMerchantId: certificateMerchantId, now: now)
            try await transaction.save(LoginOperations.removeAccessToken(grant, now: now))
            return grant.userKey
        }
    }

    /// remove-by-user-key: revokes every token of the user in this app (the consent stays);
    /// `USER_KEY_NOT_FOUND` when the user never logged in to it.
    public func removeLoginTokens(userKey: Int64, merchantId: String) async throws -> Int64 {
        try await write("login_remove_user", merchantId: merchantId) { transaction, now in
            let consent = try LoginOperations.removeByUserKey(consent: try await transaction.loginConsent(merchantId: merchantId, userKey: userKey))
            _ = try await transaction.revokeLoginGrants(merchantId: merchantId, userKey: consent.userKey, at: now)
            return consent.userKey
        }
    }

    /// The user unlinks the app (or withdraws its terms, or leaves Toss): every token revoked and
    /// the consent gone, so the next login asks again. `USER_KEY_NOT_FOUND` when unknown.
    public func unlinkLogin(userKey: Int64, merchantId: String) async throws -> LoginConsent {
        try await write("login_unlink", merchantId: merchantId) { transaction, now in
            let consent = try LoginOperations.removeByUserKey(consent: try await transaction.loginConsent(merchantId: merchantId, userKey: userKey))
            _ = try await transaction.revokeLoginGrants(merchantId: merchantId, userKey: userKey, at: now)
            _ = try await transaction.deleteLoginConsent(merchantId: merchantId, userKey: userKey)
            return consent
        }
    }

    /// The persons the login window offers: the built-in ones, then those testers created.
    public func loginPersons(limit: Int = 200) async throws -> [String] {
        let created = try await read("login_persons") { try await $0.loginPersons(limit: limit) }
        return LoginPerson.builtIn + created.filter { !LoginPerson.builtIn.contains($0) }
    }

    /// Whether `person` already agreed to `merchantId`'s terms.
    public func hasLoginConsent(person: String, merchantId: String) async throws -> Bool {
        try await read("login_consent") { try await $0.loginConsent(merchantId: merchantId, person: person) != nil }
    }
}

extension StoreTransaction {
    /// Writes a login decision: the consent, then new grants, then changed ones.
    func save(_ effects: LoginOperations.Effects) async throws {
        if let consent = effects.consent { try await save(consent) }
        for grant in effects.newGrants { try await insert(grant) }
        for grant in effects.changedGrants { try await update(grant) }
    }
}

/// Unlink callback deliveries (SPEC §9): scheduled at unlink, claimed one attempt at a time by
/// one instance, every attempt kept. Times are wall-clock milliseconds.
extension PaymentLedger {
    /// Schedules `delivery` (due at once); returns it with its id.
    public func scheduleLoginCallback(_ delivery: LoginCallbackDelivery) async throws -> LoginCallbackDelivery {
        try await write("login_callback_schedule") { transaction in
            var stored = delivery
            stored.id = try await transaction.insert(delivery)
            return stored
        }
    }

    /// Claims the delivery due longest ago for `leaseMillis`; nil when none is due.
    public func claimLoginCallback(now: Int64, leaseMillis: Int64) async throws -> LoginCallbackDelivery? {
        try await write("login_callback_claim") { try await $0.claimLoginCallback(now: now, leaseMillis: leaseMillis) }
    }

    /// Writes an attempt's outcome and releases the claim.
    public func saveLoginCallback(_ delivery: LoginCallbackDelivery) async throws {
        try await write("login_callback_save") { try await $0.update(delivery) }
    }

    /// An app's deliveries, newest first (the delivery log).
    public func loginCallbacks(merchantId: String, limit: Int = 50) async throws -> [LoginCallbackDelivery] {
        try await read("login_callbacks") { try await $0.loginCallbacks(merchantId: merchantId, limit: limit) }
    }

    /// Sends one of an app's deliveries again now; nil when it has none with `id`.
    public func resendLoginCallback(id: Int64, merchantId: String, now: Int64) async throws -> LoginCallbackDelivery? {
        try await write("login_callback_resend") { transaction in
            guard var delivery = try await transaction.loginCallback(id: id, merchantId: merchantId) else { return nil }
            delivery.resend(now: now)
            try await transaction.update(delivery)
            return delivery
        }
    }
}

/// The decisions of Toss login (SPEC §9), without I/O: each takes the rows the store loaded,
/// the request and the app's time, and returns what to store or a refusal. Codes and tokens
/// arrive as the SHA-256 of their text; new ones are made by the caller (``NewGrant``).
public enum LoginOperations {
    /// How long an authorization code is good: 10 minutes.
    public static let codeLifetimeMillis: Int64 = 10 * 60 * 1000
    /// How long an access token is good: 1 hour (`expiresIn` 3600).
    public static let accessLifetimeMillis: Int64 = 60 * 60 * 1000
    /// How long a refresh token is good: 14 days.
    public static let refreshLifetimeMillis: Int64 = 14 * 86_400 * 1000
    /// The terms a person agrees to in the consent screen (tosspay's own tag).
    public static let terms = ["tosspay_sandbox_login_terms"]
    /// Everything a sandbox app may read.
    public static let scope = ["user_key", "user_name", "user_phone", "user_birthday", "user_ci", "user_gender", "user_nationality", "user_email"]

    /// A code or token made by the caller: its text (given to the app once) and its hash (stored).
    public struct NewGrant: Sendable {
        /// The text.
        public var text: String
        /// SHA-256 of the text, hex.
        public var hash: String

        /// Creates one.
        public init(text: String, hash: String) {
            self.text = text
            self.hash = hash
        }
    }

    /// What an operation stores.
    public struct Effects: Sendable, Equatable {
        /// A consent to insert or replace.
        public var consent: LoginConsent?
        /// Grants to insert.
        public var newGrants: [LoginGrant] = []
        /// Grants whose use or revocation changed.
        public var changedGrants: [LoginGrant] = []

        /// Creates effects.
        public init(consent: LoginConsent? = nil, newGrants: [LoginGrant] = [], changedGrants: [LoginGrant] = []) {
            self.consent = consent
            self.newGrants = newGrants
            self.changedGrants = changedGrants
        }
    }

    /// The tokens generate-token and refresh-token answer.
    public struct Tokens: Sendable, Equatable {
        /// The access token's text.
        public var accessToken: String
        /// The refresh token's text.
        public var refreshToken: String
        /// Seconds the access token is good for.
        public var expiresIn: Int64
        /// What the tokens allow.
        public var scope: [String]
    }

    /// The bare `{"error":"invalid_grant"}` answer: 400 for codes and refresh tokens, 401 for
    /// access tokens (SPEC §9).
    public static func invalidGrant(_ status: Int) -> TossPayError {
        TossPayError(.unknown("invalid_grant"), reason: "invalid_grant", httpStatus: status)
    }

    /// The login error of `code`, as the envelope carries it.
    public static func error(_ code: LoginErrorCode, reason: String? = nil) -> TossPayError {
        TossPayError(.unknown(code.rawValue), reason: reason ?? code.message, httpStatus: code.httpStatus)
    }

    /// A person logs in to `merchantId`'s app and agrees to its terms (the window's confirm, or
    /// `POST /sandbox/v1/login/authorize`): the consent (kept if given before) and a new code.
    public static func authorize(
        person: String, merchantId: String, consent: LoginConsent?, code: NewGrant, now: Int64
    ) -> (effects: Effects, code: String) {
        let userKey = LoginUserKey.of(person: person, merchantId: merchantId)
        let agreed = consent ?? LoginConsent(
            merchantId: merchantId, person: person, userKey: userKey, agreedTerms: terms, scope: scope, agreedAt: now
        )
        let grant = LoginGrant(
            hash: code.hash, kind: .code, merchantId: merchantId, person: person, userKey: userKey, scope: agreed.scope,
            issuedAt: now, expiresAt: now + codeLifetimeMillis
        )
        return (Effects(consent: consent == nil ? agreed : nil, newGrants: [grant]), code.text)
    }

    /// A later login of a person who already agreed: a code without the consent screen, or nil
    /// when the person has not agreed to this app's terms (the window must ask).
    public static func again(
        person: String, merchantId: String, consent: LoginConsent?, code: NewGrant, now: Int64
    ) -> (effects: Effects, code: String)? {
        guard let consent else { return nil }
        return authorize(person: person, merchantId: merchantId, consent: consent, code: code, now: now)
    }

    /// generate-token: a live code of this app becomes an access and a refresh token; the code
    /// is used up. Anything else is `invalid_grant` (400).
    public static func exchange(
        code: LoginGrant?, merchantId: String, access: NewGrant, refresh: NewGrant, now: Int64
    ) throws(TossPayError) -> (effects: Effects, tokens: Tokens) {
        guard var code, code.kind == .code, code.merchantId == merchantId, code.isLive(at: now) else { throw invalidGrant(400) }
        code.usedAt = now
        let accessGrant = grant(access, .access, from: code, lifetime: accessLifetimeMillis, now: now)
        let refreshGrant = grant(refresh, .refresh, from: code, lifetime: refreshLifetimeMillis, now: now)
        return (
            Effects(newGrants: [accessGrant, refreshGrant], changedGrants: [code]),
            Tokens(accessToken: access.text, refreshToken: refresh.text, expiresIn: accessLifetimeMillis / 1000, scope: code.scope)
        )
    }

    /// refresh-token: a live refresh token of this app gives a new access token; the refresh
    /// token stays as it is and is answered again (tosspay's choice). Else `invalid_grant` (400).
    public static func refresh(
        _ refresh: LoginGrant?, text: String, merchantId: String, access: NewGrant, now: Int64
    ) throws(TossPayError) -> (effects: Effects, tokens: Tokens) {
        guard let refresh, refresh.kind == .refresh, refresh.merchantId == merchantId, refresh.isLive(at: now) else {
            throw invalidGrant(400)
        }
        let accessGrant = grant(access, .access, from: refresh, lifetime: accessLifetimeMillis, now: now)
        return (
            Effects(newGrants: [accessGrant]),
            Tokens(accessToken: access.text, refreshToken: text, expiresIn: accessLifetimeMillis / 1000, scope: refresh.scope)
        )
    }

    /// login-me and remove-by-access-token: the live access token, else `invalid_grant` (401).
    /// With mTLS the certificate's merchant must be the token's app (`certificateMerchantId`).
    public static func accessToken(_ grant: LoginGrant?, certificateMerchantId: String?, now: Int64) throws(TossPayError) -> LoginGrant {
        guard let grant, grant.kind == .access, grant.isLive(at: now) else { throw invalidGrant(401) }
        if let certificateMerchantId, certificateMerchantId != grant.merchantId { throw invalidGrant(401) }
        return grant
    }

    /// remove-by-access-token: that token revoked.
    public static func removeAccessToken(_ grant: LoginGrant, now: Int64) -> Effects {
        var revoked = grant
        revoked.revokedAt = now
        return Effects(changedGrants: [revoked])
    }

    /// remove-by-user-key: the user must have logged in to this app (`USER_KEY_NOT_FOUND`).
    public static func removeByUserKey(consent: LoginConsent?) throws(TossPayError) -> LoginConsent {
        guard let consent else { throw error(.userKeyNotFound) }
        return consent
    }

    static func grant(_ new: NewGrant, _ kind: LoginGrant.Kind, from source: LoginGrant, lifetime: Int64, now: Int64) -> LoginGrant {
        LoginGrant(
            hash: new.hash, kind: kind, merchantId: source.merchantId, person: source.person, userKey: source.userKey,
            scope: source.scope, issuedAt: now, expiresAt: now + lifetime
        )
    }
}

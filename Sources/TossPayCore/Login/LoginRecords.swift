/// An app's login settings (SPEC §9): the key and AAD that encrypt the personal fields of
/// login-me, and where to call when a user unlinks. An app is a merchant.
public struct LoginApp: Sendable, Equatable, Codable {
    /// The merchant (app).
    public var merchantId: String
    /// 32 random bytes, standard base64: the AES-256-GCM key of the personal fields.
    public var decryptionKey: String
    /// The additional authenticated data every field is sealed with.
    public var aad: String
    /// The unlink callback, if the app set one.
    public var callback: LoginCallback?

    /// Creates settings.
    public init(merchantId: String, decryptionKey: String, aad: String, callback: LoginCallback? = nil) {
        self.merchantId = merchantId
        self.decryptionKey = decryptionKey
        self.aad = aad
        self.callback = callback
    }
}

/// Where Toss calls an app when a user unlinks (SPEC §9).
public struct LoginCallback: Sendable, Equatable, Codable {
    /// `GET` (userKey and referrer as query parameters) or `POST` (a JSON body).
    public enum Method: String, Sendable, Codable, CaseIterable {
        case get = "GET"
        case post = "POST"
    }

    /// An `http` or `https` URL.
    public var url: String
    /// How to call it.
    public var method: Method
    /// `user:password` sent as `Authorization: Basic base64(basicAuth)`; a secret.
    public var basicAuth: String?

    /// Creates a callback.
    public init(url: String, method: Method, basicAuth: String?) {
        self.url = url
        self.method = method
        self.basicAuth = basicAuth
    }
}

/// A person's consent to an app's terms, kept per person and app (SPEC §9): later logins of
/// that person in that app need no consent screen.
public struct LoginConsent: Sendable, Equatable, Codable {
    /// The app.
    public var merchantId: String
    /// The person.
    public var person: String
    /// The person's userKey in this app.
    public var userKey: Int64
    /// The terms agreed to.
    public var agreedTerms: [String]
    /// What the app may read.
    public var scope: [String]
    /// When, epoch milliseconds on the app's clock.
    public var agreedAt: Int64

    /// Creates a consent.
    public init(merchantId: String, person: String, userKey: Int64, agreedTerms: [String], scope: [String], agreedAt: Int64) {
        self.merchantId = merchantId
        self.person = person
        self.userKey = userKey
        self.agreedTerms = agreedTerms
        self.scope = scope
        self.agreedAt = agreedAt
    }
}

/// An authorization code, access token or refresh token, stored by the SHA-256 of its text.
public struct LoginGrant: Sendable, Equatable, Codable {
    /// What the grant is.
    public enum Kind: String, Sendable, Codable {
        case code = "CODE"
        case access = "ACCESS"
        case refresh = "REFRESH"
    }

    /// SHA-256 of the code or token, hex.
    public var hash: String
    /// Code, access or refresh.
    public var kind: Kind
    /// The app it was issued to.
    public var merchantId: String
    /// The person it is for.
    public var person: String
    /// The person's userKey in the app.
    public var userKey: Int64
    /// What it allows reading.
    public var scope: [String]
    /// Issued at, epoch milliseconds on the app's clock.
    public var issuedAt: Int64
    /// Good until (exclusive), on the app's clock.
    public var expiresAt: Int64
    /// A code's single use.
    public var usedAt: Int64?
    /// Revoked (removed, or the user unlinked).
    public var revokedAt: Int64?

    /// Creates a grant.
    public init(
        hash: String, kind: Kind, merchantId: String, person: String, userKey: Int64, scope: [String], issuedAt: Int64,
        expiresAt: Int64, usedAt: Int64? = nil, revokedAt: Int64? = nil
    ) {
        self.hash = hash
        self.kind = kind
        self.merchantId = merchantId
        self.person = person
        self.userKey = userKey
        self.scope = scope
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }

    /// Whether it can be used at `now`: not used, not revoked, not expired.
    public func isLive(at now: Int64) -> Bool { usedAt == nil && revokedAt == nil && now < expiresAt }
}

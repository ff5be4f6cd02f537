import TossPayCore

/// Where an authorization code came from, as `appLogin()` reports it: `DEFAULT` in the Toss
/// app, `SANDBOX` in the sandbox app and in tosspay. Kept as text, so a value Toss adds later
/// passes through unchanged.
public struct LoginReferrer: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The value as sent (`DEFAULT`, `SANDBOX`, …).
    public var rawValue: String

    /// Creates a referrer from its wire value.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a referrer from a string literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// A login in the Toss app.
    public static let `default` = LoginReferrer(rawValue: "DEFAULT")
    /// A login in the sandbox app, and every login on a tosspay server.
    public static let sandbox = LoginReferrer(rawValue: "SANDBOX")

    /// The wire value.
    public var description: String { rawValue }
}

/// The answer of `generate-token` and `refresh-token`.
public struct LoginTokens: Sendable, Equatable {
    /// Always `Bearer`.
    public var tokenType: String
    /// Identifies the user to `login-me` and `remove-by-access-token`; opaque, valid 1 hour.
    public var accessToken: String
    /// Gets a new access token from `refresh-token`; valid 14 days.
    public var refreshToken: String
    /// Seconds the access token is valid (3600).
    public var expiresIn: Int
    /// What the user agreed to share (`user_name`, `user_phone`, …); the wire value is
    /// space-separated.
    public var scope: [String]

    /// Creates tokens.
    public init(tokenType: String, accessToken: String, refreshToken: String, expiresIn: Int, scope: [String]) {
        self.tokenType = tokenType
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.scope = scope
    }

    static func from(_ object: JSONObject, endpoint: String) throws(TossPayClientError) -> LoginTokens {
        guard let accessToken = object.text("accessToken"), let refreshToken = object.text("refreshToken") else {
            throw .invalidResponse("\(endpoint) 응답에 accessToken, refreshToken 이 없습니다.", status: 200)
        }
        return LoginTokens(
            tokenType: object.text("tokenType") ?? "Bearer", accessToken: accessToken, refreshToken: refreshToken,
            expiresIn: Int(object.integer("expiresIn") ?? 0), scope: LoginScope.parse(object.text("scope"))
        )
    }
}

/// One personal field of `login-me` as it travels: standard base64 of IV (12 bytes) ‖
/// ciphertext ‖ GCM tag (16 bytes), AES-256-GCM. Read it with ``LoginFieldDecryptor``.
public struct EncryptedField: Sendable, Hashable, CustomStringConvertible {
    /// The base64 text as received.
    public var base64: String

    /// Wraps a received value.
    public init(base64: String) {
        self.base64 = base64
    }

    /// The base64 text (it reveals nothing without the app's key).
    public var description: String { base64 }
}

/// The user behind an access token (`login-me`). Personal fields are encrypted under the app's
/// key; a field the user did not agree to share is nil.
public struct LoginUser: Sendable, Equatable {
    /// The user's key in this app (9 digits on tosspay): the `x-toss-user-key` of the pay API.
    public var userKey: Int64
    /// What the user agreed to share (`user_key`, `user_name`, …); the wire value is
    /// comma-separated.
    public var scope: [String]
    /// The tags of the app's terms the user agreed to.
    public var agreedTerms: [String]
    /// Name (Korean).
    public var name: EncryptedField?
    /// Mobile number, e.g. `01012345678`.
    public var phone: EncryptedField?
    /// Birthday, `yyyyMMdd`.
    public var birthday: EncryptedField?
    /// Connecting information (CI, 88 characters of base64).
    public var ci: EncryptedField?
    /// Duplication information (DI); always nil on the real service and on tosspay.
    public var di: EncryptedField?
    /// `MALE` or `FEMALE`.
    public var gender: EncryptedField?
    /// `LOCAL` or `FOREIGNER`.
    public var nationality: EncryptedField?
    /// E-mail address.
    public var email: EncryptedField?

    /// The `x-toss-user-key` text for the pay calls.
    public var payUserKey: String { String(userKey) }

    /// Creates a user.
    public init(
        userKey: Int64, scope: [String], agreedTerms: [String], name: EncryptedField? = nil, phone: EncryptedField? = nil,
        birthday: EncryptedField? = nil, ci: EncryptedField? = nil, di: EncryptedField? = nil, gender: EncryptedField? = nil,
        nationality: EncryptedField? = nil, email: EncryptedField? = nil
    ) {
        self.userKey = userKey
        self.scope = scope
        self.agreedTerms = agreedTerms
        self.name = name
        self.phone = phone
        self.birthday = birthday
        self.ci = ci
        self.di = di
        self.gender = gender
        self.nationality = nationality
        self.email = email
    }

    /// The encrypted fields by their wire names, in the order login-me sends them.
    public var encryptedFields: [(name: String, value: EncryptedField?)] {
        [
            ("name", name), ("phone", phone), ("birthday", birthday), ("ci", ci), ("di", di), ("gender", gender),
            ("nationality", nationality), ("email", email),
        ]
    }

    static func from(_ object: JSONObject) throws(TossPayClientError) -> LoginUser {
        guard let userKey = object.integer("userKey") else {
            throw .invalidResponse("login-me 응답에 userKey 가 없습니다.", status: 200)
        }
        var terms: [String] = []
        if case .array(let values)? = object["agreedTerms"] {
            terms = values.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
        }
        func field(_ key: String) -> EncryptedField? {
            guard case .string(let text)? = object[key], !text.isEmpty else { return nil }
            return EncryptedField(base64: text)
        }
        return LoginUser(
            userKey: userKey, scope: LoginScope.parse(object.text("scope")), agreedTerms: terms, name: field("name"),
            phone: field("phone"), birthday: field("birthday"), ci: field("ci"), di: field("di"), gender: field("gender"),
            nationality: field("nationality"), email: field("email")
        )
    }
}

/// The personal fields of a ``LoginUser`` in clear text (``LoginFieldDecryptor/decrypt(_:)-(LoginUser)``).
public struct LoginProfile: Sendable, Equatable {
    /// Name (Korean).
    public var name: String?
    /// Mobile number, e.g. `01012345678`.
    public var phone: String?
    /// Birthday, `yyyyMMdd`.
    public var birthday: String?
    /// Connecting information (CI).
    public var ci: String?
    /// Duplication information (DI); nil in practice.
    public var di: String?
    /// `MALE` or `FEMALE`.
    public var gender: String?
    /// `LOCAL` or `FOREIGNER`.
    public var nationality: String?
    /// E-mail address.
    public var email: String?

    /// Creates a profile.
    public init(
        name: String? = nil, phone: String? = nil, birthday: String? = nil, ci: String? = nil, di: String? = nil,
        gender: String? = nil, nationality: String? = nil, email: String? = nil
    ) {
        self.name = name
        self.phone = phone
        self.birthday = birthday
        self.ci = ci
        self.di = di
        self.gender = gender
        self.nationality = nationality
        self.email = email
    }
}

/// What `POST /sandbox/v1/login/authorize` answers: what `appLogin()` resolves in a mini-app.
public struct LoginAuthorization: Sendable, Equatable {
    /// Single use, valid 10 minutes on the app's sandbox clock.
    public var authorizationCode: String
    /// `SANDBOX` on tosspay.
    public var referrer: LoginReferrer

    /// Creates an authorization.
    public init(authorizationCode: String, referrer: LoginReferrer) {
        self.authorizationCode = authorizationCode
        self.referrer = referrer
    }
}

/// An app's login settings on a tosspay server (`GET /sandbox/v1/merchants/{merchantId}/login`).
public struct LoginSettings: Sendable, Equatable {
    /// Where Toss calls the app when a user unlinks.
    public struct Callback: Sendable, Equatable {
        /// The callback URL.
        public var url: String
        /// `GET` or `POST`.
        public var method: String
        /// The Basic credentials, masked as the server shows them.
        public var basicAuth: String?

        /// Creates a callback.
        public init(url: String, method: String, basicAuth: String?) {
            self.url = url
            self.method = method
            self.basicAuth = basicAuth
        }
    }

    /// The app's AES-256 key, base64 of 32 bytes (the real console e-mails it).
    public var decryptionKey: String
    /// The app's additional authenticated data.
    public var aad: String
    /// The unlink callback, if one is set.
    public var callback: Callback?

    /// Creates settings.
    public init(decryptionKey: String, aad: String, callback: Callback? = nil) {
        self.decryptionKey = decryptionKey
        self.aad = aad
        self.callback = callback
    }

    static func from(_ object: JSONObject) throws(TossPayClientError) -> LoginSettings {
        guard let key = object.text("decryptionKey"), let aad = object.text("aad") else {
            throw .invalidResponse("login 설정 응답에 decryptionKey, aad 가 없습니다.", status: 200)
        }
        let callback = object.object("callback").flatMap { value -> Callback? in
            guard let url = value.text("url") else { return nil }
            return Callback(url: url, method: value.text("method") ?? "GET", basicAuth: value.text("basicAuth"))
        }
        return LoginSettings(decryptionKey: key, aad: aad, callback: callback)
    }
}

/// Scope lists: space-separated in tokens, comma-separated in login-me.
enum LoginScope {
    static func parse(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }
}

import Foundation
import TossPayCore

/// Toss login (`/api-partner/v1/apps-in-toss/user/oauth2/`): exchange the mini-app's
/// authorization code for tokens, read the user, refresh and revoke.
///
/// ```swift
/// // appLogin() in the mini-app gave {authorizationCode, referrer}; the server exchanges it:
/// let tokens = try await client.generateToken(authorizationCode: code, referrer: .sandbox)
/// let user = try await client.loginMe(accessToken: tokens.accessToken)
/// let payment = try await client.makePayment(request, userKey: user.payUserKey)
/// ```
///
/// On the real service the login API lives on ``TossPayClient/loginProductionURL``, another
/// host than the pay API: use a second client with that `baseURL` (same certificate). A tosspay
/// server answers both on one origin.
///
/// Failures: a code or refresh token that is expired, used, unknown or another app's, and an
/// access token that is invalid or revoked, are the bare `{"error":"invalid_grant"}` answer —
/// thrown as ``TossPayClientError/invalidGrant(status:)`` (check ``TossPayClientError/isInvalidGrant``;
/// `httpStatus` 400 for codes and refresh tokens, 401 for access tokens). Everything else is the
/// envelope's code (``TossPayClientError/loginCode`` reads the login codes, e.g.
/// `USER_KEY_NOT_FOUND`; unknown codes are kept in `code`).
extension TossPayClient {
    /// The real service's login API origin (not the pay API's).
    public static let loginProductionURL = "https://apps-in-toss-api.toss.im"

    static let loginPath = "/api-partner/v1/apps-in-toss/user/oauth2/"

    // MARK: Calls

    /// `POST generate-token` (merchant authentication): exchanges the authorization code that
    /// `appLogin()` returned for tokens. A code works once, for 10 minutes, for its own app.
    public func generateToken(authorizationCode: String, referrer: LoginReferrer = .default) async throws(TossPayClientError) -> LoginTokens {
        try Self.requireText(authorizationCode, field: "authorizationCode")
        try Self.requireText(referrer.rawValue, field: "referrer")
        let answer = try await sendLogin(
            method: "POST", path: Self.loginPath + "generate-token",
            body: ["authorizationCode": .string(authorizationCode), "referrer": .string(referrer.rawValue)],
            headers: authorizationHeaders
        )
        return try LoginTokens.from(answer, endpoint: "generate-token")
    }

    /// `POST refresh-token` (merchant authentication): a new access token for a refresh token
    /// (valid 14 days). tosspay returns the same refresh token.
    public func refreshToken(_ refreshToken: String) async throws(TossPayClientError) -> LoginTokens {
        try Self.requireText(refreshToken, field: "refreshToken")
        let answer = try await sendLogin(
            method: "POST", path: Self.loginPath + "refresh-token", body: ["refreshToken": .string(refreshToken)],
            headers: authorizationHeaders
        )
        return try LoginTokens.from(answer, endpoint: "refresh-token")
    }

    /// `GET login-me` with `Authorization: Bearer <accessToken>`: the user, personal fields
    /// encrypted (``LoginFieldDecryptor``). The token alone identifies the app.
    public func loginMe(accessToken: String) async throws(TossPayClientError) -> LoginUser {
        let answer = try await sendLogin(method: "GET", path: Self.loginPath + "login-me", body: nil, headers: try Self.bearer(accessToken))
        return try LoginUser.from(answer)
    }

    /// `POST access/remove-by-access-token` (Bearer): revokes that access token. Returns the
    /// user's key.
    @discardableResult
    public func removeByAccessToken(_ accessToken: String) async throws(TossPayClientError) -> Int64 {
        let answer = try await sendLogin(
            method: "POST", path: Self.loginPath + "access/remove-by-access-token", body: JSONObject(),
            headers: try Self.bearer(accessToken)
        )
        return try Self.userKey(in: answer, endpoint: "remove-by-access-token")
    }

    /// `POST access/remove-by-user-key` (merchant authentication): revokes every token of the
    /// user in this app. An unknown user is `USER_KEY_NOT_FOUND`. Returns the user's key.
    @discardableResult
    public func removeByUserKey(_ userKey: Int64) async throws(TossPayClientError) -> Int64 {
        let answer = try await sendLogin(
            method: "POST", path: Self.loginPath + "access/remove-by-user-key", body: ["userKey": .int(userKey)],
            headers: authorizationHeaders
        )
        return try Self.userKey(in: answer, endpoint: "remove-by-user-key")
    }

    // MARK: Sandbox (tosspay servers only)

    /// `POST /sandbox/v1/login/authorize`: `person` logs in to this client's app and agrees to
    /// its terms, as in the login window; returns what `appLogin()` would resolve. Sent with
    /// this client's credentials (the app is the caller's merchant).
    public func sandboxLoginAuthorize(person: String) async throws(TossPayClientError) -> LoginAuthorization {
        let answer = try await send(
            method: "POST", path: "/sandbox/v1/login/authorize", body: ["person": .string(person)], headers: authorizationHeaders
        )
        guard let code = answer.text("authorizationCode") else {
            throw .invalidResponse("login/authorize 응답에 authorizationCode 가 없습니다.", status: 200)
        }
        return LoginAuthorization(authorizationCode: code, referrer: LoginReferrer(rawValue: answer.text("referrer") ?? "SANDBOX"))
    }

    /// `GET /sandbox/v1/merchants/{merchantId}/login`: the app's decryption key, AAD and unlink
    /// callback. Only the caller's own merchant (the built-in sandbox merchant is `sandbox`);
    /// another id is `COMMON_INVALID_PARAMETER` (404).
    public func loginSettings(merchantId: String) async throws(TossPayClientError) -> LoginSettings {
        let id = merchantId.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? merchantId
        let answer = try await send(method: "GET", path: "/sandbox/v1/merchants/\(id)/login", body: nil, headers: authorizationHeaders)
        return try LoginSettings.from(answer)
    }

    // MARK: Transport

    /// Sends a login call: the bare `{"error": …}` answers become typed errors, the rest is
    /// the envelope as for pay.
    func sendLogin(method: String, path: String, body: JSONObject?, headers: [(String, String)]) async throws(TossPayClientError) -> JSONObject {
        let (status, object) = try await exchange(method: method, path: path, body: body, headers: headers)
        if object["resultType"] == nil, case .string(let code)? = object["error"] {
            // OAuth-style answer outside the envelope.
            if code == TossPayClientError.invalidGrantCode { throw .invalidGrant(status: status) }
            throw TossPayClientError(
                kind: .api, code: ErrorCode(rawValue: code), reason: object.text("error_description") ?? code, httpStatus: status
            )
        }
        return try Self.unwrap(object, status: status, defaultCode: LoginErrorCode.internalError.rawValue)
    }

    /// `Authorization: Bearer <token>`; a token that cannot be a header value is refused unsent.
    static func bearer(_ accessToken: String) throws(TossPayClientError) -> [(String, String)] {
        try requireText(accessToken, field: "accessToken")
        return [("Authorization", "Bearer " + accessToken)]
    }

    /// Tokens and codes are opaque, but always 1–4096 visible ASCII characters (they travel in
    /// headers and JSON).
    static func requireText(_ value: String, field: String) throws(TossPayClientError) {
        guard (1...4096).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw TossPayClientError(
                kind: .validation, code: ErrorCode(rawValue: LoginErrorCode.invalidParameter.rawValue),
                reason: "\(field) 는 1–4096자의 공백 없는 ASCII 여야 합니다."
            )
        }
    }

    static func userKey(in answer: JSONObject, endpoint: String) throws(TossPayClientError) -> Int64 {
        guard let userKey = answer.integer("userKey") else {
            throw .invalidResponse("\(endpoint) 응답에 userKey 가 없습니다.", status: 200)
        }
        return userKey
    }
}

extension TossPayClientError {
    /// The text of the bare login answer `{"error":"invalid_grant"}`.
    public static let invalidGrantCode = "invalid_grant"

    /// The login API's `{"error":"invalid_grant"}` (kind `.api`, code `.unknown("invalid_grant")`):
    /// HTTP 400 for a bad, expired, used or foreign authorization code or refresh token, 401
    /// for an invalid, expired or revoked access token. Log in again.
    public static func invalidGrant(status: Int) -> TossPayClientError {
        TossPayClientError(
            kind: .api, code: .unknown(invalidGrantCode),
            reason: status == 401 ? "액세스 토큰이 유효하지 않습니다. 다시 로그인해 주세요." : "인가 코드 또는 리프레시 토큰이 유효하지 않습니다. 다시 로그인해 주세요.",
            httpStatus: status
        )
    }

    /// Whether this is the login API's `invalid_grant` answer.
    public var isInvalidGrant: Bool {
        kind == .api && code == .unknown(Self.invalidGrantCode)
    }

    /// The login API's code (`INVALID_PARAMETER`, `USER_KEY_NOT_FOUND`, …) when the failure
    /// carries one; nil for pay codes, `invalid_grant` and codes the table does not know.
    public var loginCode: LoginErrorCode? {
        LoginErrorCode(rawValue: code.rawValue)
    }
}

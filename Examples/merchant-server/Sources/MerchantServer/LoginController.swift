import Foundation
import Hummingbird
import Logging
import TossPayClient

/// Toss login for the mini-app, on the Toss Pay client:
///
/// - `POST /my-api/login {authorizationCode, referrer}` — what `appLogin()` resolved in the
///   browser: exchanges the code (generate-token), reads the user (login-me), starts a session
///   and sets its cookie; answers `{userKey}`. `/my-api/payment/create` and `/execute` then need
///   no userKey: they take it from the session.
/// - `GET /my-api/me` — `{userKey}` of the session, or 401 `LOGIN_REQUIRED`.
/// - `POST /my-api/logout` — ends the session and clears the cookie.
///
/// The cookie holds only a random id (`HttpOnly`, `SameSite=Lax`, `Path=/`, 24 hours); the
/// userKey stays on the server. The tokens are not kept: this shop needs the userKey only.
struct LoginController: Sendable {
    let client: TossPayClient
    let orders: OrderStore

    /// The session cookie's name.
    static let cookieName = "merchant_session"
    /// How long a session lasts.
    static let sessionLifetime: Duration = .seconds(24 * 3600)

    func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group("my-api")
        group.post("login", use: login)
        group.get("me", use: me)
        group.post("logout", use: logout)
    }

    struct LoginBody: Decodable {
        var authorizationCode: String?
        var referrer: String?
    }

    struct LoggedIn: Encodable {
        var userKey: Int64
    }

    @Sendable func login(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await PaymentController.decode(LoginBody.self, from: request, context: context)
        guard let code = body?.authorizationCode, !code.isEmpty else {
            throw MerchantError(.badRequest, "INVALID_REQUEST", "appLogin() 이 준 authorizationCode 가 필요합니다.")
        }
        let user: LoginUser
        do {
            let tokens = try await client.generateToken(
                authorizationCode: code, referrer: LoginReferrer(rawValue: body?.referrer ?? LoginReferrer.default.rawValue)
            )
            user = try await client.loginMe(accessToken: tokens.accessToken)
        } catch let error where error.isInvalidGrant {
            throw MerchantError(.unauthorized, "LOGIN_FAILED", "로그인 코드가 만료되었거나 이미 사용되었습니다. 다시 로그인해 주세요.")
        } catch {
            throw MerchantError(tossPay: error)
        }
        // A session already in the browser ends: the cookie now names the new one.
        if let previous = request.cookies[Self.cookieName]?.value {
            try await orders.deleteSession(id: previous)
        }
        let session = try await orders.createSession(userKey: user.payUserKey, lifetime: Self.sessionLifetime)
        context.logger.info("login", metadata: ["userKey": "\(user.userKey)"])
        var response = try Self.json(LoggedIn(userKey: user.userKey))
        response.setCookie(Self.cookie(session, maxAge: Int(Self.sessionLifetime.components.seconds)))
        return response
    }

    @Sendable func me(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let userKey = try await Self.sessionUserKey(request, orders: orders), let number = Int64(userKey) else {
            throw MerchantError(.unauthorized, "LOGIN_REQUIRED", "로그인이 필요합니다.")
        }
        return try Self.json(LoggedIn(userKey: number))
    }

    @Sendable func logout(_ request: Request, context: BasicRequestContext) async throws -> Response {
        if let session = request.cookies[Self.cookieName]?.value {
            try await orders.deleteSession(id: session)
        }
        struct LoggedOut: Encodable { var loggedOut = true }
        var response = try Self.json(LoggedOut())
        response.setCookie(Self.cookie("", maxAge: 0))
        return response
    }

    /// The userKey of the request's session, if it has a live one.
    static func sessionUserKey(_ request: Request, orders: OrderStore) async throws -> String? {
        guard let id = request.cookies[cookieName]?.value, !id.isEmpty else { return nil }
        return try await orders.sessionUserKey(id: id)
    }

    static func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: cookieName, value: value, maxAge: maxAge, path: "/", httpOnly: true, sameSite: .lax)
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
        )
    }
}

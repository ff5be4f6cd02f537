import Foundation
import Hummingbird
import NIOCore
import TossPayCore
import TossPayStorage

/// The Toss login API of SPEC §9 under `/api-partner/v1/apps-in-toss/user/oauth2/`: the code
/// exchange and refresh (merchant authentication as for pay), login-me and token removal
/// (Bearer access token), removal by userKey. Codes and tokens are looked up by their SHA-256.
/// Bad codes and tokens answer the bare `{"error":"invalid_grant"}`; every other failure is the
/// FAIL envelope with a code of `reference/login-error-codes.tsv` (merchant authentication keeps
/// the pay API's codes).
struct LoginController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator
    let limiter: RateLimiter

    func addRoutes(to router: Router<TossPayRequestContext>) {
        let group = router.group("api-partner/v1/apps-in-toss/user/oauth2")
        group.post("generate-token", use: generateToken)
        group.post("refresh-token", use: refreshToken)
        group.get("login-me", use: loginMe)
        group.post("access/remove-by-access-token", use: removeByAccessToken)
        group.post("access/remove-by-user-key", use: removeByUserKey)
    }

    /// Runs `work`, answering `invalid_grant` bare and body errors with the login codes.
    func answering(_ work: () async throws -> Response) async throws -> Response {
        do {
            return try await work()
        } catch let error as TossPayError where error.code.rawValue == "invalid_grant" {
            return Envelope.json(.object(["error": .string("invalid_grant")]), status: HTTPResponse.Status(code: error.httpStatus))
        } catch let error as TossPayError where error.code == .commonInvalidParameter {
            throw LoginOperations.error(.invalidParameter, reason: error.reason)
        }
    }

    /// The body and the calling merchant (the app), admitted by its rate limit.
    func app(_ request: Request, _ context: TossPayRequestContext) async throws -> (FieldReader, Merchant) {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        try limiter.admit(merchant.id)
        return (fields, merchant)
    }

    /// The Bearer access token's hash; a missing or malformed header is `invalid_grant` (401),
    /// counted as a failed authentication of the client address.
    func bearer(_ request: Request, _ context: TossPayRequestContext) throws -> String {
        guard let header = request.headers[.authorization], header.count <= 1024,
              header.prefix(7).lowercased() == "bearer ", case let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces),
              !token.isEmpty else {
            throw refused(request, context)
        }
        return LoginGrantText.hash(token)
    }

    /// `invalid_grant` (401), counted against the client address (after the limit: throttled).
    func refused(_ request: Request, _ context: TossPayRequestContext) -> TossPayError {
        authenticator.throttle.refuse(LoginOperations.invalidGrant(401), from: authenticator.clientAddress(request, context: context))
    }

    static func tokensJSON(_ tokens: PaymentLedger.LoginTokens) -> JSONObject {
        [
            "tokenType": .string("Bearer"), "accessToken": .string(tokens.accessToken), "refreshToken": .string(tokens.refreshToken),
            "expiresIn": .int(tokens.expiresIn), "scope": .string(tokens.scope.joined(separator: " ")),
        ]
    }

    /// `POST generate-token {authorizationCode, referrer}`.
    @Sendable func generateToken(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        try await answering {
            let (fields, merchant) = try await app(request, context)
            let code = try LoginRequests.text(fields, "authorizationCode", maximum: 256)
            _ = try LoginRequests.referrer(fields)
            let tokens = try await ledger.generateLoginToken(
                codeHash: LoginGrantText.hash(code), merchantId: merchant.id, access: LoginGrantText.access(), refresh: LoginGrantText.refresh()
            )
            return Envelope.success(Self.tokensJSON(tokens))
        }
    }

    /// `POST refresh-token {refreshToken}`.
    @Sendable func refreshToken(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        try await answering {
            let (fields, merchant) = try await app(request, context)
            let refresh = try LoginRequests.text(fields, "refreshToken", maximum: 256)
            let tokens = try await ledger.refreshLoginToken(
                refreshHash: LoginGrantText.hash(refresh), refreshText: refresh, merchantId: merchant.id, access: LoginGrantText.access()
            )
            return Envelope.success(Self.tokensJSON(tokens))
        }
    }

    /// `GET login-me` with `Authorization: Bearer`: the user, personal fields sealed for the app.
    @Sendable func loginMe(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        try await answering {
            let hash = try bearer(request, context)
            let identity: PaymentLedger.LoginIdentity
            do {
                identity = try await ledger.loginIdentity(accessHash: hash, certificateMerchantId: await authenticator.certificateMerchantId(context))
            } catch let error as TossPayError where error.code.rawValue == "invalid_grant" {
                throw refused(request, context)
            }
            // The access token authenticated its app: the request inspector records it there.
            context.inspection?.authenticated(identity.grant.merchantId)
            try limiter.admit(identity.grant.merchantId)
            let app = try await ledger.loginApp(merchantId: identity.grant.merchantId) { LoginFieldCipher.newApp(merchantId: identity.grant.merchantId) }
            guard let cipher = LoginFieldCipher(app: app) else { throw LoginOperations.error(.internalError) }
            let person = LoginPerson(person: identity.grant.person)
            let scope = identity.grant.scope
            var user: JSONObject = [
                "userKey": .int(identity.grant.userKey),
                "scope": .string(scope.joined(separator: ",")),
                "agreedTerms": .array((identity.consent?.agreedTerms ?? LoginOperations.terms).map { .string($0) }),
                "di": .null,
            ]
            for (name, value) in person.fields {
                user[name] = scope.contains("user_" + name) ? .string(try cipher.seal(value)) : .null
            }
            return Envelope.success(user)
        }
    }

    /// `POST access/remove-by-access-token` with `Authorization: Bearer`.
    @Sendable func removeByAccessToken(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        try await answering {
            let hash = try bearer(request, context)
            let userKey: Int64
            do {
                userKey = try await ledger.removeLoginAccessToken(accessHash: hash, certificateMerchantId: await authenticator.certificateMerchantId(context))
            } catch let error as TossPayError where error.code.rawValue == "invalid_grant" {
                throw refused(request, context)
            }
            return Envelope.success(["userKey": .int(userKey)])
        }
    }

    /// `POST access/remove-by-user-key {userKey}` (a number or a string of digits).
    @Sendable func removeByUserKey(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        try await answering {
            let (fields, merchant) = try await app(request, context)
            let userKey = try LoginRequests.userKey(fields)
            return Envelope.success(["userKey": .int(try await ledger.removeLoginTokens(userKey: userKey, merchantId: merchant.id))])
        }
    }
}

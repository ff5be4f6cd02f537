import Hummingbird
import TossPayCore
import TossPayStorage

/// The login window's two JSON routes (no merchant credentials: they act for the person at the
/// window, like the checkout window's): `POST /login/authorize` records consent and issues a
/// code; `POST /login/again` issues one without the window when the person already agreed.
/// The app is the body's `merchantId`; without one, the sandbox merchant, in open mode only.
struct LoginWindowActions: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.post("login/authorize", use: authorize)
        router.post("login/again", use: again)
        // The module calls /login/again from the mini-app's own origin (a JSON POST, so the
        // browser asks first); it carries no credentials and answers only the person's own code.
        router.on("login/again", method: .options) { _, _ in
            Response(status: .noContent, headers: [
                .init("Access-Control-Allow-Origin")!: "*", .init("Access-Control-Allow-Methods")!: "POST",
                .init("Access-Control-Allow-Headers")!: "Content-Type", .init("Access-Control-Max-Age")!: "600",
            ])
        }
    }

    /// The app named by `merchantId` (nil: the sandbox merchant in open mode); an unknown one,
    /// or a public one in production mode, is 404.
    func app(_ fields: FieldReader) async throws -> Merchant {
        guard let merchantId = try fields.optionalString("merchantId") else {
            guard authenticator.openMode else { throw TossPayError.invalidParameter("merchantId", "필수 값입니다.") }
            return MerchantAuthenticator.sandboxMerchant
        }
        guard merchantId.count <= 64, let merchant = try await ledger.merchant(id: merchantId), authenticator.isAllowed(merchant) else {
            throw TossPayError(.commonInvalidParameter, reason: "merchantId: 존재하지 않는 가맹점입니다.", httpStatus: 404)
        }
        return merchant
    }

    static func codeJSON(_ code: String, person: String) -> JSONObject {
        ["authorizationCode": .string(code), "referrer": .string("SANDBOX"), "person": .string(person)]
    }

    /// `POST /login/authorize {"merchantId", "person"}`: the person agreed in the window.
    @Sendable func authorize(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await app(fields)
        let person = try LoginRequests.person(fields)
        let code = try await ledger.authorizeLogin(person: person, merchantId: merchant.id, code: LoginGrantText.code())
        return Envelope.success(Self.codeJSON(code, person: person))
    }

    /// `POST /login/again {"merchantId", "person"}`: a code at once when the person already
    /// agreed to this app's terms; 409 otherwise (the module then opens the window).
    @Sendable func again(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await app(fields)
        let person = try LoginRequests.person(fields)
        guard let code = try await ledger.loginAgain(person: person, merchantId: merchant.id, code: LoginGrantText.code()) else {
            throw LoginOperations.error(.invalidParameter, reason: "동의가 필요합니다: 로그인 창을 열어주세요.").with(httpStatus: 409)
        }
        var response = Envelope.success(Self.codeJSON(code, person: person))
        response.headers[.init("Access-Control-Allow-Origin")!] = "*"
        return response
    }
}

extension TossPayError {
    /// The same error answered with another HTTP status.
    func with(httpStatus: Int) -> TossPayError {
        TossPayError(code, reason: reason, httpStatus: httpStatus)
    }
}

import Hummingbird
import TossPayCore
import TossPayStorage

/// Toss login's sandbox controls (SPEC §9), on the caller's app like every control (SPEC §8):
/// a login without a browser, the app's decryption key, AAD and unlink callback, the unlink
/// itself, and the persons the login window offers.
struct LoginSandboxController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator
    /// Delivers unlink callbacks (schedules the first attempt).
    let callbacks: LoginCallbackScheduler

    func addRoutes(to router: Router<TossPayRequestContext>) {
        let group = router.group("sandbox/v1")
        group.post("login/authorize", use: authorize)
        group.post("login/unlink", use: unlink)
        group.get("login/persons", use: persons)
        group.get("merchants/:merchantId/login", use: settings)
        group.put("merchants/:merchantId/login", use: setSettings)
        group.get("merchants/:merchantId/login/callbacks", use: deliveries)
        group.post("merchants/:merchantId/login/callbacks/:callbackId/resend", use: resend)
    }

    /// `POST /sandbox/v1/login/authorize {"person"}` → a code for that person in the caller's
    /// app, consent given (what the login window's confirm does).
    @Sendable func authorize(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        let person = try LoginRequests.person(fields)
        let code = try await ledger.authorizeLogin(person: person, merchantId: merchant.id, code: LoginGrantText.code())
        return Envelope.success(["authorizationCode": .string(code), "referrer": .string("SANDBOX")])
    }

    /// `POST /sandbox/v1/login/unlink {"userKey", "referrer"}`: the user unlinks the caller's
    /// app (or withdraws its terms, or leaves Toss): tokens and consent revoked, callback sent.
    @Sendable func unlink(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        let userKey = try LoginRequests.userKey(fields)
        let referrer = try fields.optionalString("referrer") ?? "UNLINK"
        let scheduled = try await callbacks.unlink(userKey: userKey, referrer: referrer, merchantId: merchant.id)
        return Envelope.success(["userKey": .int(userKey), "referrer": .string(referrer), "callbackScheduled": .bool(scheduled)])
    }

    /// `GET /sandbox/v1/login/persons`: the built-in persons and those testers created.
    @Sendable func persons(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let persons = try await ledger.loginPersons()
        return Envelope.success(["persons": .array(persons.map { .object(Self.personJSON(LoginPerson(person: $0))) })])
    }

    static func personJSON(_ person: LoginPerson) -> JSONObject {
        ["person": .string(person.person), "name": .string(person.name), "gender": .string(person.gender), "birthday": .string(person.birthday)]
    }

    /// `GET /sandbox/v1/merchants/{merchantId}/login` → `{decryptionKey, aad, callback}`.
    @Sendable func settings(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.pathMerchant(request, context: context, fields: FieldReader(object: [:]))
        let app = try await ledger.loginApp(merchantId: merchant.id) { LoginFieldCipher.newApp(merchantId: merchant.id) }
        return Envelope.success(Self.settingsJSON(app))
    }

    /// `PUT /sandbox/v1/merchants/{merchantId}/login {"callback": {url, method, basicAuth} | null}`.
    @Sendable func setSettings(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.pathMerchant(request, context: context, fields: fields)
        let callback = try callbacks.callback(from: fields)
        let app = try await ledger.setLoginCallback(callback, merchantId: merchant.id) { LoginFieldCipher.newApp(merchantId: merchant.id) }
        return Envelope.success(Self.settingsJSON(app))
    }

    /// `GET /sandbox/v1/merchants/{merchantId}/login/callbacks`: the delivery log, newest first.
    @Sendable func deliveries(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.pathMerchant(request, context: context, fields: FieldReader(object: [:]))
        let deliveries = try await ledger.loginCallbacks(merchantId: merchant.id)
        return Envelope.success(["callbacks": .array(deliveries.map { .object(Self.deliveryJSON($0)) })])
    }

    /// `POST /sandbox/v1/merchants/{merchantId}/login/callbacks/{callbackId}/resend`: deliver it
    /// again now, with a fresh set of attempts.
    @Sendable func resend(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.pathMerchant(request, context: context, fields: FieldReader(object: [:]))
        guard let id = context.parameters.get("callbackId").flatMap({ Int64($0) }),
              let delivery = try await ledger.resendLoginCallback(id: id, merchantId: merchant.id, now: SandboxClock.systemMillis()) else {
            throw TossPayError(.commonInvalidParameter, reason: "callbackId: 존재하지 않는 콜백입니다.", httpStatus: 404)
        }
        return Envelope.success(Self.deliveryJSON(delivery))
    }

    static func deliveryJSON(_ delivery: LoginCallbackDelivery) -> JSONObject {
        [
            "callbackId": .int(delivery.id), "userKey": .int(delivery.userKey), "referrer": .string(delivery.referrer),
            "url": .string(delivery.callback.url), "method": .string(delivery.callback.method.rawValue),
            "basicAuth": .optional(delivery.callback.basicAuth.map(LoginCallbackScheduler.masked)),
            "status": .string(delivery.status.rawValue),
            "nextAttemptAt": delivery.status == .pending ? .string(KoreaTime.format(milliseconds: delivery.nextAttemptAt)) : .null,
            "createdAt": .string(KoreaTime.format(milliseconds: delivery.createdAt)),
            "attempts": .array(delivery.attempts.map { attempt in
                .object([
                    "at": .string(KoreaTime.format(milliseconds: attempt.at)), "atEpochMillis": .int(attempt.at),
                    "httpStatus": .optional(attempt.httpStatus.map { Int64($0) }), "error": .optional(attempt.error),
                ])
            }),
        ]
    }

    static func settingsJSON(_ app: LoginApp) -> JSONObject {
        [
            "decryptionKey": .string(app.decryptionKey),
            "aad": .string(app.aad),
            "callback": app.callback.map { callback in
                .object([
                    "url": .string(callback.url), "method": .string(callback.method.rawValue),
                    "basicAuth": .optional(callback.basicAuth.map(LoginCallbackScheduler.masked)),
                ])
            } ?? .null,
        ]
    }
}

import Hummingbird
import Logging
import TossPayCore
import TossPayStorage

/// The console's Toss login page (SPEC §9, "the console in every mode"): the app's decryption key
/// and AAD, its unlink callback, a user's unlink, and the delivery log with resend.
extension ConsoleController {
    func addLoginRoutes(to router: Router<TossPayRequestContext>) {
        router.get("console/login-settings", use: loginSettings)
        router.post("console/login-settings/callback", use: saveLoginCallback)
        router.post("console/login-settings/unlink", use: unlinkLoginUser)
        router.post("console/login-settings/callbacks/:callbackId/resend", use: resendLoginCallback)
    }

    func loginPage(_ merchant: Merchant, message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let app = try await ledger.loginApp(merchantId: merchant.id) { LoginFieldCipher.newApp(merchantId: merchant.id) }
        let deliveries = try await ledger.loginCallbacks(merchantId: merchant.id)
        let view = ConsoleLoginView(merchant: ConsoleHeader(merchant), app: app, deliveries: deliveries, message: message, error: error)
        return try page(.consoleLogin, Page(title: ConsolePage.title("토스 로그인"), theme: .console, view: view), status: status)
    }

    @Sendable func loginSettings(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        return try await loginPage(merchant)
    }

    /// Saves the callback; an empty `basicAuth` keeps the one stored; `remove=1` removes it.
    @Sendable func saveLoginCallback(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let form = try await FormBody.read(request)
        do {
            var callback: LoginCallback?
            if form["remove"] != "1" {
                var object: JSONObject = ["url": .string(form["url"] ?? ""), "method": .string(form["method"] ?? "POST")]
                if let basicAuth = form["basicAuth"], !basicAuth.isEmpty {
                    object["basicAuth"] = .string(basicAuth)
                } else if let stored = try await ledger.loginApp(merchantId: merchant.id, makeNew: { LoginFieldCipher.newApp(merchantId: merchant.id) })
                    .callback?.basicAuth {
                    object["basicAuth"] = .string(stored)
                }
                callback = try callbacks.callback(from: FieldReader(object: ["callback": .object(object)]))
            }
            _ = try await ledger.setLoginCallback(callback, merchantId: merchant.id) { LoginFieldCipher.newApp(merchantId: merchant.id) }
        } catch let error as TossPayError {
            return try await loginPage(merchant, error: "\(error.code.rawValue): \(error.reason)", status: HTTPResponse.Status(code: error.httpStatus))
        }
        context.logger.info("console set the login callback", metadata: ["merchantId": .string(merchant.id)])
        return try await loginPage(merchant, message: form["remove"] == "1" ? "콜백을 없앴어요." : "콜백을 저장했어요.")
    }

    /// A user unlinks the app (as in the sandbox control): tokens and consent revoked, callback sent.
    @Sendable func unlinkLoginUser(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let form = try await FormBody.read(request)
        let referrer = form["referrer"] ?? "UNLINK"
        do {
            let userKey = try LoginRequests.userKey(FieldReader(object: ["userKey": .string(form["userKey"] ?? "")]))
            let scheduled = try await callbacks.unlink(userKey: userKey, referrer: referrer, merchantId: merchant.id)
            return try await loginPage(merchant, message: "\(userKey) 의 연결을 끊었어요." + (scheduled ? " 콜백을 보내고 있어요." : " 설정된 콜백이 없어요."))
        } catch let error as TossPayError {
            return try await loginPage(merchant, error: "\(error.code.rawValue): \(error.reason)", status: HTTPResponse.Status(code: error.httpStatus))
        }
    }

    @Sendable func resendLoginCallback(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        guard let id = context.parameters.get("callbackId").flatMap({ Int64($0) }),
              try await ledger.resendLoginCallback(id: id, merchantId: merchant.id, now: SandboxClock.systemMillis()) != nil else {
            return try await loginPage(merchant, error: "콜백을 찾을 수 없어요.", status: .notFound)
        }
        return try await loginPage(merchant, message: "콜백 #\(id) 을 다시 보내요.")
    }
}

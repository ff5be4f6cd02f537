import Hummingbird
import Logging
import Mustache
import TossPayCore
import TossPayStorage

/// The mini-app side of Toss login (SPEC §9, §10), without merchant credentials and in every
/// mode (`--sandbox off` too):
///
/// - `GET /login?merchantId=m_…` — the login window that `appLogin()` opens: the app's name,
///   the sandbox persons to log in as (or a new name) and the terms the person agrees to
///   (`login.mustache`, `login.js`). The app is found as ``LoginWindowActions`` finds it: without
///   `merchantId` the sandbox merchant, in open mode only. Showing it writes nothing; confirming calls `POST /login/authorize` and the
///   window posts `{type: "tosspay:login", authorizationCode, referrer, person}` to its opener,
///   closing it `{type: "tosspay:login", cancelled: true}`.
/// - `GET /sdk/web-framework.js` and `GET /sdk/web-framework.d.ts` — the ES module a mini-app
///   imports as `@apps-in-toss/framework` / `@apps-in-toss/web-framework` (`TossPay`,
///   `checkoutPayment`, `appLogin`) and its types, from `Resources/sdk`, served like
///   ``SDKController``'s files (CORS open, which module scripts need).
///
/// The window is a checkout-page in the one layout; its template, its script and its few
/// extra rules (`Resources/styles/login.css`, appended to the one stylesheet) are added to a
/// copy of ``PageRenderer``'s library at start-up, with the same word-for-word check.
struct LoginWindowController: Sendable {
    let ledger: PaymentLedger
    /// The pages' templates plus the login window's.
    let library: MustacheLibrary
    /// Decides which apps a window may be for (open mode, production mode).
    let authenticator: MerchantAuthenticator

    /// The template's name in ``library``.
    static let template = "login"
    /// The partial name of the window's script, which `login.mustache` inlines.
    static let script = "login-script"

    init(ledger: PaymentLedger, pages: PageRenderer, authenticator: MerchantAuthenticator) throws {
        var library = pages.library
        try library.register(String(decoding: PackageResources.login_mustache, as: UTF8.self), named: Self.template)
        library.register(try Self.verbatim(PackageResources.login_js, named: Self.script), named: Self.script)
        // The layout inlines `stylesheet`: here, the one stylesheet followed by the window's rules.
        let stylesheet = PackageResources.tosspay_css + Array("\n".utf8) + PackageResources.login_css
        library.register(try Self.verbatim(stylesheet, named: PageRenderer.stylesheet), named: PageRenderer.stylesheet)
        self.ledger = ledger
        self.library = library
        self.authenticator = authenticator
    }

    /// A page part that must come out as written (no mustache tags in it).
    static func verbatim(_ bytes: [UInt8], named name: String) throws -> MustacheTemplate {
        let text = String(decoding: bytes, as: UTF8.self)
        let part = try MustacheTemplate(string: text)
        guard part.render(()) == text else { throw PageRenderer.Failure.notVerbatim(name) }
        return part
    }

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("login", use: show)
        router.get("sdk/web-framework.js") { _, _ in
            SDKController.asset(PackageResources.web_framework_js, type: "text/javascript; charset=utf-8")
        }
        router.get("sdk/web-framework.d.ts") { _, _ in
            SDKController.asset(PackageResources.web_framework_d_ts, type: "application/typescript; charset=utf-8")
        }
    }

    /// `GET /login`: the consent screen of the app, or a notice the tester can close (which
    /// `appLogin()` reports as a failed login).
    @Sendable func show(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let requested = request.uri.queryParameters["merchantId"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let script = LoginWindowView.Script(merchantId: requested)
        guard requested != nil || authenticator.openMode else {
            return try render(LoginWindowView(notice: .init(
                title: "어떤 앱인지 알 수 없어요",
                message: "로그인할 앱의 merchantId 가 필요해요. (/sdk/web-framework.js?merchantId=…)",
                status: "APP_REQUIRED"
            )), script: script, status: .badRequest)
        }
        do {
            var app = MerchantAuthenticator.sandboxMerchant as Merchant?
            if let requested {
                // As the window's actions find it: unknown, too long or not allowed here is 404.
                app = requested.count <= 64 ? try await ledger.merchant(id: requested) : nil
                if let found = app, !authenticator.isAllowed(found) { app = nil }
            }
            guard let app else {
                return try render(LoginWindowView(notice: .init(
                    title: "앱을 찾을 수 없어요", message: "로그인할 앱(merchantId)이 올바른지 확인해주세요.", status: "APP_NOT_FOUND"
                )), script: script, status: .notFound)
            }
            let persons = try await ledger.loginPersons()
            return try render(.consent(appName: app.name, persons: persons), script: script, status: .ok)
        } catch {
            // The store could not be read: the app may well exist, so this is no 404.
            context.logger.error("login window failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return try render(LoginWindowView(notice: .init(
                title: "로그인 화면을 불러오지 못했어요", message: "잠시 후 다시 시도해주세요.", status: "ERROR"
            )), script: script, status: .internalServerError)
        }
    }

    func render(_ view: LoginWindowView, script: LoginWindowView.Script, status: HTTPResponse.Status) throws -> Response {
        let page = Page(
            title: "토스 로그인", theme: .checkout,
            scriptData: try ScriptData(id: LoginWindowView.scriptId, encoding: script), view: view
        )
        guard let html = library.render(page, withTemplate: Self.template) else {
            throw PageRenderer.Failure.missingTemplate(Self.template)
        }
        return HTML.response(html, status: status)
    }
}

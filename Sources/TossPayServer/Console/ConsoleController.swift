import Foundation
import Hummingbird
import Logging
import TossPayCore
import TossPayStorage

/// `GET /console` (SPEC §6): a merchant's workspace — its keys (토스페이 가맹점 키 등록: API 키
/// and 테스트용 API 키), mTLS certificates, payments with filters, a payment's transactions,
/// and refunds.
///
/// A merchant signs in with one of its API keys (in open mode, also as the sandbox merchant
/// without a key) and gets a signed, `HttpOnly`, `SameSite=Strict` cookie. Forms post only
/// from the same origin. Refunds go through the same ledger operation and rules as
/// `POST /api/v2/refunds`, with a `refundNo` fixed when the form is drawn, so submitting it
/// twice refunds once.
struct ConsoleController: Sendable {
    let ledger: PaymentLedger
    let pages: PageRenderer
    let authenticator: MerchantAuthenticator
    let openMode: Bool
    /// Whether the server asks clients for certificates.
    let clientCertificatesRequired: Bool
    /// The client CA with its key, when configured: the console can issue certificates.
    let certificateAuthority: CertificateAuthority?
    /// Whether the cookie gets `Secure` (the server speaks HTTPS).
    let secureCookie: Bool
    /// The configured public origin (`http.origin`), accepted besides the request's own host
    /// when a proxy in front rewrites `Host`.
    let publicOrigin: String?
    /// Checks and schedules Toss login unlink callbacks (the login page).
    let callbacks: LoginCallbackScheduler

    static let pageSize = 50

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("console", use: home)
        router.post("console/login", use: login)
        router.post("console/logout", use: logout)
        router.post("console/logout-everywhere", use: logoutEverywhere)
        router.post("console/keys", use: issueKeys)
        router.post("console/keys/revoke", use: revokeKey)
        router.post("console/certificates", use: issueCertificate)
        router.post("console/certificates/revoke", use: revokeCertificate)
        router.get("console/payments/:payToken", use: showPayment)
        router.post("console/payments/:payToken/refund", use: refund)
        addLoginRoutes(to: router)
        addRequestRoutes(to: router)
    }

    // MARK: Pages

    @Sendable func home(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard let merchant = try await signedInMerchant(request)?.merchant else {
            return try page(.consoleSignIn, ConsolePage.signIn(openMode: openMode, error: nil))
        }
        return try await workspace(request, merchant: merchant)
    }

    func workspace(
        _ request: Request, merchant: Merchant, newKeys: (live: String, test: String)? = nil, message: String? = nil,
        error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let parameters = request.uri.queryParameters
        var filters = ConsolePage.Filters()
        var query = PaymentQuery(merchantId: merchant.id, limit: Self.pageSize + 1)
        var problems: [String] = []
        if let status = parameters.get("status"), !status.isEmpty {
            filters.status = status
            if let parsed = PaymentStatus(rawValue: status) { query.status = parsed } else { problems.append("알 수 없는 상태예요: \(status)") }
        }
        if let mode = parameters.get("mode"), !mode.isEmpty {
            filters.mode = mode
            if let parsed = PaymentMode(rawValue: mode) { query.mode = parsed } else { problems.append("모드는 TEST 또는 LIVE 예요: \(mode)") }
        }
        if let orderNo = parameters.get("orderNo"), !orderNo.isEmpty {
            filters.orderNo = orderNo
            do { try PaymentRules.validateOrderNo(orderNo) } catch { problems.append("주문번호: \(error.reason)") }
            query.orderNo = orderNo
        }
        if let userKey = parameters.get("userKey"), !userKey.isEmpty {
            filters.userKey = userKey
            do { query.userKey = try PaymentRules.validateUserKey(userKey, field: "userKey") } catch { problems.append("구매자: \(error.reason)") }
        }
        if let from = parameters.get("from"), !from.isEmpty {
            filters.from = from
            if let start = KoreaTime.startOfDay(from) { query.createdFrom = start } else { problems.append("시작일은 yyyy-MM-dd 형식의 날짜여야 해요: \(from)") }
        }
        if let to = parameters.get("to"), !to.isEmpty {
            filters.to = to
            if let start = KoreaTime.startOfDay(to) { query.createdBefore = start + 86_400_000 } else { problems.append("종료일은 yyyy-MM-dd 형식의 날짜여야 해요: \(to)") }
        }
        // Keyset pages (the list's order is (createdAt, payToken), newest first): `after` the
        // last row of a page is the next page, `before` the first row the previous one.
        let after = parameters.get("after").flatMap { $0.isEmpty ? nil : $0 }
        let before = parameters.get("before").flatMap { $0.isEmpty ? nil : $0 }
        if after != nil && before != nil {
            problems.append("after 와 before 는 함께 쓸 수 없어요.")
        } else if let text = after ?? before {
            if let cursor = PaymentCursor(text: text) {
                query.page = after != nil ? .after(cursor) : .before(cursor)
            } else {
                problems.append("\(after != nil ? "after" : "before") 는 <생성시각(ms)>.<payToken> 형식이어야 해요: \(text)")
            }
        }
        let fetched = problems.isEmpty ? try await ledger.payments(matching: query) : []
        let payments: [Payment]
        var paging = ConsolePage.Paging()
        switch query.page {
        case .newest, .after:
            // The extra row, if any, is past the end of this page: there is a next one.
            payments = Array(fetched.prefix(Self.pageSize))
            paging.hasNext = fetched.count > Self.pageSize
            paging.hasPrevious = query.page != .newest && !payments.isEmpty
        case .before:
            // The extra row, if any, is before this page's first: there is a previous one.
            payments = Array(fetched.suffix(Self.pageSize))
            paging.hasPrevious = fetched.count > Self.pageSize
            paging.hasNext = !payments.isEmpty
        }
        paging.isFirst = query.page == .newest
        paging.first = payments.first.map(PaymentCursor.init)
        paging.last = payments.last.map(PaymentCursor.init)
        let view = ConsolePage.Workspace(
            merchant: merchant, keys: try await ledger.apiKeys(merchantId: merchant.id), newKeys: newKeys,
            clientCertificatesRequired: clientCertificatesRequired, canIssueCertificates: certificateAuthority != nil,
            filters: filters, payments: payments, paging: paging,
            message: message, error: problems.isEmpty ? error : ([error].compactMap { $0 } + problems).joined(separator: " · ")
        )
        return try page(.consoleWorkspace, ConsolePage.workspace(view), status: problems.isEmpty ? status : .badRequest)
    }

    @Sendable func showPayment(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let token = context.parameters.get("payToken") ?? ""
        let message = request.uri.queryParameters.get("refunded") != nil ? "환불했어요." : nil
        return try await paymentPage(token: token, merchant: merchant, message: message, error: nil)
    }

    func paymentPage(token: String, merchant: Merchant, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard (try? PayToken.validateFormat(token)) != nil,
              let view = try await ledger.consolePayment(payToken: token, merchantId: merchant.id) else {
            return try page(.consolePaymentMissing, ConsolePage.merchantPage("결제 없음", merchant: merchant), status: .notFound)
        }
        let refundNo = "console-" + RandomText.base62(20)
        return try page(.consolePayment, ConsolePage.payment(merchant: merchant, view, refundNo: refundNo, message: message, error: error), status: status)
    }

    // MARK: Actions

    @Sendable func login(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        let form = try await FormBody.read(request)
        let merchant: Merchant
        if form["sandbox"] == "1" && openMode {
            merchant = MerchantAuthenticator.sandboxMerchant
        } else {
            guard let key = form["apiKey"] else {
                return try page(.consoleSignIn, ConsolePage.signIn(openMode: openMode, error: "API 키를 입력해주세요."), status: .unauthorized)
            }
            do {
                merchant = try await authenticator.merchant(forKey: key, from: authenticator.clientAddress(request, context: context))
            } catch let error as TossPayError {
                context.logger.notice("console sign-in refused", metadata: ["errorCode": .string(error.code.rawValue)])
                let text = error.code == .commonThrottled
                    ? "\(error.reason) (\(error.code.rawValue))" : "API 키가 올바르지 않아요. (\(error.code.rawValue))"
                return try page(
                    .consoleSignIn, ConsolePage.signIn(openMode: openMode, error: text),
                    status: HTTPResponse.Status(code: error.httpStatus)
                )
            }
        }
        let sessionId = RandomText.base62(22)
        let state = try await ledger.consoleSessionState(merchantId: merchant.id, sessionId: sessionId)
        let session = ConsoleSession(
            merchantId: merchant.id, sessionId: sessionId, generation: state.generation,
            expiresAt: Self.nowSeconds() + ConsoleSession.lifetimeSeconds
        )
        let secret = try await sessionSecret()
        context.logger.info("console sign-in", metadata: ["merchantId": .string(merchant.id)])
        return Self.redirect("/console", cookie: cookie(session.cookieValue(secret: secret), maxAge: ConsoleSession.lifetimeSeconds))
    }

    /// Ends this session on every instance (its id is recorded as signed out).
    @Sendable func logout(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        if let session = try await signedInMerchant(request)?.session {
            try await ledger.endConsoleSession(sessionId: session.sessionId)
            context.logger.info("console sign-out", metadata: ["merchantId": .string(session.merchantId)])
        }
        return Self.redirect("/console", cookie: cookie("", maxAge: 0))
    }

    /// Ends every session of the signed-in merchant, on every instance ("sign out everywhere").
    @Sendable func logoutEverywhere(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        if let merchant = try await signedInMerchant(request)?.merchant {
            try await ledger.endAllConsoleSessions(merchantId: merchant.id)
            context.logger.info("console sign-out everywhere", metadata: ["merchantId": .string(merchant.id)])
        }
        return Self.redirect("/console", cookie: cookie("", maxAge: 0))
    }

    /// Revokes one of the merchant's keys by fingerprint (the rules are ``KeyRevocation``'s).
    @Sendable func revokeKey(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let fingerprint = (try await FormBody.read(request))["fingerprint"] ?? ""
        do {
            try await ledger.revokeKey(
                merchantId: merchant.id, fingerprint: fingerprint,
                publicFingerprints: MerchantAuthenticator.publicFingerprints, callerFingerprint: nil
            )
        } catch let error as TossPayError {
            return try await workspace(request, merchant: merchant, error: "\(error.code.rawValue): \(error.reason)", status: HTTPResponse.Status(code: error.httpStatus))
        }
        context.logger.notice("console revoked an API key", metadata: ["merchantId": .string(merchant.id), "fingerprint": .string(fingerprint)])
        return try await workspace(request, merchant: merchant, message: "키 \(fingerprint) 를 폐기했어요. 이 키로 보내는 요청은 이제 거절돼요.")
    }

    @Sendable func issueKeys(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let keys = MerchantAuthenticator.newKeyPair()
        try await ledger.addKeys(merchantId: merchant.id, keys: keys.hashes)
        context.logger.info("console issued API keys", metadata: ["merchantId": .string(merchant.id)])
        return try await workspace(request, merchant: merchant, newKeys: (keys.live, keys.test))
    }

    /// Revokes one of the merchant's client certificates by serial number.
    @Sendable func revokeCertificate(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let serial = (try await FormBody.read(request))["serial"] ?? ""
        do {
            try await ledger.revokeCertificate(merchantId: merchant.id, serial: serial, callerSerial: nil)
        } catch let error as TossPayError {
            return try await workspace(request, merchant: merchant, error: "\(error.code.rawValue): \(error.reason)", status: HTTPResponse.Status(code: error.httpStatus))
        }
        let normalized = CertificateRevocation.normalizedSerial(serial) ?? serial
        context.logger.notice("console revoked a client certificate", metadata: ["merchantId": .string(merchant.id), "serial": .string(normalized)])
        return try await workspace(request, merchant: merchant, message: "인증서 \(normalized) 를 폐기했어요. 이 인증서로 보내는 요청은 이제 거절돼요.")
    }

    @Sendable func issueCertificate(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        guard let certificateAuthority else {
            return try page(.consoleNoCertificates, ConsolePage.merchantPage("인증서", merchant: merchant), status: .notFound)
        }
        let issued = try certificateAuthority.issueClientCertificate(merchantId: merchant.id)
        context.logger.info("console issued a client certificate", metadata: ["merchantId": .string(merchant.id)])
        let bytes = Array((issued.certificatePEM + issued.privateKeyPEM).utf8)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/x-pem-file",
                .contentDisposition: "attachment; filename=\"client-\(merchant.id).pem\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    @Sendable func refund(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard isSameOrigin(request) else { return try crossOrigin() }
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let token = context.parameters.get("payToken") ?? ""
        let form = try await FormBody.read(request)
        guard (try? PayToken.validateFormat(token)) != nil,
              let view = try await ledger.consolePayment(payToken: token, merchantId: merchant.id) else {
            return try await paymentPage(token: token, merchant: merchant, message: nil, error: nil)
        }
        var amount: Int64?
        if let text = form["amount"] {
            let digits = text.replacingOccurrences(of: ",", with: "")
            guard digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int64(digits) else {
                return try await paymentPage(
                    token: token, merchant: merchant, message: nil, error: "금액은 숫자로 입력해주세요: \(text)", status: .badRequest
                )
            }
            amount = value
        }
        do {
            let refund = try RefundPaymentRequest(
                payToken: token, reason: form["reason"] ?? "", mode: view.payment.mode, amount: amount, refundNo: form["refundNo"]
            ).validated()
            let outcome = try await ledger.refund(merchant: merchant, userKey: view.payment.userKey, request: refund)
            context.logger.info("console refund", metadata: [
                "merchantId": .string(merchant.id), "orderNo": .string(view.payment.orderNo),
                "amount": .stringConvertible(-outcome.refund.transactionAmount),
            ])
            return Self.redirect("/console/payments/\(token)?refunded=1")
        } catch let error as TossPayError {
            return try await paymentPage(
                token: token, merchant: merchant, message: nil, error: "\(error.code.rawValue): \(error.reason)",
                status: HTTPResponse.Status(code: error.httpStatus)
            )
        }
    }

    // MARK: Session

    /// The merchant and session of the request's console cookie, if it is valid: signed, not
    /// expired, not signed out, of the merchant's current generation (read from the store on
    /// every request, so a logout on any instance counts), and — in production mode — not the
    /// sandbox merchant.
    func signedInMerchant(_ request: Request) async throws -> (merchant: Merchant, session: ConsoleSession)? {
        guard let value = ConsoleSession.value(inCookieHeader: request.headers[.cookie]) else { return nil }
        let secret = try await sessionSecret()
        guard let session = ConsoleSession.verify(value, secret: secret, now: Self.nowSeconds()) else { return nil }
        let state = try await ledger.consoleSessionState(merchantId: session.merchantId, sessionId: session.sessionId)
        guard !state.ended, state.generation == session.generation else { return nil }
        let merchant: Merchant?
        if session.merchantId == Merchant.sandboxId {
            merchant = MerchantAuthenticator.sandboxMerchant
        } else {
            merchant = try await ledger.merchant(id: session.merchantId)
        }
        guard let merchant, authenticator.isAllowed(merchant) else { return nil }
        return (merchant, session)
    }

    /// The secret that signs sessions (made on first use, kept in the store).
    func sessionSecret() async throws -> String {
        try await ledger.consoleSecret(makeNew: { RandomText.base62(43) })
    }

    func cookie(_ value: String, maxAge: Int64) -> String {
        "\(ConsoleSession.cookieName)=\(value); Path=/console; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "")
    }

    static func nowSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// A browser's form post from this server's own pages: no `Origin` (not a browser, or an
    /// old one) or one naming this host or the configured public origin, and not marked
    /// cross-site.
    func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[.init("Sec-Fetch-Site")!], site == "cross-site" || site == "same-site" { return false }
        guard let origin = request.headers[.origin] else { return true }
        if let publicOrigin, origin == publicOrigin || origin + "/" == publicOrigin { return true }
        guard let authority = request.head.authority else { return false }
        return origin == "http://\(authority)" || origin == "https://\(authority)"
    }

    func crossOrigin() throws -> Response {
        try page(.consoleCrossOrigin, ConsolePage.plainPage("거부됨"), status: .forbidden)
    }

    /// A console page: never cached, never framed.
    func page<View>(_ template: PageTemplate, _ page: Page<View>, status: HTTPResponse.Status = .ok) throws -> Response {
        var response = try pages.response(template, page, status: status)
        response.headers[.cacheControl] = "no-store"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}

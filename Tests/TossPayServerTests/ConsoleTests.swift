import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TossPayCore
@testable import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// SPEC §6 `GET /console`: sign-in with an API key, keys, certificates, payments with
/// filters, a payment's steps, refunds — each merchant seeing only its own.
@Suite("Console")
struct ConsoleTests {
    /// Signs in with `apiKey` (or as the sandbox merchant) and returns the cookie header value.
    static func signIn(_ server: TestServer, apiKey: String?, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let body = apiKey.map { "apiKey=\(ConsolePage.percentEncode($0))" } ?? "sandbox=1"
        let reply = try await server.send(.post, "/console/login", body: body, contentType: "application/x-www-form-urlencoded", userKey: nil)
        try #require(reply.status == .seeOther, "sign-in: \(reply.status) \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        let setCookie = try #require(reply.headers[.setCookie], sourceLocation: sourceLocation)
        return try #require(setCookie.split(separator: ";").first.map(String.init), sourceLocation: sourceLocation)
    }

    static func get(_ server: TestServer, _ path: String, cookie: String?) async throws -> Reply {
        try await server.send(.get, path, contentType: nil, userKey: nil, headers: cookie.map { [.cookie: $0] } ?? [:])
    }

    static func post(_ server: TestServer, _ path: String, form: String, cookie: String?, origin: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let origin { headers[.origin] = origin }
        return try await server.send(.post, path, body: form, contentType: "application/x-www-form-urlencoded", userKey: nil, headers: headers)
    }

    /// The payTokens of the payment rows of a workspace page, in order.
    static func rows(_ reply: Reply) -> [String] {
        reply.text.components(separatedBy: "data-pay-token=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    // MARK: Signing in

    @Test func withoutASessionTheConsoleAsksForAKeyAndEveryActionSendsThere() async throws {
        try await withTestServer { server in
            let page = try await Self.get(server, "/console", cookie: nil)
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"apiKey\""))
            #expect(page.headers[.cacheControl] == "no-store")
            let token = try await server.paidPayToken(orderNo: newOrderNo("no-session"))
            for (method, path) in [(HTTPRequest.Method.get, "/console/payments/\(token)"), (.post, "/console/keys"),
                                   (.post, "/console/payments/\(token)/refund"), (.post, "/console/certificates")] {
                let reply = try await server.send(method, path, body: method == .post ? "reason=x" : nil,
                                                  contentType: "application/x-www-form-urlencoded", userKey: nil)
                #expect(reply.status == .seeOther, "\(path)")
                #expect(reply.headers[.location] == "/console")
            }
            #expect(try await server.payStatus(payToken: token) == "PAY_COMPLETE")
        }
    }

    @Test func aMerchantSignsInWithItsKeyAndTheCookieIsHttpOnlyAndStrict() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "콘솔 가맹점")
            let reply = try await Self.post(server, "/console/login", form: "apiKey=\(merchant.liveKey)", cookie: nil)
            #expect(reply.status == .seeOther)
            let setCookie = try #require(reply.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Path=/console"))
            #expect(!setCookie.contains(merchant.liveKey), "the key never goes into the cookie")
            let cookie = try await Self.signIn(server, apiKey: merchant.testKey)
            let page = try await Self.get(server, "/console", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains(merchant.id))
            #expect(page.text.contains("콘솔 가맹점"))
            #expect(!page.text.contains(merchant.testKey) && !page.text.contains(merchant.liveKey))
        }
    }

    @Test(arguments: ["", "sk_test_nope", "sk_test_w5INQyINqa5INQe013N", "%00"])
    func aWrongOrMissingKeyIsRefused(key: String) async throws {
        try await withTestServer(openMode: false) { server in
            let reply = try await Self.post(server, "/console/login", form: "apiKey=\(key)", cookie: nil)
            #expect(reply.status == .unauthorized)
            #expect(reply.headers[.setCookie] == nil)
            #expect(reply.text.contains("data-testid=\"console-error\""))
        }
    }

    @Test func theSandboxMerchantNeedsNoKeyOnlyInOpenMode() async throws {
        try await withTestServer(openMode: true) { server in
            let cookie = try await Self.signIn(server, apiKey: nil)
            #expect(try await Self.get(server, "/console", cookie: cookie).text.contains(">sandbox<"))
        }
        try await withTestServer(openMode: false) { server in
            let reply = try await Self.post(server, "/console/login", form: "sandbox=1", cookie: nil)
            #expect(reply.status == .unauthorized)
            #expect(!(try await Self.get(server, "/console", cookie: nil).text.contains("console-sandbox-login")))
        }
    }

    @Test func aForgedOrAlteredCookieIsNotASession() async throws {
        try await withTestServer(openMode: false) { server in
            let first = try await server.createMerchant(name: "첫째")
            let second = try await server.createMerchant(name: "둘째")
            let cookie = try await Self.signIn(server, apiKey: first.testKey)
            // The same signature on another merchant's id, a flipped signature, and no signature.
            let forged = cookie.replacingOccurrences(of: first.id, with: second.id)
            let lastCharacter = cookie.last == "0" ? "1" : "0"
            let flipped = String(cookie.dropLast()) + lastCharacter
            let unsigned = cookie.split(separator: ".").dropLast().joined(separator: ".")
            for candidate in [forged, flipped, unsigned, "tosspay_console=\(second.id).99999999999.00"] {
                let page = try await Self.get(server, "/console", cookie: candidate)
                #expect(page.text.contains("name=\"apiKey\""), "\(candidate) opened a workspace")
                #expect(!page.text.contains(second.id))
            }
        }
    }

    @Test func sessionsEndAndOnlyTheRightSecretVerifies() {
        let session = ConsoleSession(merchantId: "m_abc.def", expiresAt: 1_000)
        let value = session.cookieValue(secret: "secret-1")
        #expect(ConsoleSession.verify(value, secret: "secret-1", now: 999) == session)
        #expect(ConsoleSession.verify(value, secret: "secret-1", now: 1_000) == nil)   // ends at expiresAt
        #expect(ConsoleSession.verify(value, secret: "secret-2", now: 999) == nil)
        #expect(ConsoleSession.verify(String(repeating: "a", count: 513), secret: "secret-1", now: 0) == nil)
        #expect(ConsoleSession.value(inCookieHeader: "a=b; tosspay_console=x.y.z; c=d") == "x.y.z")
        #expect(ConsoleSession.value(inCookieHeader: "tosspay_consolex=1") == nil)
    }

    @Test func signingOutClearsTheCookie() async throws {
        try await withTestServer { server in
            let cookie = try await Self.signIn(server, apiKey: nil)
            let reply = try await Self.post(server, "/console/logout", form: "", cookie: cookie)
            #expect(reply.status == .seeOther)
            #expect(reply.headers[.setCookie]?.contains("Max-Age=0") == true)
        }
    }

    // MARK: Payments

    @Test func eachMerchantSeesOnlyItsOwnPayments() async throws {
        try await withTestServer(openMode: false) { server in
            let first = try await server.createMerchant(name: "첫째")
            let second = try await server.createMerchant(name: "둘째")
            let mine = try await server.paidPayToken(orderNo: newOrderNo("mine"), apiKey: first.testKey)
            let theirs = try await server.paidPayToken(orderNo: newOrderNo("theirs"), apiKey: second.testKey)
            let cookie = try await Self.signIn(server, apiKey: first.testKey)
            #expect(Self.rows(try await Self.get(server, "/console", cookie: cookie)) == [mine])
            #expect(try await Self.get(server, "/console/payments/\(mine)", cookie: cookie).status == .ok)
            let other = try await Self.get(server, "/console/payments/\(theirs)", cookie: cookie)
            #expect(other.status == .notFound)
            #expect(!other.text.contains(theirs))
            let refund = try await Self.post(server, "/console/payments/\(theirs)/refund", form: "reason=x", cookie: cookie)
            #expect(refund.status == .notFound)
            #expect(try await server.payStatus(payToken: theirs, apiKey: second.testKey) == "PAY_COMPLETE")
        }
    }

    @Test func filtersByStatusOrderNoAndBuyer() async throws {
        try await withTestServer { server in
            let waiting = try await server.madePayToken(orderNo: "filter-waiting")
            let paid = try await server.paidPayToken(orderNo: "filter-paid")
            let otherBuyer = try await server.madePayToken(orderNo: "filter-other", userKey: "buyer-2")
            let cookie = try await Self.signIn(server, apiKey: nil)
            #expect(Self.rows(try await Self.get(server, "/console", cookie: cookie)) == [otherBuyer, paid, waiting])
            #expect(Self.rows(try await Self.get(server, "/console?status=PAY_COMPLETE", cookie: cookie)) == [paid])
            #expect(Self.rows(try await Self.get(server, "/console?status=PAY_STANDBY", cookie: cookie)) == [otherBuyer, waiting])
            #expect(Self.rows(try await Self.get(server, "/console?orderNo=filter-waiting", cookie: cookie)) == [waiting])
            #expect(Self.rows(try await Self.get(server, "/console?userKey=buyer-2", cookie: cookie)) == [otherBuyer])
            #expect(Self.rows(try await Self.get(server, "/console?status=PAY_COMPLETE&userKey=buyer-2", cookie: cookie)).isEmpty)
            let live = try await server.madePayToken(orderNo: "filter-live", test: false)
            #expect(Self.rows(try await Self.get(server, "/console?mode=LIVE", cookie: cookie)) == [live])
            #expect(Self.rows(try await Self.get(server, "/console?mode=TEST&status=PAY_STANDBY", cookie: cookie)) == [otherBuyer, waiting])
        }
    }

    @Test func dateFiltersCoverWholeKoreanDays() async throws {
        try await withTestServer { server in
            let token = try await server.madePayToken(orderNo: newOrderNo("dated"))
            let ledger = try #require(server.ledger)
            let createdAt = try #require(try await ledger.consolePayment(payToken: token, merchantId: Merchant.sandboxId)).payment.createdAt
            let day = String(KoreaTime.format(milliseconds: createdAt).prefix(10))
            let dayStart = try #require(KoreaTime.startOfDay(day))
            let previousDay = String(KoreaTime.format(milliseconds: dayStart - 1).prefix(10))
            let nextDay = String(KoreaTime.format(milliseconds: dayStart + 86_400_000).prefix(10))
            let cookie = try await Self.signIn(server, apiKey: nil)
            // The day itself, from either side: inside.
            #expect(Self.rows(try await Self.get(server, "/console?from=\(day)&to=\(day)", cookie: cookie)) == [token])
            // Ending the day before, or starting the day after: outside.
            #expect(Self.rows(try await Self.get(server, "/console?to=\(previousDay)", cookie: cookie)).isEmpty)
            #expect(Self.rows(try await Self.get(server, "/console?from=\(nextDay)", cookie: cookie)).isEmpty)
        }
    }

    @Test(arguments: [
        "status=PAID", "status=pay_complete", "mode=test", "mode=BOTH", "from=2024-02-30", "to=2024/01/01", "orderNo=has%20space",
        "orderNo=\(String(repeating: "a", count: 51))", "userKey=%20",
        // Page cursors: <createdAt>.<payToken>, one of after or before.
        "after=abc", "after=12", "after=.tok", "after=12.", "before=-1.tok", "after=1e3.tok", "after=9223372036854775808.tok",
        "after=1.has%20space", "before=1.\(String(repeating: "t", count: 65))", "after=%EF%BC%91.tok", "after=1.tok&before=1.tok",
    ])
    func anInvalidFilterIsReportedNotIgnored(query: String) async throws {
        try await withTestServer { server in
            _ = try await server.madePayToken(orderNo: newOrderNo("any"))
            let cookie = try await Self.signIn(server, apiKey: nil)
            let page = try await Self.get(server, "/console?\(query)", cookie: cookie)
            #expect(page.status == .badRequest, "\(query)")
            #expect(page.text.contains("data-testid=\"console-error\""))
            #expect(Self.rows(page).isEmpty)
        }
    }

    @Test(arguments: [
        "status=SETTLEMENT_REFUND_COMPLETE", "mode=LIVE", "orderNo=\(String(repeating: "a", count: 50))", "from=1970-01-01",
        "after=0.a", "before=9223372036854775807.\(String(repeating: "t", count: 64))", "after=1.a.b", "after=&before=",
    ])
    func aValidFilterAtItsLimitIsAccepted(query: String) async throws {
        try await withTestServer { server in
            let cookie = try await Self.signIn(server, apiKey: nil)
            #expect(try await Self.get(server, "/console?\(query)", cookie: cookie).status == .ok, "\(query)")
        }
    }

    /// The `href` of the link with `testId` on a workspace page, unescaped; nil without one.
    static func link(_ reply: Reply, _ testId: String) -> String? {
        guard let anchor = reply.text.range(of: "data-testid=\"\(testId)\"") else { return nil }
        let before = reply.text[..<anchor.lowerBound]
        guard let href = before.range(of: "href=\"", options: .backwards) else { return nil }
        return before[href.upperBound...].split(separator: "\"").first.map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test func pagesHoldFiftyPaymentsNewestFirstLinkedByCursors() async throws {
        try await withTestServer { server in
            var tokens: [String] = []
            // Made quickly: many share a millisecond, and the payToken orders them.
            for index in 0..<52 { tokens.append(try await server.madePayToken(orderNo: "page-\(index)")) }
            let cookie = try await Self.signIn(server, apiKey: nil)
            let first = try await Self.get(server, "/console", cookie: cookie)
            let firstRows = Self.rows(first)
            #expect(firstRows.count == 50)
            #expect(Self.link(first, "console-previous") == nil && Self.link(first, "console-first") == nil)
            let next = try #require(Self.link(first, "console-next"))
            #expect(next.hasPrefix("/console?after=") && !next.contains("page="), "\(next)")
            let second = try await Self.get(server, next, cookie: cookie)
            let secondRows = Self.rows(second)
            #expect(secondRows.count == 2)
            #expect(Set(firstRows + secondRows) == Set(tokens) && firstRows.count + secondRows.count == 52)
            #expect(Self.link(second, "console-next") == nil)
            #expect(Self.link(second, "console-first") == "/console")
            // Back: the page before the second's first row is the first page again, and it has
            // nothing newer.
            let previous = try #require(Self.link(second, "console-previous"))
            #expect(previous.hasPrefix("/console?before="), "\(previous)")
            let again = try await Self.get(server, previous, cookie: cookie)
            #expect(Self.rows(again) == firstRows)
            #expect(Self.link(again, "console-previous") == nil)
            #expect(Self.link(again, "console-next") == next)
            // The order is (createdAt, payToken) descending, as the store returns it.
            let ledger = try #require(server.ledger)
            let listed = try await ledger.payments(matching: PaymentQuery(merchantId: Merchant.sandboxId, limit: 60))
            #expect(listed.map(\.payToken) == firstRows + secondRows)
            #expect(zip(listed, listed.dropFirst()).allSatisfy { ($0.createdAt, $0.payToken) > ($1.createdAt, $1.payToken) })
        }
    }

    @Test func pageLinksKeepTheFilters() async throws {
        try await withTestServer { server in
            for index in 0..<51 { _ = try await server.madePayToken(orderNo: "filtered-\(index)") }
            let paid = try await server.paidPayToken(orderNo: newOrderNo("filtered-paid"), amount: 1_000)
            let cookie = try await Self.signIn(server, apiKey: nil)
            let first = try await Self.get(server, "/console?status=PAY_STANDBY&mode=TEST", cookie: cookie)
            #expect(Self.rows(first).count == 50 && !Self.rows(first).contains(paid))
            let next = try #require(Self.link(first, "console-next"))
            #expect(next.hasPrefix("/console?status=PAY_STANDBY&mode=TEST&after="), "\(next)")
            let second = try await Self.get(server, next, cookie: cookie)
            #expect(Self.rows(second).count == 1)
            #expect(Self.link(second, "console-first") == "/console?status=PAY_STANDBY&mode=TEST")
            #expect(Self.link(second, "console-next") == nil)
        }
    }

    // MARK: Refunds

    @Test func aPartialThenAFullRefundFromTheConsole() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: newOrderNo("console-refund"), amount: 10_000)
            let cookie = try await Self.signIn(server, apiKey: nil)
            let detail = try await Self.get(server, "/console/payments/\(token)", cookie: cookie)
            #expect(detail.text.contains("console-refund-form"))
            let partial = try await Self.post(
                server, "/console/payments/\(token)/refund", form: "amount=3%2C000&reason=%EB%B6%80%EB%B6%84&refundNo=console-r1", cookie: cookie
            )
            #expect(partial.status == .seeOther)
            #expect(partial.headers[.location] == "/console/payments/\(token)?refunded=1")
            // The same form sent twice (same refundNo): one refund.
            _ = try await Self.post(
                server, "/console/payments/\(token)/refund", form: "amount=3000&reason=%EB%B6%80%EB%B6%84&refundNo=console-r1", cookie: cookie
            )
            let status = try await server.status(payToken: token).requireSuccess()
            #expect(status["payStatus"].string == "REFUND_SUCCESS")
            #expect(status["transactions"].array?.count == 2)
            let full = try await Self.post(server, "/console/payments/\(token)/refund", form: "amount=&reason=%EC%A0%84%EC%95%A1&refundNo=console-r2", cookie: cookie)
            #expect(full.status == .seeOther)
            let after = try await Self.get(server, "/console/payments/\(token)?refunded=1", cookie: cookie)
            #expect(after.text.contains("환불했어요"))
            #expect(after.text.components(separatedBy: "data-testid=\"console-transaction\"").count - 1 == 3)
            #expect(!after.text.contains("console-refund-form"), "nothing is left to refund")
            #expect(after.text.contains("환불 가능 금액</dt><dd>0원"))
            #expect(after.text.contains("환불 합계</dt><dd>10,000원"))
        }
    }

    @Test(arguments: [
        ("amount=10001&reason=x", "COMMON_INVALID_PARAMETER"),    // one won over what is refundable
        ("amount=0&reason=x", "COMMON_INVALID_PARAMETER"),
        ("amount=abc&reason=x", "숫자"),
        ("amount=-5&reason=x", "숫자"),
        ("amount=1000", "reason"),                                // no reason
        ("amount=1000&reason=x&refundNo=has%20space", "refundNo"),
    ])
    func aRefundTheRulesRefuseChangesNothing(form: String, expected: String) async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: newOrderNo("refused"), amount: 10_000)
            let cookie = try await Self.signIn(server, apiKey: nil)
            let reply = try await Self.post(server, "/console/payments/\(token)/refund", form: form, cookie: cookie)
            #expect(reply.status.code >= 400, "\(form)")
            #expect(reply.text.contains(expected), "\(form): \(reply.text.prefix(200))")
            #expect(try await server.payStatus(payToken: token) == "PAY_COMPLETE")
        }
    }

    @Test func theWholeAmountCanBeRefundedToTheLastWon() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: newOrderNo("exact"), amount: 10_000)
            let cookie = try await Self.signIn(server, apiKey: nil)
            let reply = try await Self.post(server, "/console/payments/\(token)/refund", form: "amount=10000&reason=x", cookie: cookie)
            #expect(reply.status == .seeOther)
            #expect(try await server.payStatus(payToken: token) == "REFUND_SUCCESS")
        }
    }

    @Test func aFormPostedFromAnotherSiteIsRefused() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: newOrderNo("csrf"), amount: 10_000)
            let cookie = try await Self.signIn(server, apiKey: nil)
            let reply = try await Self.post(
                server, "/console/payments/\(token)/refund", form: "reason=x", cookie: cookie, origin: "https://evil.example"
            )
            #expect(reply.status == .forbidden)
            let marked = try await server.send(
                .post, "/console/keys", body: "", contentType: "application/x-www-form-urlencoded", userKey: nil,
                headers: [.cookie: cookie, .init("Sec-Fetch-Site")!: "cross-site"]
            )
            #expect(marked.status == .forbidden)
            #expect(try await server.payStatus(payToken: token) == "PAY_COMPLETE")
        }
    }

    @Test func theConfiguredPublicOriginMayPostTheForms() async throws {
        try await withTestServer(configure: { $0.origin = "https://pay.example.com" }) { server in
            let token = try await server.paidPayToken(orderNo: newOrderNo("proxied"), amount: 10_000)
            let cookie = try await Self.signIn(server, apiKey: nil)
            let elsewhere = try await Self.post(
                server, "/console/payments/\(token)/refund", form: "reason=x", cookie: cookie, origin: "https://pay.example.org"
            )
            #expect(elsewhere.status == .forbidden)
            let proxied = try await Self.post(
                server, "/console/payments/\(token)/refund", form: "reason=x", cookie: cookie, origin: "https://pay.example.com"
            )
            #expect(proxied.status == .seeOther)
            #expect(try await server.payStatus(payToken: token) == "REFUND_SUCCESS")
        }
    }

    // MARK: Keys and certificates

    @Test func newKeysAreShownOnceAndWorkBesideTheOldOnes() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "키 가맹점")
            let cookie = try await Self.signIn(server, apiKey: merchant.testKey)
            let before = try await Self.get(server, "/console", cookie: cookie)
            #expect(before.text.components(separatedBy: "data-testid=\"console-key-row\"").count - 1 == 2)
            let issued = try await Self.post(server, "/console/keys", form: "", cookie: cookie)
            #expect(issued.status == .ok)
            let live = try #require(issued.text.firstMatch(of: /sk_live_[0-9A-Za-z]{24}/).map { String($0.output) })
            let test = try #require(issued.text.firstMatch(of: /sk_test_[0-9A-Za-z]{24}/).map { String($0.output) })
            _ = try await server.makePayment(orderNo: newOrderNo("new-key"), apiKey: test).requireSuccess()
            _ = try await server.makePayment(orderNo: newOrderNo("new-live"), test: false, apiKey: live).requireSuccess()
            _ = try await server.makePayment(orderNo: newOrderNo("old-key"), apiKey: merchant.testKey).requireSuccess()
            let after = try await Self.get(server, "/console", cookie: cookie)
            #expect(after.text.components(separatedBy: "data-testid=\"console-key-row\"").count - 1 == 4)
            #expect(!after.text.contains(live) && !after.text.contains(test), "keys are shown only once")
        }
    }

    @Test func certificatesNeedTheCAKeyAndNameTheMerchant() async throws {
        try await withTestServer { server in
            let cookie = try await Self.signIn(server, apiKey: nil)
            let refused = try await Self.post(server, "/console/certificates", form: "", cookie: cookie)
            #expect(refused.status == .notFound)
            #expect(refused.text.contains("tosspay certs issue"))
        }
        let directory = try temporaryDirectory("console-ca")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let authority = try CertificateAuthority.create()
        FileManager.default.createFile(atPath: directory + "/ca.pem", contents: Data(authority.certificatePEM.utf8))
        FileManager.default.createFile(atPath: directory + "/ca-key.pem", contents: Data(authority.privateKeyPEM.utf8))
        try await withTestServer(configure: {
            $0.clientCAPath = directory + "/ca.pem"
            $0.clientCAKeyPath = directory + "/ca-key.pem"
        }) { server in
            let cookie = try await Self.signIn(server, apiKey: nil)
            let workspace = try await Self.get(server, "/console", cookie: cookie)
            #expect(workspace.text.contains("console-issue-certificate"))
            let reply = try await Self.post(server, "/console/certificates", form: "", cookie: cookie)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentDisposition]?.contains("client-sandbox.pem") == true)
            #expect(reply.text.contains("BEGIN PRIVATE KEY"))
            let base64 = try #require(reply.text.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst().first?
                .components(separatedBy: "-----END CERTIFICATE-----").first)
            let der = try #require(Data(base64Encoded: base64.filter { !$0.isWhitespace }))
            #expect(CertificateAuthority.commonName(derBytes: Array(der)) == Merchant.sandboxId)
        }
    }

    // MARK: Hostile input

    /// Percent-encoded bytes of every kind (digits, letters, punctuation, UTF-8, NUL, invalid
    /// UTF-8), drawn from a seeded generator so a failure can be replayed.
    static func hostileField(_ random: inout SplitMix64) -> String {
        let pieces = ["0", "9", "-", ",", "%", "&", "=", "+", "2024-02-29", "9223372036854775808", "-1", "PAY_COMPLETE",
                      "%00", "%FF", "%EA%B0%80", "<script>", "'", "\"", "..", "/", " ", "%0A", "1e3", "０"]
        var text = ""
        for _ in 0..<Int(random.next() % 6) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        return text
    }

    @Test func randomFiltersAndRefundFormsNeverBreakTheConsoleOrMoveMoneyWrongly() async throws {
        try await withTestServer { server in
            let token = try await server.paidPayToken(orderNo: newOrderNo("fuzz"), amount: 10_000)
            let cookie = try await Self.signIn(server, apiKey: nil)
            var random = SplitMix64(seed: 20_261_129)
            for _ in 0..<150 {
                let query = ["status", "orderNo", "userKey", "from", "to", "after", "before"].map { "\($0)=\(Self.hostileField(&random))" }.joined(separator: "&")
                let page = try await Self.get(server, "/console?\(query)", cookie: cookie)
                #expect([.ok, .badRequest].contains(page.status), "\(query) → \(page.status)")
                let form = "amount=\(Self.hostileField(&random))&reason=\(Self.hostileField(&random))&refundNo=\(Self.hostileField(&random))"
                let refund = try await Self.post(server, "/console/payments/\(token)/refund", form: form, cookie: cookie)
                #expect(refund.status.code < 500, "\(form) → \(refund.status)")
                #expect(!refund.text.contains("<script>"), "user text is escaped")
            }
            // Whatever was accepted, the payment's books still add up.
            let status = try await server.status(payToken: token).requireSuccess()
            let steps = try #require(status["transactions"].objects)
            let refunded = steps.filter { $0["stepType"].string == "REFUND" }.compactMap { $0["transactionAmount"].int64 }.reduce(0, +)
            #expect(refunded.magnitude <= 10_000)
            let ledger = try #require(server.ledger)
            let report = try await LedgerVerifier(store: ledger.store).run()
            #expect(report.violations.isEmpty, "\(report.violations)")
        }
    }
}

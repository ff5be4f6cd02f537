import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// Captures every log line (message and metadata) so tests can search them.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "capture") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.lines.withLock { $0.append("\(event.level) \(event.message) \(all) \(event.source)") }
        }
    }
}

@Suite("Security: rate limit, sandbox off, logs, access")
struct SecurityTests {
    @Test func theRateLimitThrottlesTheRequestJustOverIt() async throws {
        try await withTestServer(configure: { $0.rateLimitPerMinute = 5 }) { server in
            for index in 1...5 {
                let reply = try await server.makePayment(orderNo: "limit-\(index)")
                #expect(reply.status == .ok, "request \(index) of 5 is inside the limit")
            }
            let sixth = try await server.makePayment(orderNo: "limit-6")
            #expect(sixth.status.code == 429)
            #expect(sixth.resultType == "FAIL")
            #expect(sixth.errorCode == "COMMON_THROTTLED")
        }
    }

    @Test func theRateLimitIsPerMerchant() async throws {
        try await withTestServer(configure: { $0.rateLimitPerMinute = 2 }) { server in
            let created = try await server.post("/sandbox/v1/merchants", ["name": "B"], userKey: nil).requireSuccess()
            let key = try #require(created["testApiKey"].string)
            for index in 1...2 { #expect(try await server.makePayment(orderNo: "a-\(index)").status == .ok) }
            #expect(try await server.makePayment(orderNo: "a-3").errorCode == "COMMON_THROTTLED")
            #expect(try await server.makePayment(orderNo: "b-1", apiKey: key).status == .ok, "merchant B has its own budget")
        }
    }

    @Test func sandboxOffAnswers404AndIgnoresFaultHeaders() async throws {
        try await withTestServer(configure: { $0.sandboxEnabled = false }) { server in
            for path in ["/sandbox/v1/clock", "/sandbox/v1/users/u1"] {
                let reply = try await server.send(.get, path, contentType: nil, userKey: nil)
                #expect(reply.status == .notFound, "\(path) is off")
                #expect(reply.errorCode == "COMMON_INVALID_PARAMETER")
            }
            let merchants = try await server.post("/sandbox/v1/merchants", ["name": "x"], userKey: nil)
            #expect(merchants.status == .notFound)
            // Production mode has no open mode: the request carries a merchant's key.
            let created = try await MerchantProvisioning.create(name: "운영", in: try #require(server.ledger).store)
            var headers = TestServer.auth(created.testKey)
            headers[HTTPField.Name("x-tosspay-test-code")!] = "COMMON_NOT_ENOUGH_CASH"
            let injected = try await server.post(
                "\(partnerPath)/make-payment", TestServer.makeBody(orderNo: "fault-off"), headers: headers
            )
            #expect(injected.status == .ok, "fault injection is a sandbox control")
        }
    }

    @Test func keyHashesMatchOnlyWhenEveryByteIsEqual() {
        let merchant = Merchant(id: "m", name: "M", createdAt: 0)
        let other = Merchant(id: "o", name: "O", createdAt: 0)
        let hash = [UInt8](repeating: 7, count: 32)
        var lastByteOff = hash
        lastByteOff[31] = 8
        var firstByteOff = hash
        firstByteOff[0] = 0
        let entries = [(hash: lastByteOff, merchant: other), (hash: hash, merchant: merchant)]
        #expect(MerchantAuthenticator.constantTimeMatch(hash, in: entries)?.id == "m")
        #expect(MerchantAuthenticator.constantTimeMatch(firstByteOff, in: entries) == nil)
        #expect(MerchantAuthenticator.constantTimeMatch(Array(hash.prefix(31)), in: entries) == nil)
        #expect(MerchantAuthenticator.constantTimeMatch(hash, in: []) == nil)
    }

    @Test func aKnownKeyKeepsWorkingAndAWrongOneIsRefused() async throws {
        try await withTestServer(openMode: false) { server in
            let created = try await server.post("/sandbox/v1/merchants", ["name": "K"], userKey: nil).requireSuccess()
            let key = try #require(created["testApiKey"].string)
            for index in 1...3 {
                #expect(try await server.makePayment(orderNo: "known-\(index)", apiKey: key).status == .ok, "call \(index)")
            }
            #expect(try await server.makePayment(orderNo: "wrong", apiKey: String(key.dropLast()) + "x").errorCode == "COMMON_INVALID_API_KEY")
        }
    }

    @Test func sandboxOffTurnsOpenModeOffByDefault() {
        var configuration = ServerConfiguration()
        #expect(configuration.isOpenMode, "loopback with the sandbox on is open")
        configuration.sandboxEnabled = false
        #expect(!configuration.isOpenMode)
        configuration.openMode = true
        #expect(configuration.isOpenMode, "an explicit setting wins")
    }

    @Test func aFullFlowLeavesNoKeyCardOrAccountNumberInTheLogs() async throws {
        let capture = LogCapture()
        let consoleKeys = Mutex<[String]>([])
        let (apiKey, cardNumbers, accountNumber) = try await withTestServer(logger: capture.logger) { server in
            let created = try await server.post("/sandbox/v1/merchants", ["name": "로그"], userKey: nil).requireSuccess()
            let key = try #require(created["testApiKey"].string)
            let ledger = try #require(server.ledger)
            let merchantId = try #require(created["merchantId"].string)
            let user = try await ledger.user(TestServer.buyer, merchantId: merchantId)
            for (index, method) in [("TOSS_MONEY", nil), ("CARD", 4)].enumerated() {
                let token = try await server.authorizedPayToken(
                    orderNo: "log-\(index)", amount: 60_000, payMethod: method.0, cardCompanyCode: method.1, apiKey: key
                )
                _ = try await server.execute(payToken: token, apiKey: key).requireSuccess()
                _ = try await server.refund(payToken: token, apiKey: key).requireSuccess()
                _ = try await server.status(payToken: token, apiKey: key).requireSuccess()
            }
            _ = try await server.makePayment(orderNo: "log-bad", apiKey: key + "x")
            // The console: a sign-in with the key, a wrong one, new keys, a refund.
            let formType = "application/x-www-form-urlencoded"
            let signIn = try await server.send(.post, "/console/login", body: "apiKey=\(key)", contentType: formType, userKey: nil)
            let cookie = try #require(signIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            _ = try await server.send(.post, "/console/login", body: "apiKey=\(key)x", contentType: formType, userKey: nil)
            let issued = try await server.send(.post, "/console/keys", body: "", contentType: formType, userKey: nil, headers: [.cookie: cookie])
            let newKey = try #require(issued.text.firstMatch(of: /sk_test_[0-9A-Za-z]{24}/).map { String($0.output) })
            let token = try await server.paidPayToken(orderNo: "log-console", amount: 60_000, payMethod: "CARD", cardCompanyCode: 4, apiKey: newKey)
            let refund = try await server.send(
                .post, "/console/payments/\(token)/refund", body: "amount=1000&reason=log", contentType: formType, userKey: nil,
                headers: [.cookie: cookie]
            )
            #expect(refund.status == .seeOther)
            _ = try await server.send(.get, "/console/payments/\(token)", contentType: nil, userKey: nil, headers: [.cookie: cookie])
            consoleKeys.withLock { $0 = [newKey, cookie] }
            return (key, user.cards.map(\.number), user.bankAccount?.accountNumber ?? "")
        }
        let logs = capture.text
        #expect(logs.contains("request"), "the request log was captured")
        #expect(!logs.contains(apiKey))
        #expect(!logs.contains(String(apiKey.dropFirst(8))))
        for number in cardNumbers { #expect(!logs.contains(number)) }
        #expect(!accountNumber.isEmpty && !logs.contains(accountNumber))
        let secrets = consoleKeys.withLock { $0 }
        #expect(secrets.count == 2)
        for secret in secrets { #expect(!logs.contains(secret)) }
        #expect(logs.contains("console refund"), "the console's actions are logged (without secrets)")
    }
}

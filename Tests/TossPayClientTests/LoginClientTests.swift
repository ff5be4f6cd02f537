import Foundation
import Synchronization
import Testing
import TossPayClient
import TossPayCore
import TossPayTestSupport

/// `TossPayClient`'s Toss login calls against a live tosspay on loopback: every call, the bare
/// `invalid_grant` answers as typed errors, envelope codes kept, and the personal fields
/// decrypted with the app's key from the sandbox route.
@Suite("Toss login client")
struct LoginClientTests {
    /// A sandbox person of this test alone (persons are global; names keep tests apart).
    static func newPerson() -> String { "로그인" + String(UUID().uuidString.prefix(8)) }

    /// Logs `person` in to `client`'s app: sandbox authorize, generate-token.
    static func login(_ client: TossPayClient, person: String) async throws -> LoginTokens {
        let authorization = try await client.sandboxLoginAuthorize(person: person)
        #expect(authorization.referrer == .sandbox)
        return try await client.generateToken(authorizationCode: authorization.authorizationCode, referrer: authorization.referrer)
    }

    @Test func everyCallFromCodeToRemoval() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let person = Self.newPerson()
            let authorization = try await client.sandboxLoginAuthorize(person: person)
            #expect(authorization.referrer.rawValue == "SANDBOX")
            #expect(!authorization.authorizationCode.isEmpty)

            let tokens = try await client.generateToken(authorizationCode: authorization.authorizationCode, referrer: .sandbox)
            #expect(tokens.tokenType == "Bearer")
            #expect(tokens.expiresIn == 3600)
            #expect(tokens.scope == ["user_key", "user_name", "user_phone", "user_birthday", "user_ci", "user_gender", "user_nationality", "user_email"])
            #expect(tokens.accessToken != tokens.refreshToken)

            let user = try await client.loginMe(accessToken: tokens.accessToken)
            #expect((100_000_000...999_999_999).contains(user.userKey), "a 9-digit userKey: \(user.userKey)")
            #expect(user.payUserKey == String(user.userKey))
            #expect(user.scope.contains("user_key"))
            #expect(Set(user.scope).isSuperset(of: tokens.scope))
            #expect(!user.agreedTerms.isEmpty)
            #expect(user.di == nil)
            for (name, value) in user.encryptedFields where name != "di" {
                #expect(value != nil, "\(name) is agreed and present")
            }

            // The same person logs in again: the same userKey.
            let again = try await client.loginMe(accessToken: try await Self.login(client, person: person).accessToken)
            #expect(again.userKey == user.userKey)

            // Refresh: a new access token, the same refresh token, the same user.
            let refreshed = try await client.refreshToken(tokens.refreshToken)
            #expect(refreshed.accessToken != tokens.accessToken)
            #expect(refreshed.refreshToken == tokens.refreshToken)
            #expect(refreshed.expiresIn == 3600)
            #expect(refreshed.scope == tokens.scope)
            #expect(try await client.loginMe(accessToken: refreshed.accessToken).userKey == user.userKey)

            // Remove one access token: that token is dead (401 invalid_grant).
            #expect(try await client.removeByAccessToken(refreshed.accessToken) == user.userKey)
            let removed = await clientError { try await client.loginMe(accessToken: refreshed.accessToken) }
            #expect(removed?.isInvalidGrant == true)
            #expect(removed?.httpStatus == 401)
            #expect(removed?.code.rawValue == "invalid_grant")

            // Remove by userKey: every token of the user in this app.
            #expect(try await client.removeByUserKey(user.userKey) == user.userKey)
            let revoked = await clientError { try await client.loginMe(accessToken: tokens.accessToken) }
            #expect(revoked?.isInvalidGrant == true)
            #expect(revoked?.httpStatus == 401)
            let refreshRevoked = await clientError { try await client.refreshToken(tokens.refreshToken) }
            #expect(refreshRevoked?.isInvalidGrant == true)
            #expect(refreshRevoked?.httpStatus == 400)
        }
    }

    @Test func everyPersonalFieldDecryptsWithTheAppsKey() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let person = Self.newPerson()
            let user = try await client.loginMe(accessToken: try await Self.login(client, person: person).accessToken)
            let settings = try await client.loginSettings(merchantId: "sandbox")
            #expect(Data(base64Encoded: settings.decryptionKey)?.count == 32)
            #expect(!settings.aad.isEmpty)
            let decryptor = try LoginFieldDecryptor(settings: settings)

            let expected = LoginPerson(person: person)
            let profile = try decryptor.decrypt(user)
            #expect(profile.name == person)
            #expect(profile.name == expected.name)
            #expect(profile.phone == expected.phone)
            #expect(profile.birthday == expected.birthday)
            #expect(profile.ci == expected.ci)
            #expect(profile.gender == expected.gender)
            #expect(profile.nationality == expected.nationality)
            #expect(profile.email == expected.email)
            #expect(profile.di == nil)
            #expect(profile.phone?.wholeMatch(of: /010[0-9]{8}/) != nil)
            #expect(profile.birthday?.wholeMatch(of: /(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9])/) != nil)
            #expect(profile.ci?.count == 88)
            #expect(["MALE", "FEMALE"].contains(profile.gender ?? ""))
            #expect(["LOCAL", "FOREIGNER"].contains(profile.nationality ?? ""))

            // One field at a time gives the same.
            #expect(try user.name.map(decryptor.decrypt) == person)

            // Another AAD, another key, an altered field: refused, never garbage.
            let name = try #require(user.name)
            let wrongAAD = try LoginFieldDecryptor(decryptionKey: settings.decryptionKey, aad: settings.aad + "x")
            #expect(throws: LoginDecryptionError.self) { try wrongAAD.decrypt(name) }
            let otherKey = try LoginFieldDecryptor(decryptionKey: Data(repeating: 7, count: 32).base64EncodedString(), aad: settings.aad)
            #expect(throws: LoginDecryptionError.self) { try otherKey.decrypt(name) }
            var bytes = try #require(Data(base64Encoded: name.base64))
            bytes[bytes.count - 1] ^= 0x01
            #expect(throws: LoginDecryptionError.self) { try decryptor.decrypt(EncryptedField(base64: bytes.base64EncodedString())) }
            #expect(throws: LoginDecryptionError.self) { try decryptor.decrypt(EncryptedField(base64: "not base64!")) }
            #expect(throws: LoginDecryptionError.self) { try decryptor.decrypt(EncryptedField(base64: Data(count: 27).base64EncodedString())) }
        }
    }

    @Test func aKeyThatIsNotAES256IsRefused() {
        #expect(throws: LoginDecryptionError.self) { try LoginFieldDecryptor(decryptionKey: "not base64!", aad: "a") }
        #expect(throws: LoginDecryptionError.self) {
            try LoginFieldDecryptor(decryptionKey: Data(count: 16).base64EncodedString(), aad: "a")
        }
        #expect(throws: Never.self) { try LoginFieldDecryptor(decryptionKey: Data(count: 32).base64EncodedString(), aad: "") }
    }

    @Test func aCodeWorksOnceAndUnknownCodesAndTokensAreInvalidGrant() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let authorization = try await client.sandboxLoginAuthorize(person: Self.newPerson())
            _ = try await client.generateToken(authorizationCode: authorization.authorizationCode, referrer: .sandbox)

            let reused = await clientError { try await client.generateToken(authorizationCode: authorization.authorizationCode, referrer: .sandbox) }
            #expect(reused?.isInvalidGrant == true)
            #expect(reused?.kind == .api)
            #expect(reused?.httpStatus == 400)
            #expect(reused?.reason.isEmpty == false)

            let unknown = await clientError { try await client.generateToken(authorizationCode: "unknownCode123", referrer: .sandbox) }
            #expect(unknown?.isInvalidGrant == true)
            #expect(unknown?.httpStatus == 400)

            let unknownRefresh = await clientError { try await client.refreshToken("tpr_unknown") }
            #expect(unknownRefresh?.isInvalidGrant == true)
            #expect(unknownRefresh?.httpStatus == 400)

            let unknownAccess = await clientError { try await client.loginMe(accessToken: "tpa_unknown") }
            #expect(unknownAccess?.isInvalidGrant == true)
            #expect(unknownAccess?.httpStatus == 401)
            let removeUnknown = await clientError { try await client.removeByAccessToken("tpa_unknown") }
            #expect(removeUnknown?.isInvalidGrant == true)
            #expect(removeUnknown?.httpStatus == 401)
        }
    }

    @Test func aCodeOfAnotherAppIsInvalidGrantAndKeysStayWithTheirApp() async throws {
        try await withTossPay { server in
            let sandboxApp = try server.client()
            let merchant = try await sandboxApp.createSandboxMerchant(name: "로그인 앱 B")
            let otherApp = try server.client(credentials: .apiKey(merchant.testApiKey))
            let person = Self.newPerson()

            // A code issued to the sandbox merchant's app does not work for app B.
            let code = try await sandboxApp.sandboxLoginAuthorize(person: person)
            let foreign = await clientError { try await otherApp.generateToken(authorizationCode: code.authorizationCode, referrer: .sandbox) }
            #expect(foreign?.isInvalidGrant == true)
            #expect(foreign?.httpStatus == 400)
            let inSandbox = try await sandboxApp.loginMe(accessToken: try await Self.login(sandboxApp, person: person).accessToken)

            // The same person in app B: another userKey, the same data under B's key.
            let inB = try await otherApp.loginMe(accessToken: try await Self.login(otherApp, person: person).accessToken)
            #expect(inB.userKey != inSandbox.userKey)
            let sandboxKey = try LoginFieldDecryptor(settings: try await sandboxApp.loginSettings(merchantId: "sandbox"))
            let keyB = try LoginFieldDecryptor(settings: try await otherApp.loginSettings(merchantId: merchant.merchantId))
            #expect(try keyB.decrypt(inB) == sandboxKey.decrypt(inSandbox))
            #expect(throws: LoginDecryptionError.self) { try sandboxKey.decrypt(inB) }

            // B cannot read the sandbox merchant's key, nor remove its users.
            let settings = await clientError { try await otherApp.loginSettings(merchantId: "sandbox") }
            #expect(settings?.code == .commonInvalidParameter)
            #expect(settings?.httpStatus == 404)
            let removal = await clientError { try await otherApp.removeByUserKey(inSandbox.userKey) }
            #expect(removal?.loginCode == .userKeyNotFound)
        }
    }

    @Test func removingAnUnknownUserIsUserKeyNotFound() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let error = await clientError { try await client.removeByUserKey(123_456_789) }
            #expect(error?.kind == .api)
            #expect(error?.loginCode == .userKeyNotFound)
            #expect(error?.code.rawValue == "USER_KEY_NOT_FOUND")
            #expect(error?.httpStatus == 404)
            #expect(error?.isInvalidGrant == false)
        }
    }

    @Test func theLoginUserKeyPaysAsTheAppsBuyer() async throws {
        try await withTossPay { server in
            let client = try server.client()
            let user = try await client.loginMe(accessToken: try await Self.login(client, person: Self.newPerson()).accessToken)
            let orderNo = newOrderNo("login")
            let token = try await client.makePayment(
                try MakePaymentRequest(orderNo: orderNo, productDesc: "로그인 상품", amount: 3_000, amountTaxFree: 0, isTestPayment: true),
                userKey: user.payUserKey
            )
            #expect(try await client.sandboxAuthorize(payToken: token, userKey: user.payUserKey, payMethod: .tossMoney) == "PAY_APPROVED")
            let paid = try await client.executePayment(ExecutePaymentRequest(payToken: token, mode: .test), orderNo: orderNo, userKey: user.payUserKey)
            #expect(paid.paidAmount == 3_000)
            #expect(try await server.tossMoneyBalance(user.payUserKey) == 1_000_000 - 3_000)
        }
    }

    @Test func merchantCredentialsAreRequiredOutsideOpenMode() async throws {
        try await withTossPay(openMode: false) { server in
            let anonymous = try server.client()
            let error = await clientError { try await anonymous.generateToken(authorizationCode: "whatever123", referrer: .sandbox) }
            #expect(error?.code == .commonUnauthorized)
            #expect(error?.httpStatus == 401)
            let wrongKey = try server.client(credentials: .apiKey("sk_test_wrong"))
            let refused = await clientError { try await wrongKey.refreshToken("tpr_whatever") }
            #expect(refused?.code == .commonInvalidApiKey)
        }
    }

    // MARK: Without a server

    /// Answers every request with a fixed status and body, recording the requests.
    final class CannedTransport: ClientTransport {
        let status: Int
        let body: String
        private let requests = Mutex<[(method: String, path: String, headers: [(String, String)], body: String?)]>([])

        init(status: Int, body: String) {
            self.status = status
            self.body = body
        }

        var sent: [(method: String, path: String, headers: [(String, String)], body: String?)] { requests.withLock { $0 } }

        func send(method: String, path: String, headers: [(String, String)], body: [UInt8]?, timeout: Duration) async throws -> (status: Int, body: [UInt8]) {
            requests.withLock { $0.append((method, path, headers, body.map { String(decoding: $0, as: UTF8.self) })) }
            return (status, Array(self.body.utf8))
        }

        func shutdown() async throws {}
    }

    static func client(_ transport: CannedTransport, credentials: TossPayClient.Credentials = .apiKey("sk_test_key")) -> TossPayClient {
        TossPayClient(configuration: .init(baseURL: "http://unused", credentials: credentials), transport: transport)
    }

    @Test(arguments: [400, 401])
    func theBareInvalidGrantAnswerIsATypedError(status: Int) async throws {
        let transport = CannedTransport(status: status, body: #"{"error":"invalid_grant"}"#)
        let client = Self.client(transport)
        let error = await clientError { try await client.refreshToken("tpr_x") }
        #expect(error?.isInvalidGrant == true)
        #expect(error?.httpStatus == status)
        #expect(error?.kind == .api)
        #expect(error?.code == .unknown("invalid_grant"))
        #expect(error?.loginCode == nil)
        #expect(TossPayClientError.invalidGrant(status: status).isInvalidGrant)
    }

    @Test func envelopeCodesAreKeptKnownOrNot() async throws {
        let known = Self.client(CannedTransport(status: 429, body: #"{"resultType":"FAIL","error":{"errorCode":"BAD_REQUEST_RETRIEVE_CERT_RESULT_EXCEEDED_LIMIT","reason":"조회 가능 횟수 초과"}}"#))
        let limited = await clientError { try await known.loginMe(accessToken: "tpa_x") }
        #expect(limited?.loginCode == .badRequestRetrieveCertResultExceededLimit)
        #expect(limited?.reason == "조회 가능 횟수 초과")
        #expect(limited?.httpStatus == 429)

        let future = Self.client(CannedTransport(status: 400, body: #"{"resultType":"FAIL","error":{"errorCode":"SOMETHING_NEW","reason":"새 코드"}}"#))
        let unknown = await clientError { try await future.generateToken(authorizationCode: "code", referrer: .default) }
        #expect(unknown?.code == .unknown("SOMETHING_NEW"))
        #expect(unknown?.loginCode == nil)
        #expect(unknown?.isInvalidGrant == false)

        let other = Self.client(CannedTransport(status: 400, body: #"{"error":"invalid_request","error_description":"bad"}"#))
        let oauth = await clientError { try await other.refreshToken("tpr_x") }
        #expect(oauth?.code == .unknown("invalid_request"))
        #expect(oauth?.reason == "bad")
        #expect(oauth?.isInvalidGrant == false)

        let html = Self.client(CannedTransport(status: 502, body: "<html>bad gateway</html>"))
        let invalid = await clientError { try await html.loginMe(accessToken: "tpa_x") }
        #expect(invalid?.kind == .invalidResponse)
        #expect(invalid?.httpStatus == 502)
    }

    @Test func requestsCarryTheRightCredentialsAndFields() async throws {
        let tokens = CannedTransport(status: 200, body: #"{"resultType":"SUCCESS","success":{"tokenType":"Bearer","accessToken":"a","refreshToken":"r","expiresIn":3600,"scope":"user_key user_name"}}"#)
        let client = Self.client(tokens)
        let answer = try await client.generateToken(authorizationCode: "code-1", referrer: .sandbox)
        #expect(answer == LoginTokens(tokenType: "Bearer", accessToken: "a", refreshToken: "r", expiresIn: 3600, scope: ["user_key", "user_name"]))
        let sent = try #require(tokens.sent.first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/api-partner/v1/apps-in-toss/user/oauth2/generate-token")
        #expect(sent.body == #"{"authorizationCode":"code-1","referrer":"SANDBOX"}"#)
        #expect(sent.headers.contains { $0.0 == "Authorization" && $0.1 == "Basic " + Data("sk_test_key:".utf8).base64EncodedString() })
        #expect(!sent.headers.contains { $0.0.lowercased() == "x-toss-user-key" })

        let me = CannedTransport(status: 200, body: #"{"resultType":"SUCCESS","success":{"userKey":123456789,"scope":"user_key,user_name","agreedTerms":["t1"],"name":"QUJD","phone":null,"di":null}}"#)
        let user = try await Self.client(me).loginMe(accessToken: "tpa_token")
        #expect(user == LoginUser(userKey: 123_456_789, scope: ["user_key", "user_name"], agreedTerms: ["t1"], name: EncryptedField(base64: "QUJD")))
        let meSent = try #require(me.sent.first)
        #expect(meSent.method == "GET")
        #expect(meSent.path == "/api-partner/v1/apps-in-toss/user/oauth2/login-me")
        #expect(meSent.body == nil)
        // Bearer only: the merchant's key is not sent with the user's token.
        #expect(meSent.headers.filter { $0.0 == "Authorization" }.map(\.1) == ["Bearer tpa_token"])

        let removal = CannedTransport(status: 200, body: #"{"resultType":"SUCCESS","success":{"userKey":"123456789"}}"#)
        #expect(try await Self.client(removal).removeByUserKey(123_456_789) == 123_456_789)
        #expect(removal.sent.first?.body == #"{"userKey":123456789}"#)
        #expect(removal.sent.first?.path == "/api-partner/v1/apps-in-toss/user/oauth2/access/remove-by-user-key")
    }

    @Test func malformedCodesAndTokensAreRefusedBeforeSending() async throws {
        let transport = CannedTransport(status: 200, body: "{}")
        let client = Self.client(transport)
        for bad in ["", "with space", "line\nbreak", "한글", String(repeating: "a", count: 4097)] {
            let code = await clientError { try await client.generateToken(authorizationCode: bad) }
            #expect(code?.kind == .validation)
            #expect(code?.code.rawValue == "INVALID_PARAMETER")
            let access = await clientError { try await client.loginMe(accessToken: bad) }
            #expect(access?.kind == .validation)
            let refresh = await clientError { try await client.refreshToken(bad) }
            #expect(refresh?.kind == .validation)
        }
        #expect(transport.sent.isEmpty)
    }
}

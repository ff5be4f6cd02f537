import Crypto
import Foundation
import HTTPTypes
import Testing
import TossPayCore
import TossPayServer
import TossPayTestSupport

/// SPEC §9, the Toss login API: every endpoint and every refusal, with lifetimes checked just
/// inside and just outside on the app's sandbox clock. Personal fields are opened here with
/// swift-crypto directly (AES-256-GCM, IV ‖ ciphertext ‖ tag), not with the server's code.
@Suite("Toss login API")
struct LoginAPITests {
    static let oauth = "/api-partner/v1/apps-in-toss/user/oauth2/"

    /// A merchant (app) of the test's own.
    static func app(_ server: TestServer) async throws -> (id: String, key: String) {
        let merchant = try await server.createMerchant(name: "로그인 앱")
        return (merchant.id, merchant.testKey)
    }

    static func authorize(_ server: TestServer, person: String, key: String?) async throws -> String {
        let success = try await server.post("/sandbox/v1/login/authorize", ["person": person], userKey: nil, headers: TestServer.auth(key))
            .requireSuccess()
        #expect(success["referrer"].string == "SANDBOX")
        return try #require(success["authorizationCode"].string)
    }

    static func generate(_ server: TestServer, code: String, key: String?) async throws -> Reply {
        try await server.post(oauth + "generate-token", ["authorizationCode": code, "referrer": "SANDBOX"], userKey: nil, headers: TestServer.auth(key))
    }

    static func tokens(_ server: TestServer, code: String, key: String?) async throws -> (access: String, refresh: String) {
        let success = try await generate(server, code: code, key: key).requireSuccess()
        return (try #require(success["accessToken"].string), try #require(success["refreshToken"].string))
    }

    static func me(_ server: TestServer, access: String) async throws -> Reply {
        try await server.get(oauth + "login-me", headers: [.authorization: "Bearer " + access])
    }

    /// A bare `{"error":"invalid_grant"}` with `status`.
    static func expectInvalidGrant(_ reply: Reply, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.text == #"{"error":"invalid_grant"}"#, sourceLocation: sourceLocation)
    }

    static func open(_ sealed: String?, key: String, aad: String) throws -> String {
        let text = try #require(sealed)
        let data = try #require(Data(base64Encoded: text))
        #expect(data.count > 28, "IV 12 + tag 16 + text")
        let box = try AES.GCM.SealedBox(combined: data)
        let keyBytes = try #require(Data(base64Encoded: key))
        return String(decoding: try AES.GCM.open(box, using: SymmetricKey(data: keyBytes), authenticating: Data(aad.utf8)), as: UTF8.self)
    }

    @Test func aCodeBecomesTokensAndLoginMeAnswersTheSealedPerson() async throws {
        try await withTestServer { server in
            let app = try await Self.app(server)
            let code = try await Self.authorize(server, person: "김토스", key: app.key)
            let generated = try await Self.generate(server, code: code, key: app.key).requireSuccess()
            #expect(generated["tokenType"].string == "Bearer")
            #expect(generated["expiresIn"].int64 == 3600)
            #expect(generated["scope"].string?.split(separator: " ").contains("user_name") == true)
            let access = try #require(generated["accessToken"].string)

            let me = try await Self.me(server, access: access).requireSuccess()
            let userKey = try #require(me["userKey"].int64)
            #expect((100_000_000...999_999_999).contains(userKey))
            #expect(me["scope"].string?.split(separator: ",").contains("user_key") == true)
            #expect(me["agreedTerms"].array?.isEmpty == false)
            #expect(me["di"]?.isNull == true)

            let settings = try await server.get("/sandbox/v1/merchants/\(app.id)/login", headers: TestServer.auth(app.key)).requireSuccess()
            let key = try #require(settings["decryptionKey"].string)
            let aad = try #require(settings["aad"].string)
            #expect(Data(base64Encoded: key)?.count == 32)
            let person = LoginPerson(person: "김토스")
            #expect(try Self.open(me["name"].string, key: key, aad: aad) == "김토스")
            #expect(try Self.open(me["phone"].string, key: key, aad: aad) == person.phone)
            #expect(try Self.open(me["birthday"].string, key: key, aad: aad) == person.birthday)
            #expect(try Self.open(me["ci"].string, key: key, aad: aad) == person.ci)
            #expect(try Self.open(me["gender"].string, key: key, aad: aad) == person.gender)
            #expect(try Self.open(me["nationality"].string, key: key, aad: aad) == "LOCAL")
            #expect(try Self.open(me["email"].string, key: key, aad: aad) == person.email)
            // Another AAD does not open it: the AAD is bound.
            #expect(throws: (any Error).self) { try Self.open(me["name"].string, key: key, aad: aad + "x") }
        }
    }

    @Test func theUserKeyIsNineDigitsPerPersonAndApp() async throws {
        try await withTestServer { server in
            let a = try await Self.app(server)
            let b = try await Self.app(server)
            func userKey(_ person: String, _ app: (id: String, key: String)) async throws -> Int64 {
                let code = try await Self.authorize(server, person: person, key: app.key)
                let tokens = try await Self.tokens(server, code: code, key: app.key)
                return try #require(try await Self.me(server, access: tokens.access).requireSuccess()["userKey"].int64)
            }
            let first = try await userKey("이앱인", a)
            #expect(try await userKey("이앱인", a) == first, "the same person in the same app")
            #expect(first == LoginUserKey.of(person: "이앱인", merchantId: a.id), "derived from (person, app) alone")
            #expect(try await userKey("이앱인", b) != first, "another app")
            #expect(try await userKey("박샌드", a) != first, "another person")
        }
    }

    @Test func aCodeWorksOnceForItsOwnAppWithinTenMinutes() async throws {
        try await withTestServer { server in
            let a = try await Self.app(server)
            let b = try await Self.app(server)
            // Reused.
            let code = try await Self.authorize(server, person: "김토스", key: a.key)
            _ = try await Self.tokens(server, code: code, key: a.key)
            Self.expectInvalidGrant(try await Self.generate(server, code: code, key: a.key), .badRequest)
            // Another app's code.
            let foreign = try await Self.authorize(server, person: "김토스", key: a.key)
            Self.expectInvalidGrant(try await Self.generate(server, code: foreign, key: b.key), .badRequest)
            _ = try await Self.tokens(server, code: foreign, key: a.key)
            // Unknown.
            Self.expectInvalidGrant(try await Self.generate(server, code: "no-such-code", key: a.key), .badRequest)
            // Inside ten minutes on the app's clock, then outside. Real time passes between the
            // calls, so "inside" keeps a minute's margin here; LoginOperationTests holds the
            // exact boundary (expiresAt − 1 ms and expiresAt).
            let inside = try await Self.authorize(server, person: "김토스", key: a.key)
            let outside = try await Self.authorize(server, person: "김토스", key: a.key)
            try await server.advanceClockWithoutSweep(milliseconds: 9 * 60 * 1000, merchantId: a.id)
            _ = try await Self.tokens(server, code: inside, key: a.key)
            try await server.advanceClockWithoutSweep(milliseconds: 60_000, merchantId: a.id)
            Self.expectInvalidGrant(try await Self.generate(server, code: outside, key: a.key), .badRequest)
        }
    }

    @Test func anAccessTokenLastsOneHourAndARefreshGivesANewOne() async throws {
        try await withTestServer { server in
            let a = try await Self.app(server)
            let b = try await Self.app(server)
            let code = try await Self.authorize(server, person: "김토스", key: a.key)
            let tokens = try await Self.tokens(server, code: code, key: a.key)
            try await server.advanceClockWithoutSweep(milliseconds: 3_600_000 - 60_000, merchantId: a.id)
            try await Self.me(server, access: tokens.access).requireSuccess()
            try await server.advanceClockWithoutSweep(milliseconds: 60_000, merchantId: a.id)
            Self.expectInvalidGrant(try await Self.me(server, access: tokens.access), .unauthorized)

            let refreshed = try await server.post(
                Self.oauth + "refresh-token", ["refreshToken": tokens.refresh], userKey: nil, headers: TestServer.auth(a.key)
            ).requireSuccess()
            #expect(refreshed["refreshToken"].string == tokens.refresh, "the refresh token is answered again")
            #expect(refreshed["expiresIn"].int64 == 3600)
            let newAccess = try #require(refreshed["accessToken"].string)
            #expect(newAccess != tokens.access)
            try await Self.me(server, access: newAccess).requireSuccess()
            // Another app cannot use it; an unknown one is refused the same way.
            Self.expectInvalidGrant(
                try await server.post(Self.oauth + "refresh-token", ["refreshToken": tokens.refresh], userKey: nil, headers: TestServer.auth(b.key)),
                .badRequest
            )
            Self.expectInvalidGrant(
                try await server.post(Self.oauth + "refresh-token", ["refreshToken": "tpr_nothing"], userKey: nil, headers: TestServer.auth(a.key)),
                .badRequest
            )
            // Fourteen days from issue: inside (a minute's margin for real time), then outside.
            try await server.advanceClockWithoutSweep(milliseconds: 14 * 86_400_000 - 3_600_000 - 60_000, merchantId: a.id)
            try await server.post(Self.oauth + "refresh-token", ["refreshToken": tokens.refresh], userKey: nil, headers: TestServer.auth(a.key))
                .requireSuccess()
            try await server.advanceClockWithoutSweep(milliseconds: 60_000, merchantId: a.id)
            Self.expectInvalidGrant(
                try await server.post(Self.oauth + "refresh-token", ["refreshToken": tokens.refresh], userKey: nil, headers: TestServer.auth(a.key)),
                .badRequest
            )
        }
    }

    @Test func removedTokensAndUnlinkedUsersAreRefused() async throws {
        try await withTestServer { server in
            let a = try await Self.app(server)
            let code = try await Self.authorize(server, person: "박샌드", key: a.key)
            let first = try await Self.tokens(server, code: code, key: a.key)
            let removed = try await server.post(
                Self.oauth + "access/remove-by-access-token", [:], userKey: nil, headers: [.authorization: "Bearer " + first.access]
            ).requireSuccess()
            let userKey = try #require(removed["userKey"].int64)
            Self.expectInvalidGrant(try await Self.me(server, access: first.access), .unauthorized)

            // remove-by-user-key: every token of the user in the app; a string userKey works too.
            let second = try await Self.tokens(server, code: try await Self.authorize(server, person: "박샌드", key: a.key), key: a.key)
            let byKey = try await server.post(
                Self.oauth + "access/remove-by-user-key", ["userKey": String(userKey)], userKey: nil, headers: TestServer.auth(a.key)
            ).requireSuccess()
            #expect(byKey["userKey"].int64 == userKey)
            Self.expectInvalidGrant(try await Self.me(server, access: second.access), .unauthorized)
            Self.expectInvalidGrant(
                try await server.post(Self.oauth + "refresh-token", ["refreshToken": second.refresh], userKey: nil, headers: TestServer.auth(a.key)),
                .badRequest
            )
            // The consent stays: the next login needs no window.
            let again = try await server.post("/login/again", ["merchantId": a.id, "person": "박샌드"], userKey: nil)
            try again.requireSuccess()

            // Unlink: tokens and consent gone.
            let third = try await Self.tokens(server, code: try await Self.authorize(server, person: "박샌드", key: a.key), key: a.key)
            try await server.post("/sandbox/v1/login/unlink", ["userKey": userKey, "referrer": "UNLINK"], userKey: nil, headers: TestServer.auth(a.key))
                .requireSuccess()
            Self.expectInvalidGrant(try await Self.me(server, access: third.access), .unauthorized)
            expectFailure(
                try await server.post("/login/again", ["merchantId": a.id, "person": "박샌드"], userKey: nil), status: .conflict, code: "INVALID_PARAMETER"
            )
            // Unknown userKeys are USER_KEY_NOT_FOUND, in the envelope.
            expectFailure(
                try await server.post(Self.oauth + "access/remove-by-user-key", ["userKey": 123_456_789], userKey: nil, headers: TestServer.auth(a.key)),
                status: .notFound, code: "USER_KEY_NOT_FOUND"
            )
        }
    }

    @Test func badRequestsAnswerTheLoginCodes() async throws {
        try await withTestServer { server in
            let a = try await Self.app(server)
            for body in [[:], ["authorizationCode": ""], ["authorizationCode": 5, "referrer": "SANDBOX"], ["authorizationCode": "x", "referrer": "OTHER"]] as [[String: Any]] {
                let reply = try await server.post(Self.oauth + "generate-token", body, userKey: nil, headers: TestServer.auth(a.key))
                expectFailure(reply, status: .badRequest, code: "INVALID_PARAMETER")
            }
            for userKey in [0, -1, "12a", ""] as [Any] {
                let reply = try await server.post(Self.oauth + "access/remove-by-user-key", ["userKey": userKey], userKey: nil, headers: TestServer.auth(a.key))
                expectFailure(reply, status: .badRequest, code: "INVALID_PARAMETER")
            }
            // Bearer calls without a usable token.
            Self.expectInvalidGrant(try await server.get(Self.oauth + "login-me"), .unauthorized)
            Self.expectInvalidGrant(try await server.get(Self.oauth + "login-me", headers: [.authorization: "Basic abc"]), .unauthorized)
            Self.expectInvalidGrant(try await Self.me(server, access: "tpa_unknown"), .unauthorized)
            // Persons: 1–30 characters, no control characters.
            expectFailure(
                try await server.post("/sandbox/v1/login/authorize", ["person": String(repeating: "가", count: 31)], userKey: nil, headers: TestServer.auth(a.key)),
                code: "COMMON_INVALID_PARAMETER", field: "person"
            )
            _ = try await Self.authorize(server, person: String(repeating: "가", count: 30), key: a.key)
            expectFailure(
                try await server.post("/sandbox/v1/login/authorize", ["person": "a\u{1B}b"], userKey: nil, headers: TestServer.auth(a.key)),
                code: "COMMON_INVALID_PARAMETER", field: "person"
            )
        }
    }

    @Test func theWindowsRoutesActForTheNamedApp() async throws {
        try await withTestServer { server in
            let a = try await Self.app(server)
            let made = try await server.post("/login/authorize", ["merchantId": a.id, "person": "새사람"], userKey: nil).requireSuccess()
            let code = try #require(made["authorizationCode"].string)
            _ = try await Self.tokens(server, code: code, key: a.key)
            // The created person is offered next time.
            let persons = try await server.get("/sandbox/v1/login/persons").requireSuccess()
            #expect(persons["persons"].array?.compactMap { $0["person"].string }.contains("새사람") == true)
            expectFailure(
                try await server.post("/login/authorize", ["merchantId": "m_nobody", "person": "새사람"], userKey: nil),
                status: .notFound, code: "COMMON_INVALID_PARAMETER"
            )
            // Without a merchantId: the open-mode sandbox merchant.
            let sandboxCode = try #require(
                try await server.post("/login/authorize", ["person": "김토스"], userKey: nil).requireSuccess()["authorizationCode"].string
            )
            _ = try await Self.tokens(server, code: sandboxCode, key: nil)
        }
    }

    @Test func loginSettingsBelongToTheirApp() async throws {
        try await withTestServer { server in
            let a = try await Self.app(server)
            let b = try await Self.app(server)
            expectFailure(
                try await server.get("/sandbox/v1/merchants/\(b.id)/login", headers: TestServer.auth(a.key)), status: .notFound,
                code: "COMMON_INVALID_PARAMETER"
            )
            let set = try await server.send(
                .put, "/sandbox/v1/merchants/\(a.id)/login",
                json: ["callback": ["url": "http://127.0.0.1:9/unlink", "method": "POST", "basicAuth": "shop:s3cret"]], userKey: nil,
                headers: TestServer.auth(a.key)
            ).requireSuccess()
            #expect(set["callback"]["basicAuth"].string == "shop:****", "the secret is never shown")
            #expect(!String(describing: set).contains("s3cret"))
            expectFailure(
                try await server.send(
                    .put, "/sandbox/v1/merchants/\(a.id)/login", json: ["callback": ["url": "ftp://example.com/x"]], userKey: nil,
                    headers: TestServer.auth(a.key)
                ),
                code: "COMMON_INVALID_PARAMETER", field: "callback.url"
            )
            // The key stays the same across reads.
            let first = try await server.get("/sandbox/v1/merchants/\(a.id)/login", headers: TestServer.auth(a.key)).requireSuccess()
            #expect(first["decryptionKey"].string == set["decryptionKey"].string)
        }
    }
}

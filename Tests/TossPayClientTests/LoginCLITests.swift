import Foundation
import Testing
import TossPayClient
import TossPayCore
import TossPayTestSupport

/// `tosspay login …` (the built binary) against a live server: the whole login with JSON
/// output, decryption, exit codes and the `invalid_grant` answers.
@Suite("tosspay login CLI")
struct LoginCLITests {
    static func tosspay(_ arguments: [String]) async throws -> CLITests.Run {
        try await CLITests.tosspay(arguments)
    }

    @Test func loginCommandsRunTheWholeFlowWithJSONOutput() async throws {
        try await withTossPay { server in
            let base = ["--base-url", server.baseURL]
            let person = LoginClientTests.newPerson()

            let authorize = try await Self.tosspay(["login", "authorize", "--person", person, "--json"] + base)
            try #require(authorize.status == 0, "\(authorize.summary)")
            #expect(authorize.json["resultType"].string == "SUCCESS")
            #expect(authorize.success["referrer"].string == "SANDBOX")
            let code = try #require(authorize.success["authorizationCode"].string)

            let token = try await Self.tosspay(["login", "token", "--code", code, "--json"] + base)
            try #require(token.status == 0, "\(token.summary)")
            #expect(token.success["tokenType"].string == "Bearer")
            #expect(token.success["expiresIn"].int64 == 3600)
            #expect(token.success["scope"].string?.split(separator: " ").contains("user_name") == true)
            let access = try #require(token.success["accessToken"].string)
            let refresh = try #require(token.success["refreshToken"].string)

            // The code is used: invalid_grant, exit 1, the code in the FAIL envelope.
            let reused = try await Self.tosspay(["login", "token", "--code", code, "--referrer", "SANDBOX", "--json"] + base)
            #expect(reused.status == 1, "\(reused.summary)")
            #expect(reused.json["resultType"].string == "FAIL")
            #expect(reused.errorCode == "invalid_grant")

            let me = try await Self.tosspay(["login", "me", "--access-token", access, "--json"] + base)
            try #require(me.status == 0, "\(me.summary)")
            let userKey = try #require(me.success["userKey"].int64)
            #expect((100_000_000...999_999_999).contains(userKey))
            #expect(me.success["decrypted"].bool == false)
            #expect(me.success["name"].string != person, "encrypted without --decrypt")
            #expect(me.success["di"] == .null)

            // --decrypt: the key from the server (the open-mode sandbox merchant).
            let expected = LoginPerson(person: person)
            let clear = try await Self.tosspay(["login", "me", "--access-token", access, "--decrypt", "--json"] + base)
            try #require(clear.status == 0, "\(clear.summary)")
            #expect(clear.success["decrypted"].bool == true)
            #expect(clear.success["userKey"].int64 == userKey)
            #expect(clear.success["name"].string == person)
            #expect(clear.success["phone"].string == expected.phone)
            #expect(clear.success["birthday"].string == expected.birthday)
            #expect(clear.success["ci"].string == expected.ci)
            #expect(clear.success["gender"].string == expected.gender)
            #expect(clear.success["nationality"].string == expected.nationality)
            #expect(clear.success["email"].string == expected.email)
            #expect(clear.success["scope"].string?.contains("user_key") == true)

            // --decrypt with the key and AAD given on the command line.
            let client = try server.client()
            let settings = try await client.loginSettings(merchantId: "sandbox")
            let offline = try await Self.tosspay([
                "login", "me", "--access-token", access, "--decrypt", "--decryption-key", settings.decryptionKey, "--aad", settings.aad,
            ] + base)
            try #require(offline.status == 0, "\(offline.summary)")
            #expect(offline.stdout.contains("name \(person)"))
            #expect(offline.stdout.contains("phone \(expected.phone)"))
            let wrongAAD = try await Self.tosspay([
                "login", "me", "--access-token", access, "--decrypt", "--decryption-key", settings.decryptionKey, "--aad", "other", "--json",
            ] + base)
            #expect(wrongAAD.status == 1, "\(wrongAAD.summary)")
            #expect(wrongAAD.errorCode == "LOGIN_DECRYPTION_FAILED")

            let refreshed = try await Self.tosspay(["login", "refresh", "--refresh-token", refresh, "--json"] + base)
            try #require(refreshed.status == 0, "\(refreshed.summary)")
            let newAccess = try #require(refreshed.success["accessToken"].string)
            #expect(newAccess != access)
            #expect(refreshed.success["refreshToken"].string == refresh)

            let removed = try await Self.tosspay(["login", "remove", "--access-token", newAccess, "--json"] + base)
            try #require(removed.status == 0, "\(removed.summary)")
            #expect(removed.success["userKey"].int64 == userKey)
            let dead = try await Self.tosspay(["login", "me", "--access-token", newAccess] + base)
            #expect(dead.status == 1, "\(dead.summary)")
            #expect(dead.stderr.contains("invalid_grant"))
            #expect(dead.stdout.isEmpty)

            let byUser = try await Self.tosspay(["login", "remove", "--user-key", String(userKey), "--json"] + base)
            try #require(byUser.status == 0, "\(byUser.summary)")
            #expect(byUser.success["userKey"].int64 == userKey)
            let unknown = try await Self.tosspay(["login", "remove", "--user-key", "100000000", "--json"] + base)
            #expect(unknown.status == 1, "\(unknown.summary)")
            #expect(unknown.errorCode == "USER_KEY_NOT_FOUND")
        }
    }

    @Test func humanOutputAndBadCommandLines() async throws {
        try await withTossPay { server in
            let base = ["--base-url", server.baseURL]
            let authorize = try await Self.tosspay(["login", "authorize", "--person", LoginClientTests.newPerson()] + base)
            try #require(authorize.status == 0, "\(authorize.summary)")
            #expect(authorize.stdout.hasPrefix("authorizationCode "))
            #expect(authorize.stdout.contains("referrer SANDBOX"))
            let code = try #require(authorize.stdout.split(separator: " ").dropFirst().first.map(String.init))
            let token = try await Self.tosspay(["login", "token", "--code", code] + base)
            try #require(token.status == 0, "\(token.summary)")
            #expect(token.stdout.contains("accessToken "))
            #expect(token.stdout.contains("expiresIn 3600"))

            let both = try await Self.tosspay(["login", "remove", "--access-token", "a", "--user-key", "123456789"] + base)
            #expect(both.status == 64, "\(both.summary)")
            let neither = try await Self.tosspay(["login", "remove"] + base)
            #expect(neither.status == 64, "\(neither.summary)")
            let halfKey = try await Self.tosspay(["login", "me", "--access-token", "a", "--decrypt", "--aad", "x"] + base)
            #expect(halfKey.status == 64, "\(halfKey.summary)")
        }
    }

    @Test func decryptWithAnAPIKeyNeedsTheMerchantId() async throws {
        try await withTossPay(openMode: false) { server in
            let base = ["--base-url", server.baseURL]
            let merchant = try await Self.tosspay(["merchants", "create", "--name", "로그인 CLI", "--json"] + base)
            try #require(merchant.status == 0, "\(merchant.summary)")
            let apiKey = try #require(merchant.success["testApiKey"].string)
            let merchantId = try #require(merchant.success["merchantId"].string)
            let keyed = base + ["--api-key", apiKey]
            let person = LoginClientTests.newPerson()

            let anonymous = try await Self.tosspay(["login", "authorize", "--person", person, "--json"] + base)
            #expect(anonymous.status == 1)
            #expect(anonymous.errorCode == "COMMON_UNAUTHORIZED")

            let authorize = try await Self.tosspay(["login", "authorize", "--person", person, "--json"] + keyed)
            let code = try #require(authorize.success["authorizationCode"].string, "\(authorize.summary)")
            let token = try await Self.tosspay(["login", "token", "--code", code, "--json"] + keyed)
            let access = try #require(token.success["accessToken"].string, "\(token.summary)")

            let noId = try await Self.tosspay(["login", "me", "--access-token", access, "--decrypt"] + keyed)
            #expect(noId.status == 64, "\(noId.summary)")
            #expect(noId.stderr.contains("--merchant-id"))

            let clear = try await Self.tosspay(["login", "me", "--access-token", access, "--decrypt", "--merchant-id", merchantId, "--json"] + keyed)
            try #require(clear.status == 0, "\(clear.summary)")
            #expect(clear.success["name"].string == person)
        }
    }
}

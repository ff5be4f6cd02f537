import ArgumentParser
import Foundation
import TossPayClient

/// `tosspay login …`: Toss login through the client library — a sandbox person's consent, the
/// token exchange, the user (decrypted on request), refresh and revocation.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Toss login: authorize a sandbox person, exchange the code, read the user, refresh, remove.",
        subcommands: [Authorize.self, Token.self, Refresh.self, Me.self, Remove.self]
    )

    struct Authorize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A sandbox person logs in to the caller's app (consent given); prints the authorization code."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The sandbox person's name (created on first use), e.g. 김토스.") var person: String

        func run() async throws {
            try await client.run { client in
                let login = try await client.sandboxLoginAuthorize(person: person)
                return (
                    "authorizationCode \(login.authorizationCode) referrer \(login.referrer)",
                    ["authorizationCode": .string(login.authorizationCode), "referrer": .string(login.referrer.rawValue)]
                )
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "generate-token: exchange an authorization code for tokens.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The authorization code (single use, 10 minutes).") var code: String
        @Option(help: "DEFAULT (the Toss app) or SANDBOX (the sandbox app and tosspay).") var referrer: String = "SANDBOX"

        func run() async throws {
            try await client.run { client in
                let tokens = try await client.generateToken(authorizationCode: code, referrer: LoginReferrer(rawValue: referrer))
                return (LoginCommand.human(tokens), LoginCommand.json(tokens))
            }
        }
    }

    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "refresh-token: a new access token for a refresh token.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The refresh token (14 days).") var refreshToken: String

        func run() async throws {
            try await client.run { client in
                let tokens = try await client.refreshToken(refreshToken)
                return (LoginCommand.human(tokens), LoginCommand.json(tokens))
            }
        }
    }

    struct Me: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "login-me: the user behind an access token; --decrypt shows the personal fields in clear text.",
            discussion: """
            With --decrypt the key and AAD come from --decryption-key and --aad (what the Apps-in-Toss \
            console e-mails), else from the tosspay server (GET /sandbox/v1/merchants/{id}/login) for \
            --merchant-id (TOSSPAY_MERCHANT_ID); without credentials on an open-mode server that is the \
            built-in sandbox merchant.
            """
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The access token (Bearer).") var accessToken: String
        @Flag(help: "Decrypt the personal fields.") var decrypt = false
        @Option(help: "The app's merchant id, for --decrypt (TOSSPAY_MERCHANT_ID).") var merchantId: String?
        @Option(help: "The app's decryption key (base64 of 32 bytes), for --decrypt without the server.") var decryptionKey: String?
        @Option(help: "The app's AAD, with --decryption-key.") var aad: String?

        func validate() throws {
            if (decryptionKey == nil) != (aad == nil) { throw ValidationError("--decryption-key and --aad go together") }
        }

        func run() async throws {
            try await client.run { client in
                let user = try await client.loginMe(accessToken: accessToken)
                guard decrypt else { return (LoginCommand.human(user, profile: nil), LoginCommand.json(user, profile: nil)) }
                let decryptor = try await makeDecryptor(client)
                let profile = try LoginCommand.opening { () throws(LoginDecryptionError) in try decryptor.decrypt(user) }
                return (LoginCommand.human(user, profile: profile), LoginCommand.json(user, profile: profile))
            }
        }

        /// Whether merchant credentials are given (else an open-mode server treats the caller as
        /// its sandbox merchant, whose id is `sandbox`).
        var hasCredentials: Bool {
            client.apiKey != nil || ProcessInfo.processInfo.environment["TOSSPAY_API_KEY"] != nil || client.cert != nil
        }

        func makeDecryptor(_ client: TossPayClient) async throws -> LoginFieldDecryptor {
            let settings: (key: String, aad: String)
            if let decryptionKey, let aad {
                settings = (decryptionKey, aad)
            } else {
                let merchant = merchantId ?? ProcessInfo.processInfo.environment["TOSSPAY_MERCHANT_ID"] ?? (hasCredentials ? nil : "sandbox")
                guard let merchant else {
                    throw ValidationError("--decrypt needs --merchant-id (or --decryption-key and --aad) when credentials are given")
                }
                let fetched = try await client.loginSettings(merchantId: merchant)
                settings = (fetched.decryptionKey, fetched.aad)
            }
            return try LoginCommand.opening { () throws(LoginDecryptionError) in
                try LoginFieldDecryptor(decryptionKey: settings.key, aad: settings.aad)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke: remove-by-access-token (--access-token) or remove-by-user-key (--user-key)."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "Revoke this access token (Bearer).") var accessToken: String?
        @Option(help: "Revoke every token of this user in the caller's app (merchant authentication).") var userKey: Int64?

        func validate() throws {
            if (accessToken == nil) == (userKey == nil) { throw ValidationError("give exactly one of --access-token and --user-key") }
        }

        func run() async throws {
            try await client.run { client in
                let removed: Int64
                if let accessToken {
                    removed = try await client.removeByAccessToken(accessToken)
                } else {
                    removed = try await client.removeByUserKey(userKey ?? 0)
                }
                return ("removed userKey \(removed)", ["userKey": .int(removed)])
            }
        }
    }

    // MARK: Output

    static func human(_ tokens: LoginTokens) -> String {
        """
        accessToken \(tokens.accessToken)
        refreshToken \(tokens.refreshToken)
        tokenType \(tokens.tokenType) expiresIn \(tokens.expiresIn) scope \(tokens.scope.joined(separator: " "))
        """
    }

    /// The API's fields (scope space-separated, as sent).
    static func json(_ tokens: LoginTokens) -> JSONObject {
        [
            "tokenType": .string(tokens.tokenType), "accessToken": .string(tokens.accessToken),
            "refreshToken": .string(tokens.refreshToken), "expiresIn": .int(tokens.expiresIn),
            "scope": .string(tokens.scope.joined(separator: " ")),
        ]
    }

    static func clearFields(_ profile: LoginProfile) -> [(String, String?)] {
        [
            ("name", profile.name), ("phone", profile.phone), ("birthday", profile.birthday), ("ci", profile.ci),
            ("di", profile.di), ("gender", profile.gender), ("nationality", profile.nationality), ("email", profile.email),
        ]
    }

    static func human(_ user: LoginUser, profile: LoginProfile?) -> String {
        var lines = [
            "userKey \(user.userKey)", "scope \(user.scope.joined(separator: ","))", "agreedTerms \(user.agreedTerms.joined(separator: ","))",
        ]
        if let profile {
            lines += clearFields(profile).map { "\($0.0) \($0.1 ?? "-")" }
        } else {
            lines += user.encryptedFields.map { "\($0.name) " + ($0.value.map { "\($0.base64) (encrypted)" } ?? "-") }
        }
        return lines.joined(separator: "\n")
    }

    /// login-me's fields (scope comma-separated, as sent); the personal fields in clear text
    /// with `--decrypt` (and `"decrypted": true`), else as sent.
    static func json(_ user: LoginUser, profile: LoginProfile?) -> JSONObject {
        var object: JSONObject = [
            "userKey": .int(user.userKey), "scope": .string(user.scope.joined(separator: ",")),
            "agreedTerms": .array(user.agreedTerms.map(JSONValue.string)),
        ]
        if let profile {
            for (name, value) in clearFields(profile) { object[name] = .optional(value) }
        } else {
            for (name, value) in user.encryptedFields { object[name] = .optional(value?.base64) }
        }
        object["decrypted"] = .bool(profile != nil)
        return object
    }

    /// Runs `body`; a field or key that does not decrypt is reported like a FAIL (exit 1,
    /// `LOGIN_DECRYPTION_FAILED`).
    static func opening<T>(_ body: () throws(LoginDecryptionError) -> T) throws(TossPayClientError) -> T {
        do {
            return try body()
        } catch {
            throw TossPayClientError(kind: .invalidResponse, code: .unknown("LOGIN_DECRYPTION_FAILED"), reason: error.reason)
        }
    }
}

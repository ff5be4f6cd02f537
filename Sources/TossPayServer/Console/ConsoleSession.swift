import Crypto
import Foundation

/// The console's sign-in cookie: `merchantId.sessionId.generation.expiresAt.signature`, where
/// the signature is HMAC-SHA256 under a secret kept in the store (so every instance on one
/// database accepts it). Nothing secret is in the cookie; the API key used to sign in is never
/// stored or echoed.
///
/// A valid signature is not enough: the session must also not have been signed out (its
/// `sessionId` ended) and must carry the merchant's current session generation (raised by
/// "sign out everywhere"); the console reads both from the store on every request.
struct ConsoleSession: Sendable, Equatable {
    /// The cookie's name.
    static let cookieName = "tosspay_console"
    /// How long a sign-in lasts.
    static let lifetimeSeconds: Int64 = 12 * 3600

    /// The merchant signed in.
    let merchantId: String
    /// This sign-in's random id (base-62), what logout ends.
    let sessionId: String
    /// The merchant's session generation when it signed in.
    let generation: Int
    /// When it ends, seconds since the epoch.
    let expiresAt: Int64

    init(merchantId: String, sessionId: String = "", generation: Int = 0, expiresAt: Int64) {
        self.merchantId = merchantId
        self.sessionId = sessionId
        self.generation = generation
        self.expiresAt = expiresAt
    }

    /// The cookie value, signed with `secret`.
    func cookieValue(secret: String) -> String {
        let payload = "\(merchantId).\(sessionId).\(generation).\(expiresAt)"
        return payload + "." + Self.signature(payload, secret: secret)
    }

    /// The session a cookie value carries, if its signature is right and it has not ended.
    static func verify(_ value: String, secret: String, now: Int64) -> ConsoleSession? {
        guard value.utf8.count <= 512 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 5 else { return nil }
        let signature = parts[parts.count - 1], expiresText = parts[parts.count - 2]
        let generationText = parts[parts.count - 3], sessionId = String(parts[parts.count - 4])
        guard let expiresAt = Int64(expiresText), expiresAt > now, let generation = Int(generationText), generation >= 0,
              sessionId.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        else { return nil }
        let merchantId = parts.dropLast(4).joined(separator: ".")
        guard !merchantId.isEmpty, let given = Data(hexString: String(signature)) else { return nil }
        let payload = "\(merchantId).\(sessionId).\(generationText).\(expiresText)"
        let key = SymmetricKey(data: Data(secret.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data(payload.utf8), using: key) else { return nil }
        return ConsoleSession(merchantId: merchantId, sessionId: sessionId, generation: generation, expiresAt: expiresAt)
    }

    /// The cookie value sent in `cookieHeader`, if any.
    static func value(inCookieHeader cookieHeader: String?) -> String? {
        guard let cookieHeader else { return nil }
        for pair in cookieHeader.split(separator: ";") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(cookieName + "=") { return String(trimmed.dropFirst(cookieName.count + 1)) }
        }
        return nil
    }

    static func signature(_ payload: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.hexString
    }
}

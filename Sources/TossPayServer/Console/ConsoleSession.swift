import Crypto
import Foundation

/// The console's sign-in cookie: `merchantId.expiresAt.signature`, where the signature is
/// HMAC-SHA256 under a secret kept in the store (so every instance on one database accepts it).
/// Nothing secret is in the cookie; the API key used to sign in is never stored or echoed.
struct ConsoleSession: Sendable, Equatable {
    /// The cookie's name.
    static let cookieName = "tosspay_console"
    /// How long a sign-in lasts.
    static let lifetimeSeconds: Int64 = 12 * 3600

    /// The merchant signed in.
    let merchantId: String
    /// When it ends, seconds since the epoch.
    let expiresAt: Int64

    /// The cookie value, signed with `secret`.
    func cookieValue(secret: String) -> String {
        let payload = "\(merchantId).\(expiresAt)"
        return payload + "." + Self.signature(payload, secret: secret)
    }

    /// The session a cookie value carries, if its signature is right and it has not ended.
    static func verify(_ value: String, secret: String, now: Int64) -> ConsoleSession? {
        guard value.utf8.count <= 512 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let signature = parts.last, let expiresText = parts.dropLast().last,
              let expiresAt = Int64(expiresText), expiresAt > now else { return nil }
        let merchantId = parts.dropLast(2).joined(separator: ".")
        guard !merchantId.isEmpty, let given = Data(hexString: String(signature)) else { return nil }
        let payload = "\(merchantId).\(expiresText)"
        let key = SymmetricKey(data: Data(secret.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data(payload.utf8), using: key) else { return nil }
        return ConsoleSession(merchantId: merchantId, expiresAt: expiresAt)
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

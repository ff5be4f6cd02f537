import Crypto
import TossPayCore
import TossPayStorage

/// Authorization codes and tokens: random text given to the app once, stored only as SHA-256.
enum LoginGrantText {
    /// A new code (`kind` "code") or token, with its hash.
    static func make(_ prefix: String, length: Int) -> LoginOperations.NewGrant {
        let text = prefix + RandomText.base62(length)
        return LoginOperations.NewGrant(text: text, hash: hash(text))
    }

    /// SHA-256 of `text`, hex.
    static func hash(_ text: String) -> String { SHA256.hash(data: Array(text.utf8)).hexString }

    /// A new authorization code.
    static func code() -> LoginOperations.NewGrant { make("", length: 32) }
    /// A new access token.
    static func access() -> LoginOperations.NewGrant { make("tpa_", length: 48) }
    /// A new refresh token.
    static func refresh() -> LoginOperations.NewGrant { make("tpr_", length: 48) }
}

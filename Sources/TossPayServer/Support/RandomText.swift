import TossPayCore

/// Base-62 text from the system's cryptographic generator, for identifiers and secrets the
/// server makes: merchant ids, API keys, promotion ids, console refund numbers and the console's
/// signing secret.
enum RandomText {
    /// `length` characters of `[0-9A-Za-z]`.
    static func base62(_ length: Int) -> String {
        String(PayToken.generate().prefix(length)) + (length > PayToken.length ? base62(length - PayToken.length) : "")
    }
}

/// Payment tokens: 22 base-62 characters, about 131 bits of randomness.
public enum PayToken {
    /// The length of a generated token.
    public static let length = 22
    /// The longest token a request may carry.
    public static let maximumLength = 64

    static let alphabet: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A new token from `generator` (the system's cryptographic generator in production).
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var token = ""
        token.reserveCapacity(length)
        for _ in 0..<length {
            token.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return token
    }

    /// A new token from the system's cryptographically secure generator.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Checks a token's shape: 1–64 printable ASCII characters. A token of the right shape
    /// that names no payment is `TRANSACTION_NOT_FOUND`, not a bad parameter.
    public static func validateFormat(_ token: String, field: String = "payToken") throws(TossPayError) {
        guard !token.isEmpty else { throw .invalidParameter(field, "비어 있을 수 없습니다.") }
        guard token.utf8.count <= maximumLength else {
            throw .invalidParameter(field, "\(maximumLength)자 이내여야 합니다.")
        }
        guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidParameter(field, "영문자, 숫자와 기호만 사용할 수 있습니다.")
        }
    }
}

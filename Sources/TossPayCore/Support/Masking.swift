/// Masks card and account numbers before they leave the store.
public enum Masking {
    /// A card number as `BIN6 + "******" + last4`, e.g. `943512******1234`. Non-digits are dropped.
    /// An already-masked number (the form buyers' cards are stored in) comes back unchanged.
    public static func cardNumber(_ number: String) -> String {
        if isMaskedCardNumber(number) { return number }
        let digits = number.filter(\.isWholeNumber)
        // At least one digit stays hidden: 10 digits would otherwise show as BIN6 + last4.
        guard digits.count > 10 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(6)) + "******" + String(digits.suffix(4))
    }

    /// Whether `number` is already `BIN6 + "******" + last4`: six ASCII digits, six stars,
    /// four ASCII digits.
    public static func isMaskedCardNumber(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
        guard bytes.count == 16 else { return false }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        return bytes[0..<6].allSatisfy(isDigit) && bytes[6..<12].allSatisfy { $0 == UInt8(ascii: "*") } && bytes[12..<16].allSatisfy(isDigit)
    }

    /// The card's BIN (first six digits).
    public static func cardBin(_ number: String) -> String {
        String(number.filter(\.isWholeNumber).prefix(6))
    }

    /// The card's last four digits.
    public static func cardLast4(_ number: String) -> String {
        String(number.filter(\.isWholeNumber).suffix(4))
    }

    /// An account number with all but the first and last three digits masked, e.g.
    /// `100*****094`, as in the guide, from 10 digits up. Shorter numbers keep at least half
    /// hidden: a quarter shown at each end (a 7-digit number shows `1*****7`).
    public static func accountNumber(_ number: String) -> String {
        let digits = number.filter(\.isWholeNumber)
        let shown = digits.count >= 10 ? 3 : digits.count / 4
        guard shown > 0 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(shown)) + String(repeating: "*", count: digits.count - 2 * shown) + String(digits.suffix(shown))
    }
}

/// The validation rules of SPEC §3, shared by the server and the client library.
public enum PaymentRules {
    /// The longest orderNo accepted.
    public static let orderNoMaximumLength = 50
    /// The longest productDesc accepted.
    public static let productDescMaximumLength = 255
    /// The longest refund reason accepted.
    public static let refundReasonMaximumLength = 255
    /// The longest refundNo accepted.
    public static let refundNoMaximumLength = 36
    /// The longest `x-toss-user-key` accepted.
    public static let userKeyMaximumLength = 64
    /// The largest amount accepted (1조 won). The spec sets no ceiling; this one keeps every sum
    /// of amounts far from `Int64` overflow.
    public static let maximumAmount: Int64 = 1_000_000_000_000
    /// The smallest card payment (`CARD_MIN_AMOUNT_ERROR` below it).
    public static let cardMinimumAmount: Int64 = 100
    /// The smallest payment that may be paid in installments.
    public static let installmentMinimumAmount: Int64 = 50_000
    /// Installment months a buyer may choose (0 is a single payment).
    public static let installmentMonths: ClosedRange<Int64> = 0...24

    static let orderNoPunctuation: Set<Character> = ["_", "-", ":", ".", "^", "@", "~"]
    static let refundReasonPunctuation: Set<Character> = [" ", "_", "-", ":", ".", "^", "@", "(", ")", "[", "]", "#", "/", "!", "%", "?", "&"]
    static let userKeyPunctuation: Set<Character> = ["_", "-", ":", "."]

    static func isASCIIAlphanumeric(_ character: Character) -> Bool {
        guard character.isASCII, let byte = character.asciiValue else { return false }
        return (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isHangul(_ character: Character) -> Bool {
        // Every scalar Hangul: precomposed syllables (NFC) and conjoining jamo (NFD) alike.
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F: true
            default: false
            }
        }
    }

    /// Checks an orderNo: 1–50 characters of `[0-9A-Za-z_\-:.^@~]`.
    public static func validateOrderNo(_ value: String, field: String = "orderNo") throws(TossPayError) {
        try validateIdentifier(value, field: field, maximumLength: orderNoMaximumLength)
    }

    /// Checks a refundNo: 1–36 characters of `[0-9A-Za-z_\-:.^@~]`.
    public static func validateRefundNo(_ value: String) throws(TossPayError) {
        try validateIdentifier(value, field: "refundNo", maximumLength: refundNoMaximumLength)
    }

    static func validateIdentifier(_ value: String, field: String, maximumLength: Int) throws(TossPayError) {
        let length = value.count
        guard length >= 1 else { throw .invalidParameter(field, "비어 있을 수 없습니다.") }
        guard length <= maximumLength else {
            throw .invalidParameter(field, "\(maximumLength)자 이내여야 합니다. (\(length)자)")
        }
        guard value.allSatisfy({ isASCIIAlphanumeric($0) || orderNoPunctuation.contains($0) }) else {
            throw .invalidParameter(field, "숫자, 영문자, 특수문자 _-:.^@~ 만 사용할 수 있습니다.")
        }
    }

    /// Checks a productDesc: 1–255 characters, not only white space, without `\`, `"` or `'`.
    public static func validateProductDesc(_ value: String) throws(TossPayError) {
        let length = value.count
        guard length >= 1 else { throw .invalidParameter("productDesc", "비어 있을 수 없습니다.") }
        guard length <= productDescMaximumLength else {
            throw .invalidParameter("productDesc", "\(productDescMaximumLength)자 이내여야 합니다. (\(length)자)")
        }
        guard !value.allSatisfy(\.isWhitespace) else {
            throw .invalidParameter("productDesc", "공백으로만 설정할 수 없습니다.")
        }
        guard !value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "'" }) else {
            throw .invalidParameter("productDesc", "백슬래시(\\)와 따옴표(\", ')를 포함할 수 없습니다.")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidParameter("productDesc", "제어 문자를 포함할 수 없습니다.")
        }
    }

    /// Checks a refund reason: 1–255 characters of Korean, `[0-9A-Za-z]`, space and `_-:.^@()[]#/!%?&`.
    public static func validateRefundReason(_ value: String) throws(TossPayError) {
        let length = value.count
        guard length >= 1 else { throw .invalidParameter("reason", "비어 있을 수 없습니다.") }
        guard length <= refundReasonMaximumLength else {
            throw .invalidParameter("reason", "\(refundReasonMaximumLength)자 이내여야 합니다. (\(length)자)")
        }
        guard value.allSatisfy({ isHangul($0) || isASCIIAlphanumeric($0) || refundReasonPunctuation.contains($0) }) else {
            throw .invalidParameter("reason", "한글, 숫자, 영문자, 공백과 특수문자 _-:.^@()[]#/!%?& 만 사용할 수 있습니다.")
        }
    }

    /// Checks the `x-toss-user-key` header: 1–64 characters of `[0-9A-Za-z_\-:.]`.
    public static func validateUserKey(_ value: String?, field: String = "x-toss-user-key") throws(TossPayError) -> String {
        guard let value, !value.isEmpty else {
            throw .invalidParameter(field, field == "x-toss-user-key" ? "헤더가 필요합니다." : "필수 값입니다.")
        }
        guard value.count <= userKeyMaximumLength else {
            throw .invalidParameter(field, "\(userKeyMaximumLength)자 이내여야 합니다.")
        }
        guard value.allSatisfy({ isASCIIAlphanumeric($0) || userKeyPunctuation.contains($0) }) else {
            throw .invalidParameter(field, "숫자, 영문자와 _-:. 만 사용할 수 있습니다.")
        }
        return value
    }

    /// A display name (merchant, promotion): 1–100 characters, not only white space, and no
    /// control characters (Unicode Cc: NUL, newline, ESC…), which would corrupt logs and pages.
    public static func validateName(_ value: String, field: String = "name") throws(TossPayError) {
        guard (1...100).contains(value.count), !value.allSatisfy(\.isWhitespace) else {
            throw TossPayError.invalidParameter(field, "1~100자여야 하며 공백으로만 설정할 수 없습니다.")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw TossPayError.invalidParameter(field, "제어 문자를 포함할 수 없습니다.")
        }
    }

    /// Checks an amount field: `minimum` ≤ value ≤ ``maximumAmount``.
    public static func validateAmount(_ value: Int64, field: String, minimum: Int64) throws(TossPayError) {
        guard value >= minimum else { throw .invalidParameter(field, "\(minimum) 이상이어야 합니다. (\(value))") }
        guard value <= maximumAmount else {
            throw .invalidParameter(field, "\(maximumAmount) 이하여야 합니다. (\(value))")
        }
    }
}

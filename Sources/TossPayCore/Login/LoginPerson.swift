/// A sandbox person: a Toss member who logs in to mini-apps (SPEC §9). Persons are global —
/// the same person in every app and on every database — and their personal data is derived
/// from the person's name alone, so a test can predict it.
public struct LoginPerson: Sendable, Equatable, Codable {
    /// How the tester names the person (also the `name` field), 1–30 characters.
    public var person: String
    /// The name shown to apps.
    public var name: String
    /// A mobile number, `010` and eight digits.
    public var phone: String
    /// Date of birth, `yyyyMMdd`, between 1960 and 2005.
    public var birthday: String
    /// Connecting information: 88 characters of base64, like a real CI.
    public var ci: String
    /// `MALE` or `FEMALE`.
    public var gender: String
    /// `LOCAL` or `FOREIGNER` (sandbox persons are `LOCAL`).
    public var nationality: String
    /// An e-mail address under `example.com`.
    public var email: String

    /// The person named `person` (already validated with ``validate(_:)``).
    public init(person: String) {
        var digits = DeterministicDigits(seed: "login-person\u{1F}" + person)
        self.person = person
        self.name = person
        self.phone = "010" + digits.next(8)
        let year = 1960 + digits.number(2) % 46
        let month = 1 + digits.number(2) % 12
        let day = 1 + digits.number(2) % 28
        self.birthday = String(year) + Self.twoDigits(month) + Self.twoDigits(day)
        self.gender = digits.number(1) % 2 == 0 ? "MALE" : "FEMALE"
        self.nationality = "LOCAL"
        self.ci = Self.base64Digits(&digits, count: 86) + "=="
        self.email = "toss.sandbox." + digits.next(8) + "@example.com"
    }

    /// The persons every window offers before any is created.
    public static let builtIn = ["김토스", "이앱인", "박샌드"]

    /// Checks a person's name: 1–30 characters, not only spaces, no control characters.
    public static func validate(_ value: String?, field: String = "person") throws(TossPayError) -> String {
        guard let value, (1...30).contains(value.count), !value.allSatisfy(\.isWhitespace) else {
            throw TossPayError.invalidParameter(field, "1~30자여야 하며 공백으로만 설정할 수 없습니다.")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw TossPayError.invalidParameter(field, "제어 문자를 포함할 수 없습니다.")
        }
        return value
    }

    /// The person's fields an app may read, by login-me field name.
    public var fields: [(name: String, value: String)] {
        [("name", name), ("phone", phone), ("birthday", birthday), ("ci", ci), ("gender", gender),
         ("nationality", nationality), ("email", email)]
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    static func base64Digits(_ digits: inout DeterministicDigits, count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        for _ in 0..<count {
            // Two decimal digits (0–99) folded onto the 64 characters.
            text.append(alphabet[digits.number(2) % 64])
        }
        return text
    }
}

/// Masks what the request inspector keeps of a request and its answer (SPEC §4: no card
/// number, account number or key appears unmasked; §9: `basicAuth` is a secret).
///
/// A JSON body is parsed and every secret member masked wherever it sits: API keys (`apiKey`,
/// `testApiKey`, `liveApiKey`), login `accessToken`, `refreshToken` and `authorizationCode`,
/// a callback's `basicAuth`, an app's `decryptionKey`, `password`; a card number member
/// (`cardNumber`, `cardNo`) becomes `BIN6 + "******" + last4` and an account number member
/// (`accountNumber`, `accountNo`) the guide's masked form. A body that is not JSON (malformed,
/// or another type) is masked as text: the same member names followed by `:` or `=`, `sk_live_…`
/// / `sk_test_…` keys and every run of 13 or more digits. Headers: `Authorization` keeps only
/// its scheme, `Cookie` and `Set-Cookie` are hidden. Nothing here throws or traps, whatever
/// the bytes.
public enum RequestLogMasking {
    /// What a hidden secret shows.
    public static let hidden = "****"
    /// The largest body kept, in UTF-8 bytes, unless a caller asks for another limit.
    public static let defaultBodyLimit = 16 * 1024
    /// The deepest JSON nesting parsed for masking (deeper bodies are masked as text).
    static let maximumDepth = 64

    /// A body as the inspector keeps it.
    public struct Body: Sendable, Equatable {
        /// The masked text, at most the limit's bytes.
        public var text: String
        /// Whether the masked text was cut at the limit.
        public var truncated: Bool
        /// The masked document, when the body was JSON (for finding orderNo, payToken, …).
        public var json: JSONValue?

        /// Creates a body.
        public init(text: String, truncated: Bool, json: JSONValue?) {
            self.text = text
            self.truncated = truncated
            self.json = json
        }
    }

    /// Member names whose value is a secret, lower-cased.
    static let secretNames: Set<String> = [
        "apikey", "testapikey", "liveapikey", "accesstoken", "refreshtoken", "authorizationcode", "basicauth",
        "decryptionkey", "password", "authorization", "cookie",
    ]
    /// Member names holding a full card number, lower-cased.
    static let cardNames: Set<String> = ["cardnumber", "cardno", "cardnum"]
    /// Member names holding a full account number, lower-cased.
    static let accountNames: Set<String> = ["accountnumber", "accountno", "bankaccountnumber"]

    /// The body `bytes` masked and cut to `limit` bytes (on a character boundary).
    public static func body(_ bytes: [UInt8], limit: Int = defaultBodyLimit) -> Body {
        guard !bytes.isEmpty else { return Body(text: "", truncated: false, json: nil) }
        if let document = try? JSONParser(maximumDepth: maximumDepth).parse(bytes) {
            let masked = json(document)
            let (text, truncated) = cut(JSONWriter.bytes(masked), limit: limit)
            return Body(text: text, truncated: truncated, json: masked)
        }
        let (text, truncated) = cut(maskText(bytes), limit: limit)
        return Body(text: text, truncated: truncated, json: nil)
    }

    /// `value` with every secret, card number and account number member masked, at any depth.
    public static func json(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map(json))
        case .object(let object):
            var masked = JSONObject()
            for (key, member) in object.members {
                masked[key] = self.member(key, member)
            }
            return .object(masked)
        case .null, .bool, .number, .string:
            return value
        }
    }

    /// One member's value, masked by its name.
    static func member(_ key: String, _ value: JSONValue) -> JSONValue {
        let name = key.lowercased()
        if secretNames.contains(name) {
            if case .null = value { return .null }
            if case .string(let text) = value { return .string(secret(text)) }
            return .string(hidden)
        }
        if cardNames.contains(name) || accountNames.contains(name) {
            let text: String
            switch value {
            case .string(let string): text = string
            case .number(let digits): text = digits
            case .null: return .null
            default: return .string(hidden)
            }
            // Numbers already masked (execute's answer, stored cards) stay as they are.
            if text.contains("*") { return .string(text) }
            return .string(cardNames.contains(name) ? Masking.cardNumber(text) : Masking.accountNumber(text))
        }
        return json(value)
    }

    /// A secret's masked form: an API key keeps its kind (`sk_test_****`), anything else is ``hidden``.
    static func secret(_ text: String) -> String {
        for prefix in ["sk_test_", "sk_live_"] where text.hasPrefix(prefix) { return prefix + hidden }
        return text.isEmpty ? "" : hidden
    }

    /// A request header's value as kept: `Authorization` (and `Proxy-Authorization`) keeps its
    /// scheme (`Basic ****`, `Bearer ****`); `Cookie` and `Set-Cookie` are ``hidden``; any other
    /// header is kept, without NUL characters.
    public static func header(name: String, value: String) -> String {
        switch name.lowercased() {
        case "authorization", "proxy-authorization":
            let parts = value.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].count <= 16, parts[0].allSatisfy({ $0.isASCII && $0.isLetter }) {
                return "\(parts[0]) \(hidden)"
            }
            return hidden
        case "cookie", "set-cookie":
            return hidden
        default:
            return storable(value)
        }
    }

    /// `text` without NUL characters (U+FFFD instead), which PostgreSQL text cannot hold.
    public static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : Character($0) })
    }

    /// The first `limit` bytes of `bytes` that end on a character boundary, as text.
    static func cut(_ bytes: [UInt8], limit: Int) -> (String, Bool) {
        guard bytes.count > limit else { return (String(decoding: bytes, as: UTF8.self), false) }
        var end = max(0, limit)
        // Back off continuation bytes (10xxxxxx), so no character is split.
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return (String(decoding: bytes[0..<end], as: UTF8.self), true)
    }

    // MARK: Text that is not JSON

    /// `bytes` masked as text: secret names followed by `:` or `=` have their value hidden,
    /// `sk_test_` / `sk_live_` keys lose their secret part, runs of 13 or more digits (with
    /// single `-` or space between groups) are masked as card numbers; NUL becomes U+FFFD.
    static func maskText(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let end = secretValueStart(bytes, at: index) {
                // Copy the name and separator, then hide the value up to its end.
                out.append(contentsOf: bytes[index..<end])
                var stop = end
                while stop < bytes.count, !isValueEnd(bytes[stop]) { stop += 1 }
                if stop > end { out.append(contentsOf: hidden.utf8) }
                index = stop
            } else if let end = keyEnd(bytes, at: index) {
                out.append(contentsOf: bytes[index..<(index + 8)])
                out.append(contentsOf: hidden.utf8)
                index = end
            } else if isDigit(bytes[index]), index == 0 || !isAlphanumeric(bytes[index - 1]), let run = digitRun(bytes, at: index) {
                out.append(contentsOf: Masking.cardNumber(String(decoding: bytes[index..<run], as: UTF8.self)).utf8)
                index = run
            } else {
                if bytes[index] == 0 { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { out.append(bytes[index]) }
                index += 1
            }
        }
        return out
    }

    /// Where the value after a secret name at `index` starts (past `"`, spaces, `:` or `=`,
    /// spaces and an opening `"`), when a secret name begins there.
    static func secretValueStart(_ bytes: [UInt8], at index: Int) -> Int? {
        guard isLetter(bytes[index]), index == 0 || !isAlphanumeric(bytes[index - 1]) else { return nil }
        var end = index
        while end < bytes.count, isAlphanumeric(bytes[end]) || bytes[end] == UInt8(ascii: "_") { end += 1 }
        guard end - index <= 20 else { return nil }
        let name = String(decoding: bytes[index..<end], as: UTF8.self).lowercased()
        guard secretNames.contains(name) || cardNames.contains(name) || accountNames.contains(name) else { return nil }
        var cursor = end
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") { cursor += 1 }
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") || bytes[cursor] == UInt8(ascii: "=") else { return nil }
        cursor += 1
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") { cursor += 1 }
        return cursor
    }

    /// The end of an `sk_test_…` / `sk_live_…` key starting at `index`.
    static func keyEnd(_ bytes: [UInt8], at index: Int) -> Int? {
        guard index + 8 < bytes.count, bytes[index] == UInt8(ascii: "s"), index == 0 || !isAlphanumeric(bytes[index - 1]) else { return nil }
        let prefix = String(decoding: bytes[index..<(index + 8)], as: UTF8.self)
        guard prefix == "sk_test_" || prefix == "sk_live_" else { return nil }
        var end = index + 8
        while end < bytes.count, isAlphanumeric(bytes[end]) { end += 1 }
        return end > index + 8 ? end : nil
    }

    /// The end of a run of at least 13 digits starting at `index`, groups joined by one `-` or
    /// space; nil for a shorter run.
    static func digitRun(_ bytes: [UInt8], at index: Int) -> Int? {
        var end = index
        var digits = 0
        var lastDigitEnd = index
        while end < bytes.count {
            if isDigit(bytes[end]) {
                digits += 1
                end += 1
                lastDigitEnd = end
            } else if (bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: " ")), end + 1 < bytes.count, isDigit(bytes[end + 1]) {
                end += 1
            } else {
                break
            }
        }
        return digits >= 13 ? lastDigitEnd : nil
    }

    static func isValueEnd(_ byte: UInt8) -> Bool {
        switch byte {
        // Not a space: `Authorization: Basic …` hides the scheme and the credentials alike.
        case UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "&"), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ";"),
             UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            true
        default:
            false
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
}

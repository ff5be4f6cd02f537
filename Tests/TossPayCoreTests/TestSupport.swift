import Testing
import TossPayCore

// Small helpers shared by the TossPayCore tests. Expected values are never computed here with
// the code under test: these only build inputs and read outcomes.

/// Parses `json` and wraps it in a `FieldReader`, as the server does with a request body.
func fields(_ json: String) throws -> FieldReader {
    let value = try JSONParser().parse(json)
    return try FieldReader(value)
}

/// `text` as a JSON string literal (written independently of `JSONWriter`).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// A JSON object text from `members` (name, raw JSON value text), in order; a nil value
/// leaves the member out.
func jsonObject(_ members: [(String, String?)]) -> String {
    "{" + members.compactMap { name, value in value.map { "\(jsonString(name)):\($0)" } }.joined(separator: ",") + "}"
}

/// `base` with `changes` applied: a changed member keeps its place, a new one goes last,
/// a nil value removes the member.
func applying(_ changes: [(String, String?)], to base: [(String, String?)]) -> [(String, String?)] {
    var result = base
    for (name, value) in changes {
        if let index = result.firstIndex(where: { $0.0 == name }) {
            result[index].1 = value
        } else {
            result.append((name, value))
        }
    }
    return result
}

/// Whether `reason` mentions `field` as a whole word (so "amount" is not found inside
/// "amountTaxFree").
func reason(_ reason: String, names field: String) -> Bool {
    func isIdentifier(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }
    let text = Array(reason)
    let name = Array(field)
    guard !name.isEmpty, text.count >= name.count else { return false }
    for start in 0...(text.count - name.count) where Array(text[start..<(start + name.count)]) == name {
        let before = start == 0 ? nil : text[start - 1]
        let end = start + name.count
        let after = end == text.count ? nil : text[end]
        if !(before.map(isIdentifier) ?? false) && !(after.map(isIdentifier) ?? false) { return true }
    }
    return false
}

/// Runs `body` and expects `COMMON_INVALID_PARAMETER` whose reason names `field`.
func expectInvalidParameter(
    _ field: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected COMMON_INVALID_PARAMETER naming \(field), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as TossPayError {
        #expect(error.code == .commonInvalidParameter, "code for \(field)", sourceLocation: sourceLocation)
        #expect(reason(error.reason, names: field), "reason \"\(error.reason)\" should name \(field)", sourceLocation: sourceLocation)
        #expect(error.httpStatus == 400, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected TossPayError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` and expects a `TossPayError` with `code`.
func expectError(
    _ code: ErrorCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(code.rawValue), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as TossPayError {
        #expect(error.code == code, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected TossPayError \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}

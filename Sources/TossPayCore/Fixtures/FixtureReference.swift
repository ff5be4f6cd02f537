/// A reference to an earlier step's response: a JSON string that is exactly
/// `"${name:path}"`, e.g. `"${make:success.payToken}"`.
///
/// A string starting with `${` must be a whole, valid reference (a typo is an error, not a
/// literal that would be sent as is); one starting with `$${` is the literal text with one `$`
/// removed; any other string is literal.
public struct FixtureReference: Sendable, Equatable, CustomStringConvertible {
    /// The earlier step whose response is read.
    public let step: String
    /// Where in that response (the whole envelope: `success.…`, `resultType`).
    public let path: JSONPath

    /// What a JSON string in a fixture stands for.
    public enum Parsed: Sendable, Equatable {
        /// Literal text (an escaped `$${…}` already unescaped).
        case literal(String)
        /// A reference to resolve.
        case reference(FixtureReference)
    }

    /// Reads `text`.
    /// - Throws: a message when `text` starts with `${` but is not a whole reference.
    public static func parse(_ text: String) throws(JSONPath.Failure) -> Parsed {
        if text.hasPrefix("$${") { return .literal(String(text.dropFirst())) }
        guard text.hasPrefix("${") else { return .literal(text) }
        guard text.count >= 3, text.hasSuffix("}") else {
            throw JSONPath.Failure(message: "the reference \(Self.quoted(text)) is missing its closing }")
        }
        let inner = text.dropFirst(2).dropLast()
        guard let colon = inner.firstIndex(of: ":") else {
            throw JSONPath.Failure(message: "the reference \(Self.quoted(text)) needs a : between the step name and the path, as in ${make:success.payToken}")
        }
        let name = String(inner[..<colon])
        guard FixtureStep.isValidName(name) else {
            throw JSONPath.Failure(message: "the reference \(Self.quoted(text)) names no valid step (1–64 of A–Z a–z 0–9 _ -)")
        }
        let path: JSONPath
        do {
            path = try JSONPath(parsing: String(inner[inner.index(after: colon)...]))
        } catch {
            throw JSONPath.Failure(message: "the reference \(Self.quoted(text)): \(error.message)")
        }
        return .reference(FixtureReference(step: name, path: path))
    }

    /// A reference to `path` in `step`'s response.
    public init(step: String, path: JSONPath) {
        self.step = step
        self.path = path
    }

    public var description: String { "${\(step):\(path)}" }

    /// `text` quoted for a message, cut to a readable length.
    static func quoted(_ text: String) -> String {
        "\"" + (text.count > 80 ? text.prefix(80) + "…" : text) + "\""
    }
}

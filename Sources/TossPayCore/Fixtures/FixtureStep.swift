/// One request of a fixtures file: `{"name", "path", "method", "headers", "body"}`.
///
/// Everything is checked when the file is read, before anything is sent: the name, the method,
/// the path (relative to the base URL, printable ASCII, references only as whole segments),
/// header names and values, and the syntax of every `${name:path}` reference.
public struct FixtureStep: Sendable, Equatable {
    /// A request header as written in the file (its value may be a reference).
    public struct Header: Sendable, Equatable {
        /// The header's name as written.
        public var name: String
        /// Its value: literal text, or a whole `${name:path}` reference.
        public var value: String

        /// A header `name: value`.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The methods a step may use.
    public static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    /// The fields a step may have (`description` is a comment for the reader).
    public static let fields = ["name", "path", "method", "headers", "body", "description"]
    /// Headers the HTTP layer sets; a step may not.
    static let transportHeaders: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]
    /// The longest path accepted.
    public static let maximumPathLength = 2_048

    /// The step's name, unique in its file: 1–64 of `A–Z a–z 0–9 _ -`.
    public let name: String
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`; when the file gives none, `POST` with a body
    /// and `GET` without.
    public let method: String
    /// The path with its query, starting with `/`, appended to the base URL.
    public let path: String
    /// The headers in file order.
    public let headers: [Header]
    /// The JSON body, sent with its references resolved; nil: no body.
    public let body: JSONValue?

    /// Whether `name` may name a step (and so appear in a reference).
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.allSatisfy { PaymentRules.isASCIIAlphanumeric($0) || $0 == "_" || $0 == "-" }
    }

    /// A step from the file's `fixtures[position]`.
    public init(json: JSONValue, position: Int) throws(FixtureError) {
        let label = "fixtures[\(position)]"
        guard case .object(let object) = json else {
            throw FixtureError(step: label, "a step is an object with name, path, method, headers and body, not \(JSONPath.article(json.typeName))")
        }
        guard case .string(let name)? = object["name"] else {
            throw FixtureError(step: label, object["name"] == nil ? "the step has no \"name\"" : "\"name\" must be a string")
        }
        guard Self.isValidName(name) else {
            throw FixtureError(step: label, "the name \(FixtureReference.quoted(name)) must be 1–64 of A–Z a–z 0–9 _ -")
        }
        if let unknown = object.members.first(where: { !Self.fields.contains($0.key) }) {
            throw FixtureError(step: name, "unknown field \"\(unknown.key)\" (a step has \(Self.fields.joined(separator: ", ")))")
        }
        if let description = object["description"] {
            guard case .string = description else { throw FixtureError(step: name, "\"description\" must be a string") }
        }

        let body: JSONValue?
        switch object["body"] {
        case nil: body = nil
        case let value?:
            do { try Self.checkReferences(in: value) } catch { throw FixtureError(step: name, "in the body, \(error.message)") }
            body = value
        }

        let method: String
        switch object["method"] {
        case nil: method = body == nil ? "GET" : "POST"
        case .string(let text)?:
            method = text.uppercased()
            guard Self.methods.contains(method) else {
                throw FixtureError(step: name, "the method \(FixtureReference.quoted(text)) is not one of \(Self.methods.sorted().joined(separator: ", "))")
            }
        case let other?:
            throw FixtureError(step: name, "\"method\" must be a string, not \(JSONPath.article(other.typeName))")
        }
        if method == "GET", body != nil { throw FixtureError(step: name, "a GET step has no body") }

        guard case .string(let path)? = object["path"] else {
            throw FixtureError(step: name, object["path"] == nil ? "the step has no \"path\"" : "\"path\" must be a string")
        }
        do { _ = try Self.pathSegments(path) } catch { throw FixtureError(step: name, error.message) }

        var headers: [Header] = []
        switch object["headers"] {
        case nil, .null?: break
        case .object(let members)?:
            for (headerName, value) in members.members {
                guard Self.isValidHeaderName(headerName) else {
                    throw FixtureError(step: name, "the header name \(FixtureReference.quoted(headerName)) is not a valid HTTP header name")
                }
                guard !Self.transportHeaders.contains(headerName.lowercased()) else {
                    throw FixtureError(step: name, "the header \(headerName) is set by the HTTP client, not by a step")
                }
                let text: String
                switch value {
                case .string(let string): text = string
                case .number(let literal): text = literal
                default:
                    throw FixtureError(step: name, "the header \(headerName) must be a string or a number, not \(JSONPath.article(value.typeName))")
                }
                do {
                    if case .literal(let literal) = try FixtureReference.parse(text) {
                        try Self.checkHeaderValue(literal, name: headerName)
                    }
                } catch {
                    throw FixtureError(step: name, "in the header \(headerName), \(error.message)")
                }
                headers.append(Header(name: headerName, value: text))
            }
        case let other?:
            throw FixtureError(step: name, "\"headers\" must be an object of strings, not \(JSONPath.article(other.typeName))")
        }

        self.name = name
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// Every reference the step makes, in path, headers and body order.
    public var references: [FixtureReference] {
        var found: [FixtureReference] = []
        for segment in (try? Self.pathSegments(path)) ?? [] {
            if case .reference(let reference) = segment { found.append(reference) }
        }
        for header in headers {
            if case .reference(let reference)? = try? FixtureReference.parse(header.value) { found.append(reference) }
        }
        if let body { Self.collectReferences(in: body, into: &found) }
        return found
    }

    // MARK: Checks

    /// A path cut into `/`-separated segments (the first one empty) and its query (`?…`, kept
    /// literal). A segment starting with `${` is a reference; `${` anywhere else is an error.
    static func pathSegments(_ path: String) throws(JSONPath.Failure) -> [FixtureReference.Parsed] {
        guard path.hasPrefix("/") else {
            throw JSONPath.Failure(message: "the path \(FixtureReference.quoted(path)) must start with / (it is appended to the base URL)")
        }
        guard path.utf8.count <= maximumPathLength else {
            throw JSONPath.Failure(message: "the path is longer than \(maximumPathLength) bytes")
        }
        guard path.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "#") }) else {
            throw JSONPath.Failure(message: "the path \(FixtureReference.quoted(path)) may hold printable ASCII only, without spaces or # (percent-encode the rest)")
        }
        let query = path.firstIndex(of: "?")
        let route = query.map { path[..<$0] } ?? path[...]
        if let query, path[query...].contains("${") {
            throw JSONPath.Failure(message: "a reference in the path must be a whole segment between slashes, not in the query")
        }
        var segments: [FixtureReference.Parsed] = []
        for segment in route.split(separator: "/", omittingEmptySubsequences: false) {
            let text = String(segment)
            if text.hasPrefix("${") || text.hasPrefix("$${") {
                segments.append(try FixtureReference.parse(text))
            } else if text.contains("${") {
                throw JSONPath.Failure(message: "a reference in the path must be a whole segment between slashes (\(FixtureReference.quoted(text)))")
            } else {
                segments.append(.literal(text))
            }
        }
        if let query { segments.append(.literal(String(path[query...]))) }
        return segments
    }

    /// Throws for the first malformed reference in a body.
    static func checkReferences(in value: JSONValue) throws(JSONPath.Failure) {
        switch value {
        case .string(let text): _ = try FixtureReference.parse(text)
        case .array(let elements): for element in elements { try checkReferences(in: element) }
        case .object(let object): for member in object.members { try checkReferences(in: member.value) }
        case .null, .bool, .number: break
        }
    }

    static func collectReferences(in value: JSONValue, into found: inout [FixtureReference]) {
        switch value {
        case .string(let text):
            if case .reference(let reference)? = try? FixtureReference.parse(text) { found.append(reference) }
        case .array(let elements): for element in elements { collectReferences(in: element, into: &found) }
        case .object(let object): for member in object.members { collectReferences(in: member.value, into: &found) }
        case .null, .bool, .number: break
        }
    }

    /// RFC 9110 token characters.
    static func isValidHeaderName(_ name: String) -> Bool {
        (1...100).contains(name.utf8.count) && name.allSatisfy { PaymentRules.isASCIIAlphanumeric($0) || "!#$%&'*+-.^_`|~".contains($0) }
    }

    /// A header value: at most 8 KiB, no control characters but tab.
    static func checkHeaderValue(_ value: String, name: String) throws(JSONPath.Failure) {
        guard value.utf8.count <= 8_192 else { throw JSONPath.Failure(message: "the value is longer than 8 KiB") }
        guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else {
            throw JSONPath.Failure(message: "the value holds a control character")
        }
    }
}

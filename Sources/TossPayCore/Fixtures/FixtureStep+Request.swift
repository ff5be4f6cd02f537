extension FixtureStep {
    /// Characters a resolved path segment keeps as they are (RFC 3986 unreserved); the rest is
    /// percent-encoded, so a value cannot add a segment or a query.
    static let unreservedInSegment = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// The request to send, with every reference replaced by the value at its path in the
    /// earlier step's response (`responses`: each earlier step's parsed JSON by name).
    ///
    /// - In the body, a value keeps its JSON type: a number stays a number, an object an object.
    /// - In a header, the value must be a string or a number (sent as its literal text).
    /// - In the path, a whole segment: a non-empty string or an integer, percent-encoded.
    /// - `defaults` are added when the step has no header of the same name (case-insensitive),
    ///   e.g. `Authorization` from `--api-key`, `Content-Type: application/json` for a body.
    /// - Throws: ``FixtureError`` naming this step: a missing key, an index out of range, a path
    ///   into a value of another type, an earlier response that is not JSON, a value of a type
    ///   that cannot go where the reference stands.
    public func request(responses: [String: JSONValue], defaults: [Header] = []) throws(FixtureError) -> FixtureRequest {
        func resolve(_ reference: FixtureReference) throws(FixtureError) -> JSONValue {
            guard let response = responses[reference.step] else {
                throw FixtureError(step: name, "\(reference): step \"\(reference.step)\" has no JSON response to read")
            }
            do {
                return try reference.path.value(in: response)
            } catch {
                throw FixtureError(step: name, "\(reference): \(error.message)")
            }
        }

        var resolvedPath = ""
        let segments: [FixtureReference.Parsed]
        do { segments = try Self.pathSegments(path) } catch { throw FixtureError(step: name, error.message) }
        for (position, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                // The query (kept literal) is the last part and starts with "?"; segments are joined by "/".
                resolvedPath += (position == 0 || text.hasPrefix("?")) ? text : "/" + text
            case .reference(let reference):
                let value = try resolve(reference)
                let text: String
                switch value {
                case .string(let string) where !string.isEmpty: text = string
                case .number where value.integerValue != nil: text = String(value.integerValue ?? 0)
                default:
                    throw FixtureError(step: name, "\(reference) in the path is \(JSONPath.article(value.typeName))\(value == .string("") ? " that is empty" : ""); a path segment takes a non-empty string or an integer")
                }
                resolvedPath += "/" + Self.percentEncoded(text)
            }
        }

        var resolvedHeaders: [Header] = []
        for header in headers {
            let parsed: FixtureReference.Parsed
            do { parsed = try FixtureReference.parse(header.value) } catch { throw FixtureError(step: name, error.message) }
            switch parsed {
            case .literal(let text):
                resolvedHeaders.append(Header(name: header.name, value: text))
            case .reference(let reference):
                let value = try resolve(reference)
                let text: String
                switch value {
                case .string(let string): text = string
                case .number(let literal): text = literal
                default:
                    throw FixtureError(step: name, "\(reference) in the header \(header.name) is \(JSONPath.article(value.typeName)); a header takes a string or a number")
                }
                do { try Self.checkHeaderValue(text, name: header.name) } catch {
                    throw FixtureError(step: name, "\(reference) in the header \(header.name): \(error.message)")
                }
                resolvedHeaders.append(Header(name: header.name, value: text))
            }
        }
        for header in defaults where !resolvedHeaders.contains(where: { $0.name.lowercased() == header.name.lowercased() }) {
            resolvedHeaders.append(header)
        }

        var bytes: [UInt8]?
        if let body {
            func substitute(_ value: JSONValue) throws(FixtureError) -> JSONValue {
                switch value {
                case .string(let text):
                    let parsed: FixtureReference.Parsed
                    do { parsed = try FixtureReference.parse(text) } catch { throw FixtureError(step: name, error.message) }
                    switch parsed {
                    case .literal(let literal): return .string(literal)
                    case .reference(let reference): return try resolve(reference)
                    }
                case .array(let elements):
                    var resolved: [JSONValue] = []
                    for element in elements { resolved.append(try substitute(element)) }
                    return .array(resolved)
                case .object(let object):
                    var resolved = JSONObject()
                    for member in object.members { resolved[member.key] = try substitute(member.value) }
                    return .object(resolved)
                case .null, .bool, .number:
                    return value
                }
            }
            bytes = JSONWriter.bytes(try substitute(body))
        }
        return FixtureRequest(method: method, path: resolvedPath, headers: resolvedHeaders, body: bytes)
    }

    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            if unreservedInSegment.contains(byte) {
                encoded.append(Character(Unicode.Scalar(byte)))
            } else {
                encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}

/// A path into a JSON document: keys and array indexes, as in `success.transactions[0].transactionId`.
///
/// Grammar: the first component is a key or an index; each later one is `.key` or `[index]`.
/// A key is one or more characters other than `.`, `[`, `]`, `{` and `}`; an index is 1 to 9
/// decimal digits. There is no quoting, wildcard or negative index: a fixture names one value.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    /// One step into a document.
    public enum Component: Sendable, Equatable {
        /// A member of an object.
        case key(String)
        /// An element of an array, from 0.
        case index(Int)
    }

    /// Why a path cannot be read or followed.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, naming the path so far.
        public var message: String
        public var description: String { message }
    }

    /// The components in order.
    public let components: [Component]

    /// Reads `text`, e.g. `success.payToken` or `items[2].name`.
    public init(parsing text: String) throws(Failure) {
        guard !text.isEmpty else { throw Failure(message: "the path is empty") }
        let characters = Array(text)
        var components: [Component] = []
        var position = 0
        let forbiddenInKey: Set<Character> = [".", "[", "]", "{", "}"]

        func readKey() throws(Failure) -> String {
            let start = position
            while position < characters.count, !forbiddenInKey.contains(characters[position]) { position += 1 }
            guard position > start else {
                throw Failure(message: "an empty key at character \(start + 1) of the path \"\(text)\"")
            }
            return String(characters[start..<position])
        }

        func readIndex() throws(Failure) -> Int {
            // At "[".
            position += 1
            let start = position
            while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
            guard position < characters.count, characters[position] == "]" else {
                throw Failure(message: "an index must be digits closed by ] in the path \"\(text)\"")
            }
            guard position > start else { throw Failure(message: "an empty index [] in the path \"\(text)\"") }
            guard position - start <= 9, let index = Int(String(characters[start..<position])) else {
                throw Failure(message: "an index over 9 digits in the path \"\(text)\"")
            }
            position += 1
            return index
        }

        if characters[0] == "[" {
            components.append(.index(try readIndex()))
        } else {
            components.append(.key(try readKey()))
        }
        while position < characters.count {
            switch characters[position] {
            case ".":
                position += 1
                components.append(.key(try readKey()))
            case "[":
                components.append(.index(try readIndex()))
            default:
                throw Failure(message: "unexpected \"\(characters[position])\" at character \(position + 1) of the path \"\(text)\" (expected . or [)")
            }
        }
        self.components = components
    }

    /// The path as written canonically.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// The value at this path in `document`.
    /// - Throws: ``Failure`` naming where it stopped: a missing key, an index out of range, or a
    ///   step into a value of the wrong type (a key into a non-object, an index into a non-array).
    public func value(in document: JSONValue) throws(Failure) -> JSONValue {
        var current = document
        var walked = ""
        for component in components {
            let here = walked.isEmpty ? "the response" : walked
            switch component {
            case .key(let key):
                guard case .object(let object) = current else {
                    throw Failure(message: "\(here) is \(Self.article(current.typeName)), not an object, so it has no key \"\(key)\"")
                }
                guard let member = object[key] else { throw Failure(message: "\(here) has no key \"\(key)\"") }
                current = member
                walked += walked.isEmpty ? key : "." + key
            case .index(let index):
                guard case .array(let elements) = current else {
                    throw Failure(message: "\(here) is \(Self.article(current.typeName)), not an array, so it has no index [\(index)]")
                }
                guard index < elements.count else {
                    throw Failure(message: "index [\(index)] is out of range: \(here) has \(elements.count) element\(elements.count == 1 ? "" : "s")")
                }
                current = elements[index]
                walked += "[\(index)]"
            }
        }
        return current
    }

    static func article(_ typeName: String) -> String {
        switch typeName {
        case "null": "null"
        case "array", "object": "an " + typeName
        default: "a " + typeName
        }
    }
}

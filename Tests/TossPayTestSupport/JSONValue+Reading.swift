import TossPayCore

// Typed reads of a parsed answer, so that a test says what it expects a field to be:
// `reply["success"]["payToken"].string`, `status["refundableAmount"].int64`. Every accessor is
// nil when the value is absent or of another JSON type (a boolean is not a number, `1.5` is not
// an integer), and they chain through absent values, so a missing object reads as nil rather
// than trapping.

extension JSONValue {
    /// The member `key` of an object; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` of an array; nil when out of range or when this is not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The text of a JSON string.
    public var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// A JSON number written as an integer (no fraction, no exponent) that fits in `Int64`.
    public var int64: Int64? { integerValue }

    /// A JSON number written as an integer that fits in `Int`.
    public var int: Int? { integerValue.flatMap { Int(exactly: $0) } }

    /// A JSON boolean.
    public var bool: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// A JSON array's elements.
    public var array: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// A JSON array whose elements are all strings; nil when any is not.
    public var strings: [String]? {
        guard case .array(let elements) = self else { return nil }
        var strings: [String] = []
        for element in elements {
            guard case .string(let text) = element else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// A JSON array whose elements are all objects; nil when any is not.
    public var objects: [JSONObject]? {
        guard case .array(let elements) = self else { return nil }
        var objects: [JSONObject] = []
        for element in elements {
            guard case .object(let object) = element else { return nil }
            objects.append(object)
        }
        return objects
    }

    /// A JSON object.
    public var object: JSONObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool { self == .null }

    /// An object's member names in order; empty for anything else.
    public var keys: [String] { object?.keys ?? [] }
}

extension Optional where Wrapped == JSONValue {
    /// The member `key`; nil when this is nil or not an object.
    public subscript(key: String) -> JSONValue? { self?[key] }
    /// The element at `index`; nil when this is nil or not an array.
    public subscript(index: Int) -> JSONValue? { self?[index] }
    public var string: String? { self?.string }
    public var int64: Int64? { self?.int64 }
    public var int: Int? { self?.int }
    public var bool: Bool? { self?.bool }
    public var array: [JSONValue]? { self?.array }
    public var strings: [String]? { self?.strings }
    public var objects: [JSONObject]? { self?.objects }
    public var object: JSONObject? { self?.object }
    /// Whether the value is present and JSON `null` (an absent member is not null).
    public var isNull: Bool { self?.isNull ?? false }
    public var keys: [String] { self?.keys ?? [] }
}

extension JSONObject {
    /// The member names in order.
    public var keys: [String] { members.map(\.key) }
}

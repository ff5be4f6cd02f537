/// A JSON document as parsed from a request or built for a response.
///
/// Numbers keep their literal text so that integers are read exactly (no floating point
/// near an amount) and a response prints them as given. Objects keep their key order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number's literal text as it appeared, e.g. `10`, `-3`, `1.5e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A number from an integer.
    public static func int(_ value: Int64) -> JSONValue { .number(String(value)) }
    /// A number from an integer.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
    /// A string, or `null` when `value` is nil.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    /// An integer, or `null` when `value` is nil.
    public static func optional(_ value: Int64?) -> JSONValue { value.map { JSONValue.int($0) } ?? .null }
    /// A boolean, or `null` when `value` is nil.
    public static func optional(_ value: Bool?) -> JSONValue { value.map(JSONValue.bool) ?? .null }

    /// The JSON type's name, for error reasons.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value as an `Int64` if it is a number written as an integer (no fraction or
    /// exponent) that fits; nil otherwise.
    public var integerValue: Int64? {
        guard case .number(let text) = self else { return nil }
        guard !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
        return Int64(text)
    }
}

/// A JSON object that keeps its keys in order. A repeated key keeps its first position and
/// its last value.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The members in order.
    public private(set) var members: [(key: String, value: JSONValue)] = []
    private var index: [String: Int] = [:]

    /// Creates an empty object.
    public init() {}

    /// Creates an object with members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The value for `key`, or nil when absent. Setting appends new keys at the end.
    public subscript(key: String) -> JSONValue? {
        get { index[key].map { members[$0].value } }
        set {
            if let position = index[key] {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    index = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.key, $0) })
                }
            } else if let newValue {
                index[key] = members.count
                members.append((key, newValue))
            }
        }
    }

    /// The number of members.
    public var count: Int { members.count }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

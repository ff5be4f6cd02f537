/// Reads typed fields from a request object, throwing `COMMON_INVALID_PARAMETER` with a
/// reason that names the field. Unknown fields are ignored.
public struct FieldReader: Sendable {
    /// The request body.
    public let object: JSONObject
    /// Put before field names in errors, e.g. `cards[0].` for a nested object.
    public var prefix: String = ""

    /// Reads fields from `value`, which must be a JSON object.
    public init(_ value: JSONValue) throws(TossPayError) {
        guard case .object(let object) = value else {
            throw TossPayError(.commonInvalidParameter, reason: "요청 본문은 JSON 객체여야 합니다. (got \(value.typeName))")
        }
        self.object = object
    }

    /// Reads fields from `object`.
    public init(object: JSONObject) {
        self.object = object
    }

    /// Whether `name` is absent or `null`.
    public func isMissing(_ name: String) -> Bool {
        switch object[name] {
        case nil, .null?: true
        default: false
        }
    }

    /// A required string.
    public func requiredString(_ name: String) throws(TossPayError) -> String {
        guard let value = try optionalString(name) else {
            throw TossPayError.invalidParameter(prefix + name, "필수 값입니다.")
        }
        return value
    }

    /// A string, nil when absent or `null`.
    public func optionalString(_ name: String) throws(TossPayError) -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw TossPayError.invalidParameter(prefix + name, "문자열이어야 합니다. (got \(other.typeName))")
        }
    }

    /// A required JSON integer (a string such as `"10"` is refused).
    public func requiredInteger(_ name: String) throws(TossPayError) -> Int64 {
        guard let value = try optionalInteger(name) else {
            throw TossPayError.invalidParameter(prefix + name, "필수 값입니다.")
        }
        return value
    }

    /// A JSON integer, nil when absent or `null`.
    public func optionalInteger(_ name: String) throws(TossPayError) -> Int64? {
        switch object[name] {
        case nil, .null?: return nil
        case let value? where value.integerValue != nil: return value.integerValue
        case .number?: throw TossPayError.invalidParameter(prefix + name, "정수여야 합니다.")
        case let other?: throw TossPayError.invalidParameter(prefix + name, "숫자(정수)여야 합니다. (got \(other.typeName))")
        }
    }

    /// A required JSON boolean.
    public func requiredBool(_ name: String) throws(TossPayError) -> Bool {
        guard let value = try optionalBool(name) else {
            throw TossPayError.invalidParameter(prefix + name, "필수 값입니다. (true 또는 false)")
        }
        return value
    }

    /// A JSON boolean, nil when absent or `null`.
    public func optionalBool(_ name: String) throws(TossPayError) -> Bool? {
        switch object[name] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw TossPayError.invalidParameter(prefix + name, "true 또는 false 여야 합니다. (got \(other.typeName))")
        }
    }

    /// A string that must be one of an enumeration's raw values; nil when absent or `null`.
    public func optionalEnum<Value: RawRepresentable & CaseIterable>(
        _ name: String, as type: Value.Type
    ) throws(TossPayError) -> Value? where Value.RawValue == String {
        guard let text = try optionalString(name) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw TossPayError.invalidParameter(prefix + name, "\(allowed) 중 하나여야 합니다.")
        }
        return value
    }
}

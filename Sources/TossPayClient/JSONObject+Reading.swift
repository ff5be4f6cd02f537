import TossPayCore

extension JSONObject {
    /// A string field; numbers and booleans are given as their text (the service is not
    /// consistent about types between endpoints).
    func text(_ key: String) -> String? {
        switch self[key] {
        case .string(let value)?: value
        case .number(let value)?: value
        case .bool(let value)?: String(value)
        default: nil
        }
    }

    /// An integer field, also from a string of digits.
    func integer(_ key: String) -> Int64? {
        switch self[key] {
        case let value? where value.integerValue != nil: value.integerValue
        case .string(let text)?: Int64(text)
        default: nil
        }
    }

    /// A boolean field, also from `"true"` / `"false"`.
    func flag(_ key: String) -> Bool? {
        switch self[key] {
        case .bool(let value)?: value
        case .string(let text)?: Bool(text)
        default: nil
        }
    }

    /// A nested object.
    func object(_ key: String) -> JSONObject? {
        if case .object(let value)? = self[key] { return value }
        return nil
    }
}

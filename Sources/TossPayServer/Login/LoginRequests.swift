import TossPayCore

/// Reading the login API's request bodies: each failure names the field, as the pay API's do
/// (the controller turns them into the login API's `INVALID_PARAMETER`).
enum LoginRequests {
    /// A required string of 1–`maximum` characters.
    static func text(_ fields: FieldReader, _ name: String, maximum: Int) throws -> String {
        let value = try fields.requiredString(name)
        guard (1...maximum).contains(value.count) else {
            throw TossPayError.invalidParameter(name, "1~\(maximum)자여야 합니다.")
        }
        return value
    }

    /// `referrer`: `DEFAULT` or `SANDBOX` (required, as Toss's example server sends it).
    static func referrer(_ fields: FieldReader) throws -> String {
        let value = try fields.requiredString("referrer")
        guard value == "DEFAULT" || value == "SANDBOX" else {
            throw TossPayError.invalidParameter("referrer", "DEFAULT 또는 SANDBOX 여야 합니다.")
        }
        return value
    }

    /// `userKey`: a JSON integer or a string of digits, 1–18 digits, positive.
    static func userKey(_ fields: FieldReader) throws -> Int64 {
        let digits: String
        switch fields.object["userKey"] {
        case .number(let text)?: digits = text
        case .string(let text)?: digits = text
        case nil, .null?: throw TossPayError.invalidParameter("userKey", "필수 값입니다.")
        default: throw TossPayError.invalidParameter("userKey", "숫자 또는 숫자 문자열이어야 합니다.")
        }
        guard (1...18).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits), value > 0 else {
            throw TossPayError.invalidParameter("userKey", "1~18자리 양의 정수여야 합니다.")
        }
        return value
    }

    /// `person`: a sandbox person's name.
    static func person(_ fields: FieldReader) throws -> String {
        try LoginPerson.validate(try fields.optionalString("person"))
    }
}

/// The one error type of tosspay: an API error code, a Korean reason and the HTTP status it maps to.
///
/// `description` is safe to show and log: it never contains card numbers, account numbers,
/// keys or SQL. One middleware turns it into the FAIL envelope; nothing else formats errors.
public struct TossPayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The API error code, e.g. ``ErrorCode/commonInvalidParameter``.
    public var code: ErrorCode
    /// Human-readable Korean text; defaults to the table's message for the code.
    public var reason: String
    /// The HTTP status the server answers with.
    public var httpStatus: Int

    /// Creates an error for `code`, with the table's message unless `reason` is given.
    public init(_ code: ErrorCode, reason: String? = nil, httpStatus: Int? = nil) {
        self.code = code
        self.reason = reason ?? code.defaultMessage ?? code.rawValue
        self.httpStatus = httpStatus ?? code.httpStatus
    }

    /// `COMMON_INVALID_PARAMETER` with a reason that names the field and what is wrong with it.
    public static func invalidParameter(_ field: String, _ problem: String) -> TossPayError {
        TossPayError(.commonInvalidParameter, reason: "\(field): \(problem)")
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}

extension ErrorCode {
    /// The HTTP status of SPEC §2 for this code: auth 401, unknown payment 404, throttled 429,
    /// server fault 500, any other failure 400.
    public var httpStatus: Int {
        switch self {
        case .commonInvalidApiKey, .commonUnauthorized: 401
        case .transactionNotFound: 404
        case .commonThrottled: 429
        case .commonSystemError: 500
        default: 400
        }
    }
}

/// A failed call: the API's error code (known codes typed, unknown ones kept as received),
/// its reason, and the HTTP status when the service answered.
public struct TossPayClientError: Error, Sendable, CustomStringConvertible {
    /// Where the failure came from.
    public enum Kind: Sendable, Equatable {
        /// The service answered with a FAIL envelope.
        case api
        /// The request never got a usable answer (timeout, connection closed, TLS).
        case transport
        /// The service answered something that is not the envelope.
        case invalidResponse
        /// The request broke a rule of the API; it was not sent.
        case validation
    }

    /// Where it came from.
    public var kind: Kind
    /// The error code, e.g. `.paymentExistingPayment`; `.unknown("X")` for codes added later.
    public var code: ErrorCode
    /// The reason as the service gave it (Korean), or a description of the transport failure.
    public var reason: String
    /// The HTTP status, when there was an answer.
    public var httpStatus: Int?
    /// For execute and refund: what get-payment-status said after the failure, when the client
    /// reconciled (e.g. `PAY_APPROVED` means nothing was charged and a new execute is safe).
    public var reconciledStatus: PaymentStatus?

    /// Creates an error.
    public init(kind: Kind, code: ErrorCode, reason: String, httpStatus: Int? = nil, reconciledStatus: PaymentStatus? = nil) {
        self.kind = kind
        self.code = code
        self.reason = reason
        self.httpStatus = httpStatus
        self.reconciledStatus = reconciledStatus
    }

    public var description: String {
        var text = "\(code.rawValue): \(reason)"
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let reconciledStatus { text += " [payStatus \(reconciledStatus.rawValue)]" }
        return text
    }

    static func transport(_ reason: String) -> TossPayClientError {
        TossPayClientError(kind: .transport, code: .commonTimeout, reason: reason)
    }

    static func invalidResponse(_ reason: String, status: Int?) -> TossPayClientError {
        TossPayClientError(kind: .invalidResponse, code: .commonSystemError, reason: reason, httpStatus: status)
    }
}

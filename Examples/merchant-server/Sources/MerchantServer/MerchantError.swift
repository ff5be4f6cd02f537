import Foundation
import Hummingbird
import TossPayClient

/// A refusal of the merchant API, answered as `{"error": code, "reason": text}` with a status
/// (and `payStatus` when Toss Pay was asked what became of the payment).
public struct MerchantError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A code: the shop's own (`ORDER_NOT_FOUND`, …) or Toss Pay's (`EXECUTE_PAY_NOT_APPROVED`, …).
    public var code: String
    /// Why, for people.
    public var reason: String
    /// What get-payment-status said after an unclear execute, when the client reconciled.
    public var payStatus: String?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ reason: String, payStatus: String? = nil) {
        self.status = status
        self.code = code
        self.reason = reason
        self.payStatus = payStatus
    }

    struct Body: Encodable {
        var error: String
        var reason: String
        var payStatus: String?
    }

    /// The JSON answer.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Body(error: code, reason: reason, payStatus: payStatus))
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// A Toss Pay failure as the shop reports it: the code and reason pass through; the status
    /// says whose problem it is.
    ///
    /// | Toss Pay said | status |
    /// |---|---|
    /// | a request rule (client-side validation) | 400 |
    /// | a business refusal (HTTP 400: not approved, not enough cash, …) | 409 |
    /// | unknown payment (HTTP 404) | 404 |
    /// | throttled (HTTP 429) | 503 |
    /// | the shop's credentials were refused (HTTP 401), a server fault, an unreadable answer | 502 |
    /// | no answer (timeout, dropped connection) and recovery could not settle it | 504 |
    public init(tossPay error: TossPayClientError) {
        let status: HTTPResponse.Status
        switch error.kind {
        case .validation: status = .badRequest
        case .transport: status = .gatewayTimeout
        case .invalidResponse: status = .badGateway
        case .api:
            switch error.httpStatus ?? 500 {
            case 400: status = .conflict
            case 404: status = .notFound
            case 429: status = .serviceUnavailable
            default: status = .badGateway
            }
        }
        self.init(status, error.code.rawValue, error.reason, payStatus: error.reconciledStatus?.rawValue)
    }
}

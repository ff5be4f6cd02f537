import Foundation
import Hummingbird
import NIOCore
import TossPayCore

/// The sandbox's fault injection (SPEC §5), for TEST payments only:
///
/// - `x-tosspay-test-code: <ERROR_CODE>` fails the call with that code (HTTP status as for the
///   real code) after validation and before anything changes.
/// - `x-tosspay-test-drop-response: 1` lets the operation commit, then closes the connection
///   without an answer, as a lost response in production.
///
/// On LIVE requests both headers are ignored.
enum FaultInjection {
    /// Throws the requested error for a TEST request carrying `x-tosspay-test-code`.
    static func failIfAsked(_ request: Request, mode: PaymentMode) throws(TossPayError) {
        guard mode == .test, let code = request.headers[.init("x-tosspay-test-code")!] else { return }
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
            throw TossPayError.invalidParameter("x-tosspay-test-code", "에러 코드 형식이어야 합니다. (예: COMMON_NOT_ENOUGH_CASH)")
        }
        let errorCode = ErrorCode(rawValue: trimmed)
        throw TossPayError(errorCode, reason: "\(errorCode.defaultMessage ?? trimmed) (x-tosspay-test-code 로 주입된 오류)")
    }

    /// The hold a request asked for with `x-tosspay-test-progress-ms` (SPEC §11): 1–60,000 ms on
    /// a TEST payment; any other value, or a LIVE payment, is `COMMON_INVALID_PARAMETER`.
    static func progressMillis(_ request: Request, mode: PaymentMode) throws(TossPayError) -> Int64? {
        try ProgressHold.requestedMillis(request.headers[.init("x-tosspay-test-progress-ms")!], mode: mode)
    }

    /// Whether a TEST request asked for its response to be dropped.
    static func wantsDrop(_ request: Request, mode: PaymentMode) -> Bool {
        mode == .test && request.headers[.init("x-tosspay-test-drop-response")!] == "1"
    }

    /// The response for a request that asked for no response: the connection is closed
    /// before anything is written.
    static func drop(_ context: TossPayRequestContext) async throws -> Response {
        try? await context.channel.close()
        throw DroppedResponse()
    }

    /// Thrown after closing a connection on purpose; nothing can be written any more.
    struct DroppedResponse: Error {}
}

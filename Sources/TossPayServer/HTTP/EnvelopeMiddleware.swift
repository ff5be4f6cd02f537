import Hummingbird
import Logging
import NIOCore
import TossPayCore

/// Turns every failure into the FAIL envelope, stamps `x-request-id`, and logs one structured
/// line per request (method, path, status, error code, milliseconds) — never a body or header
/// value, so no key or card number can reach the log.
struct EnvelopeMiddleware: RouterMiddleware {
    typealias Context = TossPayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        var errorCode: String?
        do {
            response = try await next(request, context)
        } catch let error as FaultInjection.DroppedResponse {
            context.logger.info("response dropped on request", metadata: ["http.path": "\(request.uri.path)"])
            throw error
        } catch let error as TossPayError {
            response = Envelope.failure(error)
            errorCode = error.code.rawValue
        } catch let error as HTTPError {
            let failure = Self.translate(error, request: request)
            response = Envelope.failure(failure)
            errorCode = failure.code.rawValue
        } catch {
            // Anything else is our fault; say so without detail (it could name SQL or data).
            context.logger.error("unexpected failure", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            let failure = TossPayError(.commonSystemError)
            response = Envelope.failure(failure)
            errorCode = failure.code.rawValue
        }
        response.headers[.init("x-request-id")!] = context.id
        let elapsed = ContinuousClock.now - started
        var metadata: Logger.Metadata = [
            "http.method": "\(request.method.rawValue)",
            "http.path": "\(request.uri.path)",
            "http.status": "\(response.status.code)",
            "duration.ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ]
        if let errorCode { metadata["error.code"] = "\(errorCode)" }
        context.logger.info("request", metadata: metadata)
        return response
    }

    static func translate(_ error: HTTPError, request: Request) -> TossPayError {
        switch error.status {
        case .notFound:
            return TossPayError(.commonInvalidParameter, reason: "존재하지 않는 API 입니다: \(request.method.rawValue) \(request.uri.path.prefix(200))", httpStatus: 404)
        case .methodNotAllowed:
            return TossPayError(.commonInvalidParameter, reason: "허용되지 않는 메서드입니다: \(request.method.rawValue)", httpStatus: 405)
        case .contentTooLarge:
            return TossPayError(.commonInvalidParameter, reason: "요청 본문이 \(Envelope.maximumBodySize / 1024)KiB 를 넘습니다.", httpStatus: 413)
        case let status where status.code >= 500:
            return TossPayError(.commonSystemError)
        default:
            return TossPayError(.commonInvalidParameter, reason: "잘못된 요청입니다. (HTTP \(error.status.code))", httpStatus: Int(error.status.code))
        }
    }
}

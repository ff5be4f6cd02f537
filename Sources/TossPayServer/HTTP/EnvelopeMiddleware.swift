import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import TossPayCore

/// Turns every failure into the FAIL envelope, stamps `x-request-id`, and logs one structured
/// line per request (method, route template, status, error code, milliseconds) — never a body,
/// a header value or the request's own path, so no key, card number or payToken can reach the
/// log: `GET /checkout/tp_…` logs `/checkout/{payToken}`, an unmatched path logs `-`.
struct EnvelopeMiddleware: RouterMiddleware {
    typealias Context = TossPayRequestContext

    /// Renders the page a console route answers instead of an envelope (a form over 16 KiB).
    let pages: PageRenderer?

    init(pages: PageRenderer? = nil) {
        self.pages = pages
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        var errorCode: String?
        do {
            response = try await next(request, context)
        } catch let error as FaultInjection.DroppedResponse {
            context.logger.info("response dropped on request", metadata: ["http.route": "\(Self.route(context))"])
            throw error
        } catch let error as TossPayError {
            response = Envelope.failure(error)
            errorCode = error.code.rawValue
        } catch let error as HTTPError {
            let failure = Self.translate(error, request: request)
            response = Envelope.failure(failure)
            errorCode = failure.code.rawValue
        } catch is NIOTooManyBytesError {
            // A body over a route's own limit (the console's 16 KiB forms) is the client's, not
            // ours: 413, as a page on console routes (SPEC §8), else the envelope.
            let failure = TossPayError(.commonInvalidParameter, reason: "요청 본문이 너무 큽니다.", httpStatus: 413)
            response = Self.route(context).hasPrefix("/console") ? (Self.tooLargePage(pages) ?? Envelope.failure(failure)) : Envelope.failure(failure)
            errorCode = failure.code.rawValue
        } catch let error as HTTPParserError {
            // A body the parser refused halfway (bad chunking); the connection closes after this.
            let failure = TossPayError(.commonInvalidParameter, reason: "HTTP 요청을 해석할 수 없습니다. (\(error))")
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
            "http.route": "\(Self.route(context))",
            "http.status": "\(response.status.code)",
            "duration.ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ]
        if let errorCode { metadata["error.code"] = "\(errorCode)" }
        context.logger.info("request", metadata: metadata)
        return response
    }

    /// The console's 413 page, never cached or framed; `nil` when it cannot be drawn.
    static func tooLargePage(_ pages: PageRenderer?) -> Response? {
        guard let pages, var response = try? pages.response(.consoleTooLarge, ConsolePage.plainPage("너무 큰 요청"), status: .contentTooLarge) else {
            return nil
        }
        response.headers[.cacheControl] = "no-store"
        if let frameOptions = HTTPField.Name("X-Frame-Options") { response.headers[frameOptions] = "DENY" }
        return response
    }

    /// The matched route's template (`/checkout/{payToken}`), or `-` when no route matched.
    static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path != "NotFound" else { return "-" }
        return path
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

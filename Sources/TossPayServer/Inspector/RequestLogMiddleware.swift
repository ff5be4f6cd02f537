import HTTPTypes
import Hummingbird
import NIOCore
import TossPayStorage

/// Records authenticated requests for the request inspector (docs/design.md, "Request
/// inspector"): on the partner, login, sandbox and manage APIs it puts a ``RequestInspection``
/// on the context and lets the route read its body through it; when the answer is ready and a
/// merchant was authenticated, it queues a ``CapturedRequest`` on ``RequestLog`` and returns.
/// Masking and storing happen later, in ``RequestLogService``; nothing here waits for the store.
///
/// It runs outside ``EnvelopeMiddleware``, so it sees every answer as the client gets it (the
/// FAIL envelope, `x-request-id`). The inspector's own route is not recorded (following it
/// would fill the log with itself), nor are requests that never authenticate.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = TossPayRequestContext

    /// Path prefixes of the routes that authenticate merchants.
    static let recordedPrefixes = ["/api-partner/", "/sandbox/", "/manage/"]
    /// The inspector's own route.
    static let ownPath = "/sandbox/v1/requests"
    /// The largest answer body captured; a larger or streamed one is recorded without its body.
    static let maximumResponseCapture = 256 * 1024

    let log: RequestLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard log.isEnabled, Self.isRecorded(request.uri.path) else { return try await next(request, context) }
        let started = ContinuousClock.now
        let at = SandboxClock.systemMillis()
        let inspection = RequestInspection()
        var context = context
        context.inspection = inspection
        var request = request
        request.body = RequestBody(asyncSequence: CapturingRequestBody(base: request.body, inspection: inspection))
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as FaultInjection.DroppedResponse {
            // The operation committed and the connection is dropped on purpose: recorded as status 0.
            if let merchantId = inspection.merchantId {
                log.enqueue(captured(request, context, inspection, merchantId: merchantId, at: at, started: started, status: 0, body: nil))
            }
            throw error
        }
        guard let merchantId = inspection.merchantId else { return response }
        var body: ByteBuffer?
        if let length = response.body.contentLength, length <= Self.maximumResponseCapture {
            let sink = ResponseBodySink()
            let original = response.body
            try await original.write(sink)
            let buffer = sink.buffer
            response.body = ResponseBody(byteBuffer: buffer)
            body = buffer
        }
        log.enqueue(captured(
            request, context, inspection, merchantId: merchantId, at: at, started: started, status: Int(response.status.code), body: body
        ))
        return response
    }

    func captured(
        _ request: Request, _ context: Context, _ inspection: RequestInspection, merchantId: String, at: Int64,
        started: ContinuousClock.Instant, status: Int, body: ByteBuffer?
    ) -> CapturedRequest {
        let elapsed = ContinuousClock.now - started
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        return CapturedRequest(
            merchantId: merchantId, at: at, method: request.method.rawValue, route: EnvelopeMiddleware.route(context),
            path: request.uri.path, status: status, durationMicros: micros, requestId: context.id, headers: request.headers,
            requestBody: inspection.requestBody, responseBody: body
        )
    }

    /// Whether requests to `path` may be recorded.
    static func isRecorded(_ path: String) -> Bool {
        path != ownPath && recordedPrefixes.contains { path.hasPrefix($0) }
    }
}

import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import TossPayCore

/// Answers requests the HTTP parser refuses — a header line with a space before its colon (the
/// guide's own `x-toss-user-key : 1234`), conflicting `Content-Length`s, an unknown method, a head
/// over the decoder's limits — with 400 and the FAIL envelope (`COMMON_INVALID_PARAMETER`), an
/// `x-request-id` and one `request` log line, then closes the connection (SPEC §8). Without it
/// Hummingbird answers an empty 400 with no id and no log line.
///
/// Sits after `HTTP1ToHTTPServerCodec`, where parser errors arrive through `errorCaught`. When a
/// request is still being answered (the error is in its body), the error goes on to that
/// request's handler — whose envelope middleware answers it — and the connection closes after
/// that answer. After answering, the connection half-closes and drains what the client is still
/// sending for a moment, so the answer is not lost to a reset.
final class ParserErrorEnvelopeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a refused connection drains the client's remaining bytes before it closes.
    static let lingerTime = TimeAmount.seconds(2)

    private let logger: Logger
    /// Request heads read minus responses finished.
    private var requestsInProgress = 0
    private var closeAfterResponse = false
    private var answered = false
    private var lingerTimer: Scheduled<Void>?

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { requestsInProgress += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        requestsInProgress = max(0, requestsInProgress - 1)
        if closeAfterResponse, requestsInProgress == 0 {
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        } else {
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if answered { return }  // the decoder repeats itself for every byte after its error
        guard error is HTTPParserError || error is HTTP1TypeConversionError || error is ByteToMessageDecoderError else {
            context.fireErrorCaught(error)
            return
        }
        guard requestsInProgress == 0 else {
            closeAfterResponse = true
            context.fireErrorCaught(error)
            return
        }
        answered = true
        answer(context: context, error: error)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The client finished sending after our answer: nothing more to drain.
        if answered, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        lingerTimer = nil
        context.fireChannelInactive()
    }

    private func answer(context: ChannelHandlerContext, error: any Error) {
        let requestID = RequestID().description
        let failure = TossPayError(.commonInvalidParameter, reason: "HTTP 요청을 해석할 수 없습니다. 요청 줄과 헤더의 형식을 확인해 주세요. (\(Self.describe(error)))")
        let body = JSONWriter.bytes(.object([
            "resultType": .string("FAIL"),
            "error": .object(["errorCode": .string(failure.code.rawValue), "reason": .string(failure.reason)]),
        ]))
        // Logged before the answer leaves, so whoever reads the answer finds the line written.
        var requestLogger = logger
        requestLogger[metadataKey: "hb.request.id"] = .string(requestID)
        requestLogger.info("request", metadata: [
            "http.method": "-", "http.route": "-", "http.status": "400",
            "error.code": .string(failure.code.rawValue), "http.parser.error": .string(Self.describe(error)),
        ])
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        if let name = HTTPField.Name("x-request-id") { fields[name] = requestID }
        let head = HTTPResponse(status: .badRequest, headerFields: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        let loop = context.eventLoop
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            let (handler, context) = loopBound.value
            handler.linger(context: context)
        }
    }

    /// Half-closes, then closes once the client stops sending or `lingerTime` passes.
    private func linger(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        lingerTimer = context.eventLoop.scheduleTask(in: Self.lingerTime) { loopBound.value.close(promise: nil) }
        let promise = context.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenFailure { _ in loopBound.value.close(promise: nil) }
        context.close(mode: .output, promise: promise)
    }

    /// The parser's word for the problem (never request bytes).
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPParserError: "\(error)"
        case is HTTP1TypeConversionError: "invalidRequest"
        case let error as ByteToMessageDecoderError:
            if case .dataReceivedInErrorState(let inner, _) = error, let parser = inner as? HTTPParserError { "\(parser)" } else { "invalidRequest" }
        default: "invalidRequest"
        }
    }
}

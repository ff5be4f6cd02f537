import Logging
import NIOCore
import NIOHTTPTypes

/// `http.headTimeout` (SPEC §8): closes a connection whose request head has not arrived within
/// `timeout` — counted from when the connection opened, and, on a kept-alive connection, from
/// the first byte of its next request. A connection that says nothing after an answer is idle,
/// not slow: `http.idleTimeout` (Hummingbird's `HTTPConnectionStateHandler`) closes it. So a
/// silent or dribbling client holds a descriptor for `timeout` at most, and keep-alive still
/// lasts as long as the idle timeout says.
///
/// Two parts share this state: this handler, after the HTTP codec, sees request heads and the
/// ends of responses; its ``ByteWatcher``, before the decoder, sees that bytes arrived.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    /// Request heads read minus responses finished.
    private var requestsInProgress = 0
    /// Whether the head clock runs from the connection's opening (no request yet).
    private var awaitingFirstHead = true

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    /// The part before the HTTP decoder: tells the handler that bytes arrived.
    var byteWatcher: ByteWatcher { ByteWatcher(handler: self) }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startClock() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            requestsInProgress += 1
            awaitingFirstHead = false
            stopClock()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { requestsInProgress = max(0, requestsInProgress - 1) }
        context.write(data, promise: promise)
    }

    /// Bytes arrived: between requests they begin the next head, and its clock starts.
    fileprivate func bytesArrived() {
        if requestsInProgress == 0 { startClock() }
    }

    private func startClock() {
        guard timer == nil, let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) { loopBound.value.expired() }
    }

    private func stopClock() {
        timer?.cancel()
        timer = nil
    }

    private func expired() {
        timer = nil
        guard let context, requestsInProgress == 0 else { return }
        logger.debug("request head timeout, closing connection", metadata: ["first": "\(awaitingFirstHead)"])
        context.close(promise: nil)
    }

    /// Sits before the HTTP decoder and reports that bytes arrived; passes everything on.
    final class ByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        private let handler: RequestHeadTimeoutHandler

        fileprivate init(handler: RequestHeadTimeoutHandler) {
            self.handler = handler
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            handler.bytesArrived()
            context.fireChannelRead(data)
        }
    }
}

public import HummingbirdCore
public import Logging
public import NIOCore
import NIOHTTP1
public import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The HTTP/1.1 connection of `tosspay serve`: Hummingbird's `HTTP1Channel` pipeline with the
/// edge of SPEC §8 added — the request-head timeout (`http.headTimeout`, a watcher before the
/// decoder and a handler after it), the FAIL envelope for requests the parser refuses, and the
/// idle timeout (`http.idleTimeout`, Hummingbird's `HTTPConnectionStateHandler`).
///
/// The pipeline is built here rather than by `HTTP1Channel.setup` because the head timeout
/// needs a handler before the HTTP decoder, which `HTTP1Channel.Configuration` cannot place.
public struct TossPayHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    /// The connection's request and response parts.
    public typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    /// Answers each request.
    public let responder: HTTPChannelHandler.Responder
    /// How long a connection may wait for a request head.
    public let headTimeout: TimeAmount
    /// How long a connection may be idle.
    public let idleTimeout: TimeAmount
    /// Logs requests the parser refused.
    public let logger: Logger

    /// A channel answering with `responder`.
    public init(responder: @escaping HTTPChannelHandler.Responder, headTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger) {
        self.responder = responder
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    /// Builds the connection's pipeline (after TLS, when the server speaks it).
    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let headTimeout = RequestHeadTimeoutHandler(timeout: self.headTimeout, logger: self.logger)
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(headTimeout.byteWatcher)
            try operations.configureHTTPServerPipeline(
                withPipeliningAssistance: false,  // NIOAsyncChannel answers in order
                withErrorHandling: false,  // ParserErrorEnvelopeHandler answers parser errors
                withOutboundHeaderValidation: false,  // Swift HTTP Types validate
                withEncoderConfiguration: .init(),
                withDecoderLimitConfiguration: .init()
            )
            try operations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try operations.addHandler(ParserErrorEnvelopeHandler(logger: self.logger))
            try operations.addHandler(headTimeout)
            try operations.addHandler(HTTPConnectionStateHandler(idleTimeout: .init(self.idleTimeout), logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    /// Serves the connection's requests.
    public func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}

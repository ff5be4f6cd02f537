public import Hummingbird
public import NIOCore

/// The request context of every route: Hummingbird's core storage (logger with
/// `hb.request.id`, parameters) and the connection's channel, for mTLS peer certificates and
/// for dropping a response on purpose (`x-tosspay-test-drop-response`).
public struct TossPayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    public let channel: any Channel
    /// The request inspector's note on this request, on the routes it records
    /// (``RequestLogMiddleware``): authentication writes the merchant into it.
    var inspection: RequestInspection?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Bodies above 64 KiB are refused with a FAIL envelope.
    public var maxUploadSize: Int { Envelope.maximumBodySize }
}

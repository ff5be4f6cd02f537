public import Hummingbird

/// The request context of every route: Hummingbird's core storage (logger with
/// `hb.request.id`, parameters).
public struct TossPayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Bodies above 64 KiB are refused with a FAIL envelope.
    public var maxUploadSize: Int { Envelope.maximumBodySize }
}

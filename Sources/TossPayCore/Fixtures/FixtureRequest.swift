/// A step ready to send: its references replaced by the values they name.
public struct FixtureRequest: Sendable, Equatable {
    /// The HTTP method.
    public var method: String
    /// The path and query, percent-encoded, to append to the base URL.
    public var path: String
    /// Headers to send, the step's first, then the defaults it did not set.
    public var headers: [FixtureStep.Header]
    /// The JSON body's bytes; nil: no body.
    public var body: [UInt8]?

    /// A request as given.
    public init(method: String, path: String, headers: [FixtureStep.Header], body: [UInt8]?) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The value of the header `name` (case-insensitive), if sent.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

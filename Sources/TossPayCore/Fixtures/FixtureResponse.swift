/// What a step got back, and whether it stops the run.
public struct FixtureResponse: Sendable, Equatable {
    /// How much of a failed response's body an error message quotes.
    public static let quotedBodyLimit = 2_000

    /// The HTTP status.
    public let status: Int
    /// The body as received.
    public let body: [UInt8]
    /// The body parsed as JSON; nil when it is not JSON (a page, an empty body).
    public let json: JSONValue?

    /// A response with `status` and `body`.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
        self.json = try? JSONParser(maximumDepth: 64).parse(body)
    }

    /// A step failed when the HTTP status is 400 or more, or the body is the FAIL envelope
    /// (`"resultType":"FAIL"`) whatever the status.
    public var isFailure: Bool {
        if status >= 400 { return true }
        if case .object(let object)? = json, object["resultType"] == .string("FAIL") { return true }
        return false
    }

    /// The body for an error message: the FAIL envelope as the server wrote it, cut to
    /// ``quotedBodyLimit`` characters.
    public var quotedBody: String {
        let text = String(decoding: body, as: UTF8.self)
        if text.isEmpty { return "(empty body)" }
        return text.count > Self.quotedBodyLimit ? text.prefix(Self.quotedBodyLimit) + "…" : text
    }
}

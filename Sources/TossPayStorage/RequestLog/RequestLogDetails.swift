import TossPayCore

/// The masked headers and bodies of a ``RequestLogEntry``, stored as one JSON record.
public struct RequestLogDetails: Sendable, Equatable, Codable {
    /// One request header, its value masked.
    public struct Header: Sendable, Equatable, Codable {
        /// The header's name, lower-case.
        public var name: String
        /// Its value (secrets masked).
        public var value: String

        /// Creates a header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The request's headers in order.
    public var requestHeaders: [Header]
    /// The request body, masked (at most 16 KiB).
    public var requestBody: String
    /// Whether the request body was cut.
    public var requestBodyTruncated: Bool
    /// The answer's body, masked (at most 16 KiB).
    public var responseBody: String
    /// Whether the answer's body was cut.
    public var responseBodyTruncated: Bool

    /// The details as the stored JSON record (the `Codable` keys), written with ``JSONWriter``:
    /// cheaper than `JSONEncoder` on the inspector's write path, and read back with `Decodable`.
    var record: String {
        JSONWriter.string(.object([
            "requestHeaders": .array(requestHeaders.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
            "requestBody": .string(requestBody),
            "requestBodyTruncated": .bool(requestBodyTruncated),
            "responseBody": .string(responseBody),
            "responseBodyTruncated": .bool(responseBodyTruncated),
        ]))
    }

    /// Creates details.
    public init(
        requestHeaders: [Header], requestBody: String, requestBodyTruncated: Bool, responseBody: String, responseBodyTruncated: Bool
    ) {
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.requestBodyTruncated = requestBodyTruncated
        self.responseBody = responseBody
        self.responseBodyTruncated = responseBodyTruncated
    }
}

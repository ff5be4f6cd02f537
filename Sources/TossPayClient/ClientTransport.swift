/// Sends one request and returns the raw answer. The client's HTTP layer, replaceable in tests
/// so that a call can time out or drop on purpose.
public protocol ClientTransport: Sendable {
    /// POSTs (or GETs when `body` is nil) `path` with `headers`; returns status and body bytes.
    /// Throws ``TossPayClientError`` of kind `.transport` when no answer came.
    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]?, timeout: Duration) async throws -> (status: Int, body: [UInt8])

    /// Releases connections.
    func shutdown() async throws
}

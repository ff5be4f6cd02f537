import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection driven byte by byte, for what HTTP clients will not send: malformed
/// requests, no `Host`, a silent socket. Reads poll without blocking a test thread.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var isOpen = true

    /// Connects to `127.0.0.1:port`.
    public init(port: Int) throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestFailure("socket() failed: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let problem = String(cString: strerror(errno))
            Glibc.close(socketFD)
            throw TestFailure("connect() to port \(port) failed: \(problem)")
        }
        descriptor = socketFD
    }

    /// Sends `text` as UTF-8; `false` when the server has already closed.
    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Sends all of `bytes`; `false` when the server has already closed.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Reads until the server closes the connection or `timeout` passes. `closed` says which.
    public func readUntilClosed(timeout: Duration) async -> (bytes: [UInt8], closed: Bool) {
        await read(timeout: timeout) { _ in false }
    }

    /// Reads until one whole response (head and `Content-Length` body) has arrived, the server
    /// closes, or `timeout` passes.
    public func readResponse(timeout: Duration) async -> (bytes: [UInt8], closed: Bool) {
        await read(timeout: timeout) { bytes in
            guard let response = RawResponse(bytes), let length = response.header("content-length").flatMap(Int.init) else { return false }
            return response.body.utf8.count >= length
        }
    }

    /// Reads until `done(received)`, the server closes, or `timeout` passes.
    public func read(timeout: Duration, until done: ([UInt8]) -> Bool) async -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                received += chunk[0..<count]
                if done(received) { return (received, false) }
                continue
            }
            if count == 0 { return (received, true) }
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return (received, true) }
            if ContinuousClock.now >= deadline { return (received, false) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Closes the connection (once).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if isOpen {
            isOpen = false
            Glibc.close(descriptor)
        }
    }

    deinit { close() }
}

/// An HTTP/1.1 response read off a ``RawConnection``.
public struct RawResponse: Sendable {
    /// `HTTP/1.1 400 Bad Request`.
    public let statusLine: String
    /// The status code, 0 when the line is not a status line.
    public let status: Int
    /// Header fields, names in lower case, in order.
    public let headers: [(name: String, value: String)]
    /// The body as text.
    public let body: String

    /// Parses the first response in `bytes`; `nil` when there is none.
    public init?(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let first = lines.first, first.hasPrefix("HTTP/") else { return nil }
        statusLine = first
        status = first.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        body = String(text[split.upperBound...])
    }

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }
}

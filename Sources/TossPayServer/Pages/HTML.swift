import Hummingbird
import NIOCore

/// What every HTML page shares besides its templates: amounts in won and the response with
/// its security headers. Escaping is the template engine's job (see ``PageRenderer``).
enum HTML {
    /// Won with thousands separators, e.g. `1,000원`.
    static func won(_ amount: Int64) -> String {
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (amount < 0 ? "-" : "") + grouped + "원"
    }

    /// An HTML response with a strict content security policy (no external assets).
    static func response(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        let bytes = Array(body.utf8)
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentLength: String(bytes.count),
                .init("Content-Security-Policy")!: "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
                .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

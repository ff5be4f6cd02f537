import Hummingbird
import NIOCore

/// Small helpers for the server's HTML pages: escaping and a response.
enum HTML {
    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

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

    /// A whole page in the server's look.
    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="ko"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{margin:0;font-family:-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;background:#f2f4f6;color:#191f28}
        main{max-width:420px;margin:0 auto;padding:24px 20px}
        .card{background:#fff;border-radius:16px;padding:20px;margin-bottom:12px}
        h1{font-size:20px;margin:0 0 16px} dl{display:grid;grid-template-columns:auto 1fr;gap:10px 12px;margin:0}
        dt{color:#6b7684} dd{margin:0;text-align:right;font-weight:600} .total{font-size:24px;color:#3182f6}
        </style></head><body><main>\(body)</main></body></html>
        """
    }
}

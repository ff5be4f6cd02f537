import Foundation
import Hummingbird
import TossPayCore

/// The DNS-rebinding defence of SPEC §8: a server listening on loopback answers only requests
/// whose authority (`Host`) names it — `localhost`, `127.0.0.1` or `[::1]` on any port, the host
/// of `http.origin`, or a name in `http.allowedHosts`. Anything else is 403 with the FAIL
/// envelope (`COMMON_UNAUTHORIZED`), console pages included. A request without a `Host` is
/// served (HTTP/1.0 clients, raw sockets). A server bound to any other address does not check:
/// it is reached by names this process cannot know.
struct HostCheckMiddleware: RouterMiddleware {
    typealias Context = TossPayRequestContext

    /// The host names answered (lower case, IPv6 in brackets); `nil` answers every name.
    let allowedHosts: Set<String>?

    /// Checks hosts when `configuration.host` is a loopback address.
    init(configuration: ServerConfiguration) {
        guard ServerConfiguration.isLoopback(configuration.host) else {
            allowedHosts = nil
            return
        }
        var hosts: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
        if let origin = configuration.origin, let host = URLComponents(string: origin)?.host, !host.isEmpty {
            let name = host.lowercased()
            hosts.insert(name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name)
        }
        for name in configuration.allowedHosts { hosts.insert(Self.hostName(of: name)) }
        allowedHosts = hosts
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let allowedHosts else { return try await next(request, context) }
        // The authority is the Host header (or an absolute request target's host). A browser
        // tricked by DNS rebinding sends the attacker's name here.
        if let authority = request.head.authority, !allowedHosts.contains(Self.hostName(of: authority)) {
            throw TossPayError(
                .commonUnauthorized,
                reason: "허용되지 않은 호스트입니다: \(authority.prefix(100)). 이 서버는 localhost, 127.0.0.1, [::1], http.origin 의 호스트와 http.allowedHosts 에 적힌 이름으로만 응답합니다.",
                httpStatus: 403
            )
        }
        return try await next(request, context)
    }

    /// The host of an authority, lower case, without the port: `localhost:8080` → `localhost`,
    /// `[::1]:9` → `[::1]`, `Example.COM.` stays `example.com.` (a trailing dot is another name).
    static func hostName(of authority: String) -> String {
        let text = authority.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return text }
            return String(text[...close])
        }
        if let colon = text.lastIndex(of: ":") {
            let port = text[text.index(after: colon)...]
            if port.allSatisfy(\.isNumber) { return String(text[..<colon]) }
        }
        return text
    }
}

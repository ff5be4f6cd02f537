import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The client address a request came from, for the failed-authentication throttle: the
/// connection's peer, or — only when that peer is a trusted proxy (`http.trustedProxies`) —
/// the right-most `X-Forwarded-For` address that is not itself a trusted proxy.
enum ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    /// The address of `request`'s client.
    static func of(_ request: Request, channel: any Channel, trustedProxies: Set<String>) -> String {
        let peer = channel.remoteAddress?.ipAddress ?? "unknown"
        guard trustedProxies.contains(peer), let name = forwardedFor else { return peer }
        let hops = request.headers[values: name]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return hops.last { !trustedProxies.contains($0) } ?? peer
    }
}

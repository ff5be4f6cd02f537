import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `tosspay serve` meets the network (SPEC §8, "Bounded connections" and "Every answer is
/// an envelope"): the HTTP/1.1 channel with head and idle timeouts and parser-error envelopes
/// (``TossPayHTTPChannel``), TLS when configured, and at most `http.maxConnections` open
/// connections — further ones wait in the listen backlog until one closes.
///
/// `http.maxConnections` is kept below the process's file limit: with `ulimit -n 256` and the
/// default of 1,000, the server accepts only as many connections as it has descriptors for
/// (the limit less the descriptors already open and a reserve for the store and the runtime),
/// so a flood of silent sockets waits in the backlog instead of failing `accept` — and
/// `/health` is answered once the head timeout frees descriptors.
public struct HTTPEdge: Sendable {
    /// Builds the server's child channels.
    public let server: HTTPServerBuilder
    /// Address, server name, backlog and the connection cap.
    public let applicationConfiguration: ApplicationConfiguration
    /// The connection cap in force (after the file limit).
    public let maxConnections: Int

    /// Descriptors kept free for the store, the event loops and files opened at run time.
    static let descriptorReserve = 64

    /// The edge for `configuration`; `logger` logs refused requests and connection counts.
    public init(configuration: ServerConfiguration, logger: Logger) throws {
        let headTimeout = TimeAmount.seconds(Int64(configuration.headTimeoutSeconds))
        let idleTimeout = TimeAmount.seconds(Int64(configuration.idleTimeoutSeconds))
        let http1 = HTTPServerBuilder { responder in
            TossPayHTTPChannel(responder: responder, headTimeout: headTimeout, idleTimeout: idleTimeout, logger: logger)
        }
        if let certificate = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            server = try .tls(http1, tlsConfiguration: ServerTLS.configuration(
                certificatePath: certificate, keyPath: key, clientCAPath: configuration.clientCAPath
            ))
        } else {
            server = http1
        }
        let cap = Self.connectionCap(configured: configuration.maxConnections)
        if cap < configuration.maxConnections {
            logger.notice("http.maxConnections lowered to fit the file limit", metadata: [
                "configured": "\(configuration.maxConnections)", "effective": "\(cap)",
            ])
        }
        maxConnections = cap
        applicationConfiguration = ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "tosspay",
            backlog: max(256, min(cap, 4_096)),
            availableConnectionsDelegate: MaximumAvailableConnections(cap, logger: logger)
        )
    }

    /// `configured`, lowered so that open connections, the descriptors open now and
    /// ``descriptorReserve`` fit in the soft `RLIMIT_NOFILE`; at least 1.
    static func connectionCap(configured: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) else { return configured }
        let soft = Int(clamping: limit.rlim_cur)
        let available = soft - openDescriptorCount() - descriptorReserve
        return max(1, min(configured, available))
    }

    /// Descriptors open in this process now (Linux: `/proc/self/fd`; elsewhere a guess).
    static func openDescriptorCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 32
    }
}

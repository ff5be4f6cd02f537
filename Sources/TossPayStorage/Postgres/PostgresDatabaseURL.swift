import Foundation
import NIOSSL
public import PostgresNIO

/// Where a PostgreSQL database is: `postgres://user:password@host:port/database?sslmode=disable`
/// (`postgresql://` too). Its ``description`` never shows the password.
///
/// Query parameters:
/// - `sslmode`: `disable`, `prefer` (default: TLS when the server offers it), `require` (TLS,
///   certificate not checked, as libpq's `require`) or `verify-full` (TLS, certificate and
///   host name checked).
/// - `pool_size`: the most connections one server instance opens (default 20).
/// - `host`: a folder holding the server's Unix socket, used instead of the host name.
public struct PostgresDatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// TLS to the server.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// A Unix socket folder (the `host` query parameter), used instead of `host:port`.
    public var socketFolder: String?
    /// The role to connect as.
    public var username: String
    /// The role's password, if any.
    public var password: String?
    /// The database name.
    public var database: String
    /// TLS to the server.
    public var tls: TLSMode
    /// The most connections to open.
    public var poolSize: Int

    /// Whether `value` names a PostgreSQL database rather than an SQLite file.
    public static func isPostgres(_ value: String) -> Bool {
        let lowered = value.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` URL; the error says what is wrong without repeating the URL.
    public init(_ text: String) throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw StoreError.invalidDatabaseURL("expected postgres://user:password@host:port/database")
        }
        self.host = components.host ?? ""
        self.port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw StoreError.invalidDatabaseURL("port out of range") }
        self.username = components.user ?? "postgres"
        self.password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? username : path
        self.tls = .prefer
        self.poolSize = 20
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw StoreError.invalidDatabaseURL("sslmode must be disable, prefer, require or verify-full")
                }
                tls = mode
            case "pool_size":
                guard let value = item.value.flatMap(Int.init), (1...1_000).contains(value) else {
                    throw StoreError.invalidDatabaseURL("pool_size must be a number from 1 to 1000")
                }
                poolSize = value
            case "host":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw StoreError.invalidDatabaseURL("the host parameter must be a socket folder starting with /")
                }
                socketFolder = value
            default:
                throw StoreError.invalidDatabaseURL("unknown parameter \(item.name)")
            }
        }
        guard !host.isEmpty || socketFolder != nil else { throw StoreError.invalidDatabaseURL("missing host") }
    }

    /// The URL without its password.
    public var description: String {
        var text = "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        var parameters: [String] = []
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if poolSize != 20 { parameters.append("pool_size=\(poolSize)") }
        if let socketFolder { parameters.append("host=\(socketFolder)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }

    /// The same server with another database (tests and tools create databases beside the main one).
    public func with(database: String) -> PostgresDatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The client configuration for this address.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketFolder {
            configuration = .init(
                unixSocketPath: socketFolder + "/.s.PGSQL.\(port)", username: username, password: password, database: database
            )
        } else {
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: tlsConfiguration)
        }
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private var tlsConfiguration: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable:
            return .disable
        case .prefer:
            var unchecked = TLSConfiguration.makeClientConfiguration()
            unchecked.certificateVerification = .none
            return .prefer(unchecked)
        case .require:
            var unchecked = TLSConfiguration.makeClientConfiguration()
            unchecked.certificateVerification = .none
            return .require(unchecked)
        case .verifyFull:
            return .require(.makeClientConfiguration())
        }
    }
}

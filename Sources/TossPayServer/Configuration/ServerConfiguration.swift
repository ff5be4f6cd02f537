import Foundation
public import Configuration
public import TossPayCore

/// Everything `tosspay serve` can be told, read from flags, environment (`TOSSPAY_` + the key
/// in upper case with `_` for `.`, e.g. `TOSSPAY_HTTP_PORT`) and an optional JSON file.
///
/// ## Configuration keys
/// | key | type | default | meaning |
/// |---|---|---|---|
/// | `http.host` | string | `127.0.0.1` | address to listen on |
/// | `http.port` | int | `8080` | port to listen on (0 picks a free one) |
/// | `http.origin` | string | the request's `Host` | public origin used in links (`salesCheckLinkUrl`) |
/// | `db.path` | string | `tosspay.sqlite` | SQLite database file, or a PostgreSQL URL `postgres://user:password@host:port/database[?sslmode=disable&pool_size=20]` (also `postgresql://`; env `TOSSPAY_DB_PATH`); many instances may share one PostgreSQL database — see docs/deploy.md |
/// | `payment.expiry` | int (seconds) | `900` | how long PAY_STANDBY / PAY_APPROVED wait before PAY_CANCEL |
/// | `payment.sweep` | int (seconds) | `5` | how often the background sweep writes expiries and settles |
/// | `payment.settlement` | int (seconds) | `31536000` (365 days) | how long after payment a payment is settled |
/// | `bank.maintenance` | string | none | daily KST bank maintenance windows, e.g. `23:30-00:30,04:00-04:10`; replaces the stored windows at start |
/// | `sandbox.open` | bool | true on loopback | requests without credentials act as the sandbox merchant |
/// | `tls.cert` | string (path) | none | server certificate PEM; with `tls.key`, the server speaks HTTPS |
/// | `tls.key` | string (path) | none | server private key PEM |
/// | `tls.clientca` | string (path) | none | CA PEM; when set, every client must present a certificate it signed, whose common name is the merchant id |
/// | `tls.clientcakey` | string (path) | none | the client CA's private key PEM; with `tls.clientca`, the console (`/console`) issues merchants' client certificates |
/// | `ratelimit.perminute` | int | `3000` | partner API requests a merchant may make per minute (0: no limit) |
/// | `sandbox.enabled` | bool | `true` | serve the sandbox controls under `/sandbox/v1/` and honour fault-injection headers; off, they answer 404 and open mode defaults to off |
/// | `log.level` | string | `info` | `trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical` |
/// | `http.allowedHosts` | string | none | comma-separated host names a loopback server also answers (besides `localhost`, `127.0.0.1`, `[::1]` and the host of `http.origin`) |
/// | `http.idleTimeout` | int (seconds) | `60` | closes a connection idle this long (flag `--idle-timeout`) |
/// | `http.headTimeout` | int (seconds) | `10` | closes a connection whose request head has not arrived this long after it opened or after the first byte of its next request |
/// | `http.maxConnections` | int | `1000` | open connections at most; further ones wait in the listen backlog |
/// | `http.trustedProxies` | string | none | comma-separated proxy addresses whose `X-Forwarded-For` names the client |
/// | `auth.failureLimit` | int | `20` | failed authentications a client address may make in 60 s before further failing ones get 429 (0: off) |
/// | `login.callbackAllowedHosts` | string | none | comma-separated hosts an unlink callback may call when the server is not on loopback only |
/// | `login.callbackRetryBase` | int (milliseconds) | `5000` | the first retry's delay of an unlink callback; each next one doubles |
/// | `inspector.keep` | int | `1000` | requests the request inspector keeps per merchant (`GET /sandbox/v1/requests`, the console's 요청 로그); 0 records none |
public struct ServerConfiguration: Sendable, Equatable {
    /// Address to listen on.
    public var host: String = "127.0.0.1"
    /// Port to listen on; 0 lets the system pick.
    public var port: Int = 8080
    /// Public origin for links; nil derives `http://host:port`.
    public var origin: String?
    /// SQLite database file, or a `postgres://` URL.
    public var databasePath: String = "tosspay.sqlite"
    /// Seconds before a waiting payment expires.
    public var expirySeconds: Int = 900
    /// Seconds between expiry and settlement sweeps.
    public var sweepSeconds: Int = 5
    /// Seconds after payment until settlement.
    public var settlementSeconds: Int = 365 * 86_400
    /// Bank maintenance windows to install at start; nil keeps the stored ones.
    public var bankMaintenance: [MaintenanceWindow]?
    /// Open mode: no credentials means the sandbox merchant. Nil: on when `host` is loopback.
    public var openMode: Bool?
    /// Log level name.
    public var logLevel: String = "info"
    /// Partner API requests per merchant per minute; 0 is unlimited.
    public var rateLimitPerMinute: Int = 3_000
    /// Whether sandbox controls and fault injection are on.
    public var sandboxEnabled: Bool = true
    /// Server certificate PEM file (HTTPS when set with ``tlsKeyPath``).
    public var tlsCertificatePath: String?
    /// Server private key PEM file.
    public var tlsKeyPath: String?
    /// CA PEM file for client certificates (mTLS); nil accepts no client certificates.
    public var clientCAPath: String?
    /// The client CA's private key PEM file: lets the console issue client certificates.
    public var clientCAKeyPath: String?
    /// Host names a loopback server answers besides the loopback names and the origin's host.
    public var allowedHosts: [String] = []
    /// Seconds an idle connection is kept.
    public var idleTimeoutSeconds: Int = 60
    /// Seconds to wait for a request head.
    public var headTimeoutSeconds: Int = 10
    /// Open connections at most.
    public var maxConnections: Int = 1_000
    /// Proxy addresses whose `X-Forwarded-For` is believed.
    public var trustedProxies: [String] = []
    /// Failed authentications per client address in 60 s before 429; 0 is off.
    public var authFailureLimit: Int = 20
    /// Hosts an unlink callback may call from a server that is not on loopback only.
    public var loginCallbackAllowedHosts: [String] = []
    /// The first retry's delay of an unlink callback, milliseconds; each next one doubles.
    public var loginCallbackRetryBaseMillis: Int = 5_000
    /// Requests the request inspector keeps per merchant; 0 records none.
    public var inspectorKeep: Int = 1_000

    /// The defaults.
    public init() {}

    /// Reads every key from `reader`; a value of the wrong shape fails with a message naming
    /// the key.
    public init(reader: ConfigReader) throws {
        host = reader.string(forKey: "http.host") ?? host
        port = try Self.int(reader, "http.port", default: port, range: 0...65_535)
        origin = reader.string(forKey: "http.origin")
        databasePath = reader.string(forKey: "db.path") ?? databasePath
        expirySeconds = try Self.int(reader, "payment.expiry", default: expirySeconds, range: 1...86_400 * 365)
        sweepSeconds = try Self.int(reader, "payment.sweep", default: sweepSeconds, range: 1...3_600)
        settlementSeconds = try Self.int(reader, "payment.settlement", default: settlementSeconds, range: 0...86_400 * 3_660)
        if let windows = reader.string(forKey: "bank.maintenance") {
            do {
                bankMaintenance = try MaintenanceWindow.parseList(windows)
            } catch {
                throw ConfigurationError(key: "bank.maintenance", problem: "expected HH:MM-HH:MM[,HH:MM-HH:MM…], got '\(windows)'")
            }
        }
        openMode = try Self.bool(reader, "sandbox.open")
        logLevel = reader.string(forKey: "log.level") ?? logLevel
        rateLimitPerMinute = try Self.int(reader, "ratelimit.perminute", default: rateLimitPerMinute, range: 0...10_000_000)
        sandboxEnabled = try Self.bool(reader, "sandbox.enabled") ?? sandboxEnabled
        tlsCertificatePath = reader.string(forKey: "tls.cert")
        tlsKeyPath = reader.string(forKey: "tls.key")
        clientCAPath = reader.string(forKey: "tls.clientca")
        clientCAKeyPath = reader.string(forKey: "tls.clientcakey")
        allowedHosts = Self.list(reader.string(forKey: "http.allowedHosts")).map { $0.lowercased() }
        idleTimeoutSeconds = try Self.int(reader, "http.idleTimeout", default: idleTimeoutSeconds, range: 1...86_400)
        headTimeoutSeconds = try Self.int(reader, "http.headTimeout", default: headTimeoutSeconds, range: 1...3_600)
        maxConnections = try Self.int(reader, "http.maxConnections", default: maxConnections, range: 1...1_000_000)
        trustedProxies = Self.list(reader.string(forKey: "http.trustedProxies"))
        authFailureLimit = try Self.int(reader, "auth.failureLimit", default: authFailureLimit, range: 0...1_000_000)
        loginCallbackAllowedHosts = Self.list(reader.string(forKey: "login.callbackAllowedHosts")).map { $0.lowercased() }
        loginCallbackRetryBaseMillis = try Self.int(
            reader, "login.callbackRetryBase", default: loginCallbackRetryBaseMillis, range: 10...3_600_000
        )
        inspectorKeep = try Self.int(reader, "inspector.keep", default: inspectorKeep, range: 0...100_000)
        if clientCAKeyPath != nil, clientCAPath == nil {
            throw ConfigurationError(key: "tls.clientcakey", problem: "the client CA key needs its certificate: set tls.clientca too")
        }
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw ConfigurationError(key: tlsCertificatePath == nil ? "tls.cert" : "tls.key", problem: "tls.cert and tls.key go together")
        }
        if clientCAPath != nil, tlsCertificatePath == nil {
            throw ConfigurationError(key: "tls.clientca", problem: "client certificates need TLS: set tls.cert and tls.key too")
        }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw ConfigurationError(key: "log.level", problem: "expected trace, debug, info, notice, warning, error or critical, got '\(logLevel)'")
        }
        if let origin, !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) {
            throw ConfigurationError(key: "http.origin", problem: "expected an http:// or https:// origin, got '\(origin)'")
        }
    }

    /// Whether open mode is on: as configured, else when the sandbox is on and the server
    /// listens on loopback only.
    public var isOpenMode: Bool {
        openMode ?? (sandboxEnabled && Self.isLoopback(host))
    }

    /// The origin used in links.
    public var publicOrigin: String {
        origin ?? "\(tlsCertificatePath == nil ? "http" : "https")://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The items of a comma-separated list, trimmed, without empty ones.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static func int(_ reader: ConfigReader, _ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        let configKey = ConfigKey(key)
        if let number = reader.int(forKey: configKey) {
            guard range.contains(number) else {
                throw ConfigurationError(key: key, problem: "expected \(range.lowerBound)…\(range.upperBound), got \(number)")
            }
            return number
        }
        if let text = reader.string(forKey: configKey) {
            guard let number = Int(text), range.contains(number) else {
                throw ConfigurationError(key: key, problem: "expected an integer \(range.lowerBound)…\(range.upperBound), got '\(text)'")
            }
            return number
        }
        return value
    }

    static func bool(_ reader: ConfigReader, _ key: String) throws -> Bool? {
        let configKey = ConfigKey(key)
        if let flag = reader.bool(forKey: configKey) { return flag }
        if let text = reader.string(forKey: configKey) {
            switch text.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw ConfigurationError(key: key, problem: "expected true or false, got '\(text)'")
            }
        }
        return nil
    }
}

/// A configuration value of the wrong shape; the message names the key.
public struct ConfigurationError: Error, CustomStringConvertible {
    /// The key, e.g. `http.port`.
    public var key: String
    /// What is wrong.
    public var problem: String

    public var description: String { "configuration key \(key): \(problem)" }
}

extension ServerConfiguration {
    /// The client CA with its private key (`tls.clientca` + `tls.clientcakey`), for the
    /// console to issue client certificates; `nil` when the key is not configured.
    func consoleCertificateAuthority() throws -> CertificateAuthority? {
        guard let certificatePath = clientCAPath, let keyPath = clientCAKeyPath else { return nil }
        guard let certificate = FileManager.default.contents(atPath: certificatePath) else {
            throw ConfigurationError(key: "tls.clientca", problem: "cannot read \(certificatePath)")
        }
        guard let key = FileManager.default.contents(atPath: keyPath) else {
            throw ConfigurationError(key: "tls.clientcakey", problem: "cannot read \(keyPath)")
        }
        return CertificateAuthority(certificatePEM: String(decoding: certificate, as: UTF8.self), privateKeyPEM: String(decoding: key, as: UTF8.self))
    }
}

import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import TossPayServer

/// `tosspay serve`: runs the payment server until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the payment server (partner API, sandbox controls).",
        discussion: """
        Settings come from these flags, then TOSSPAY_* environment variables (e.g. TOSSPAY_HTTP_PORT), \
        then the JSON file given with --config; see the README for every key.
        """
    )

    @Option(help: "Address to listen on (http.host). Default 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on (http.port). Default 8080.")
    var port: Int?

    @Option(help: "SQLite database file, or postgres://user:password@host:port/database for PostgreSQL (db.path). Default ./tosspay.sqlite.")
    var database: String?

    @Option(help: "A JSON configuration file, e.g. {\"http\": {\"port\": 8080}}.")
    var config: String?

    @Option(help: "Log level (log.level): trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Option(help: "Sandbox controls and fault injection (sandbox.enabled): on or off. Off, /sandbox/v1/ answers 404.")
    var sandbox: String?

    @Option(help: "Partner API requests per merchant per minute (ratelimit.perminute); 0 disables. Default 3000.")
    var rateLimit: Int?

    @Option(help: "Seconds an idle connection is kept open (http.idleTimeout). Default 60.")
    var idleTimeout: Int?

    @Option(help: "Server certificate PEM (tls.cert); with --tls-key the server speaks HTTPS.")
    var tlsCert: String?

    @Option(help: "Server private key PEM (tls.key).")
    var tlsKey: String?

    @Option(help: "CA PEM for client certificates (tls.clientca): requires mTLS; the certificate names the merchant.")
    var clientCa: String?

    @Option(help: "The client CA's private key PEM (tls.clientcakey): lets the console issue merchants' client certificates.")
    var clientCaKey: String?

    @Option(help: "A fixtures file (see `tosspay fixtures apply`) applied once the server listens, only if the store holds no payment and no buyer; otherwise skipped with a log line.")
    var fixtures: String?

    func run() async throws {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { flags["http.host"] = .init(.string(host), isSecret: false) }
        if let port { flags["http.port"] = .init(.int(port), isSecret: false) }
        if let database { flags["db.path"] = .init(.string(database), isSecret: false) }
        if let logLevel { flags["log.level"] = .init(.string(logLevel), isSecret: false) }
        if let sandbox {
            guard sandbox == "on" || sandbox == "off" else { throw ValidationError("--sandbox takes on or off") }
            flags["sandbox.enabled"] = .init(.bool(sandbox == "on"), isSecret: false)
        }
        if let rateLimit { flags["ratelimit.perminute"] = .init(.int(rateLimit), isSecret: false) }
        if let idleTimeout { flags["http.idleTimeout"] = .init(.int(idleTimeout), isSecret: false) }
        if let tlsCert { flags["tls.cert"] = .init(.string(tlsCert), isSecret: false) }
        if let tlsKey { flags["tls.key"] = .init(.string(tlsKey), isSecret: false) }
        if let clientCa { flags["tls.clientca"] = .init(.string(clientCa), isSecret: false) }
        if let clientCaKey { flags["tls.clientcakey"] = .init(.string(clientCaKey), isSecret: false) }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(values: flags),
            EnvironmentVariablesProvider(environmentVariables: Self.prefixedEnvironment(prefix: "TOSSPAY_")),
        ]
        if let config {
            let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": .init(.string(config), isSecret: false)]))
            providers.append(try await FileProvider<JSONSnapshot>(config: location))
        }
        let reader = ConfigReader(providers: providers)
        MetricsSystem.bootstrap(PrometheusMetricsFactory())
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        do {
            let configuration = try ServerConfiguration(reader: reader)
            let fixturesFile = try await fixturesToApply(configuration: configuration, logger: Logger(label: "tosspay"))
            let app = try await buildApplication(configuration: configuration)
            if let fixturesFile {
                try await Self.run(app, applying: fixturesFile, sandboxEnabled: configuration.sandboxEnabled, logger: Logger(label: "tosspay"))
            } else {
                try await app.runService()
            }
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// The environment variables starting with `prefix`, with the prefix removed.
    static func prefixedEnvironment(prefix: String) -> [String: String] {
        var selected: [String: String] = [:]
        for (name, value) in ProcessInfo.processInfo.environment where name.hasPrefix(prefix) {
            selected[String(name.dropFirst(prefix.count))] = value
        }
        return selected
    }
}

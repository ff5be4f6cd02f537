public import Configuration
public import Hummingbird
public import Logging
import HummingbirdCore
import NIOCore
import Prometheus
import HummingbirdTLS
import ServiceLifecycle
import TossPayCore
import TossPayStorage

/// Builds the server from configuration: opens the store, bootstraps the sandbox merchant,
/// wires the routes and the background services.
public func buildApplication(reader: ConfigReader, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    try await buildApplication(configuration: ServerConfiguration(reader: reader), logger: logger)
}

/// Builds the server from an already-read configuration.
public func buildApplication(configuration: ServerConfiguration, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "tosspay")
    if let level = Logger.Level(rawValue: configuration.logLevel) { logger.logLevel = level }
    let store: any PaymentStore
    do {
        store = try await PaymentStores.open(configuration.databasePath, logger: logger)
    } catch StoreError.invalidDatabaseURL(let problem) {
        // A URL that cannot be used names the key, never the password.
        throw ConfigurationError(key: "db.path", problem: problem)
    }
    let parts: ServerParts
    let edge: HTTPEdge
    do {
        parts = try await buildParts(configuration: configuration, store: store, logger: logger)
        // Timeouts, the connection cap, parser-error envelopes and TLS (SPEC §8).
        edge = try HTTPEdge(configuration: configuration, logger: logger)
    } catch {
        // A server that cannot be built (a TLS file missing, say) still closes what it opened.
        try? await store.close()
        throw error
    }
    // The store closer first: services stop in reverse order, so the store closes after the
    // server, the sweep and the request inspector's last batch.
    let app = Application(
        router: parts.router,
        server: edge.server,
        configuration: edge.applicationConfiguration,
        services: [StoreCloser(store: store)] + parts.services,
        logger: logger
    )
    return app
}

/// The router and services over a given store (tests use this with their own store).
public struct ServerParts {
    /// All routes.
    public let router: Router<TossPayRequestContext>
    /// Background services.
    public let services: [any Service]
    /// The ledger the routes use.
    public let ledger: PaymentLedger
}

/// Wires routes and services over `store`.
public func buildParts(configuration: ServerConfiguration, store: any PaymentStore, logger: Logger) async throws -> ServerParts {
    // One server process per SQLite file: its merchants' clock offsets can live in memory.
    let clock = SandboxClock(remembersOffsets: store is SQLitePaymentStore)
    try await clock.load(from: store)
    let ledger = PaymentLedger(
        store: store, clock: clock,
        settings: .init(
            expiryMillis: Int64(configuration.expirySeconds) * 1000,
            settlementPeriodMillis: Int64(configuration.settlementSeconds) * 1000
        )
    )
    if let windows = configuration.bankMaintenance { try await ledger.setMaintenanceWindows(windows) }
    // Production mode (`--sandbox off`) has no public credential: open mode is forced off there
    // even when `sandbox.open` asks for it (docs/design.md, "Production mode").
    let openMode = configuration.isOpenMode && configuration.sandboxEnabled
    if configuration.isOpenMode, !configuration.sandboxEnabled {
        logger.warning("sandbox.open is ignored with the sandbox off: production mode has no open mode")
    }
    let authenticator = MerchantAuthenticator(
        ledger: ledger, openMode: openMode, sandboxEnabled: configuration.sandboxEnabled,
        clientCertificates: configuration.clientCAPath != nil,
        failureLimit: configuration.authFailureLimit, trustedProxies: configuration.trustedProxies
    )
    try await authenticator.bootstrap()

    let router = Router(context: TossPayRequestContext.self)
    // Metrics outermost, so they count what the client got: the FAIL envelope's status.
    router.add(middleware: MetricsMiddleware())
    // The request inspector sees each answer as the client gets it (outside the envelope) and
    // queues it without waiting; its service masks and stores the queue in batches.
    let requestLog = RequestLog(keep: configuration.inspectorKeep)
    router.add(middleware: RequestLogMiddleware(log: requestLog))
    let pages = try PageRenderer()
    router.add(middleware: EnvelopeMiddleware(pages: pages))
    // Before any route, console pages included: a loopback server answers only its own names.
    router.add(middleware: HostCheckMiddleware(configuration: configuration))
    router.get("metrics") { _, _ in
        let text = PrometheusMetricsFactory.defaultRegistry.emitToString()
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
    router.get("health") { _, _ in Envelope.success(["status": .string("UP")]) }
    // One budget per merchant for the pay and login APIs (SPEC §9: login calls count against it).
    let limiter = RateLimiter(perMinute: configuration.rateLimitPerMinute)
    PartnerController(
        ledger: ledger, authenticator: authenticator,
        limiter: limiter, faultInjection: configuration.sandboxEnabled,
        origin: configuration.origin,
        fallbackOrigin: configuration.publicOrigin, scheme: configuration.tlsCertificatePath == nil ? "http" : "https"
    ).addRoutes(to: router)
    LoginController(ledger: ledger, authenticator: authenticator, limiter: limiter).addRoutes(to: router)
    LoginWindowActions(ledger: ledger, authenticator: authenticator).addRoutes(to: router)
    let callbacks = LoginCallbackScheduler(
        ledger: ledger, loopbackOnly: ServerConfiguration.isLoopback(configuration.host),
        allowedHosts: Set(configuration.loginCallbackAllowedHosts)
    )
    let sandbox = SandboxController(ledger: ledger, authenticator: authenticator)
    if configuration.sandboxEnabled {
        sandbox.addRoutes(to: router)
        SandboxResetController(ledger: ledger, authenticator: authenticator).addRoutes(to: router)
        RequestLogController(ledger: ledger, authenticator: authenticator).addRoutes(to: router)
        LoginSandboxController(ledger: ledger, authenticator: authenticator, callbacks: callbacks).addRoutes(to: router)
    }
    SalesCheckController(ledger: ledger, pages: pages).addRoutes(to: router)
    CheckoutController(ledger: ledger, pages: pages, actions: sandbox, pageTokens: try await CheckoutPageToken.load(from: ledger)).addRoutes(to: router)
    SDKController().addRoutes(to: router)
    try LoginWindowController(ledger: ledger, pages: pages, authenticator: authenticator).addRoutes(to: router)
    ConsoleController(
        ledger: ledger, pages: pages, authenticator: authenticator, openMode: openMode,
        clientCertificatesRequired: configuration.clientCAPath != nil,
        certificateAuthority: try configuration.consoleCertificateAuthority(),
        secureCookie: configuration.tlsCertificatePath != nil, publicOrigin: configuration.origin, callbacks: callbacks
    ).addRoutes(to: router)
    ManageController(ledger: ledger, authenticator: authenticator).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    let sweep = SweepService(ledger: ledger, interval: .seconds(configuration.sweepSeconds), logger: logger)
    let callbackDelivery = LoginCallbackService(
        ledger: ledger, retryBaseMillis: Int64(configuration.loginCallbackRetryBaseMillis), loopbackOnly: callbacks.loopbackOnly,
        allowedHosts: callbacks.allowedHosts, logger: logger
    )
    let requestLogWriter = RequestLogService(log: requestLog, ledger: ledger, logger: logger)
    return ServerParts(router: router, services: [sweep, callbackDelivery, requestLogWriter], ledger: ledger)
}

/// Closes the store after the server has stopped accepting requests.
struct StoreCloser: Service {
    let store: any PaymentStore

    func run() async throws {
        try? await gracefulShutdown()
        try await store.close()
    }
}

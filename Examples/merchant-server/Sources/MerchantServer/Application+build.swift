public import Hummingbird
public import Logging
import ServiceLifecycle
import TossPayClient

/// Builds the example merchant server: opens the order database, creates the Toss Pay client
/// and wires the `/my-api` routes (payments and Toss login). The database and the client are closed when the application
/// shuts down.
public func buildMerchantApplication(
    configuration: MerchantServerConfiguration, logger: Logger? = nil
) async throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "merchant-server")
    let client = try TossPayClient(configuration: .init(
        baseURL: configuration.tossPayBaseURL, credentials: configuration.credentials,
        trustRootsPEM: configuration.trustRootsPEM, recovery: configuration.recovery
    ))
    // The real service has the login API on another host: a second client there, same credentials.
    let loginClient: TossPayClient
    let orders: OrderStore
    do {
        loginClient = configuration.effectiveLoginBaseURL == configuration.tossPayBaseURL
            ? client
            : try TossPayClient(configuration: .init(
                baseURL: configuration.effectiveLoginBaseURL, credentials: configuration.credentials,
                trustRootsPEM: configuration.trustRootsPEM
            ))
        do {
            orders = try await OrderStore.open(path: configuration.databasePath, logger: logger)
        } catch {
            try? await loginClient.shutdown()
            throw error
        }
    } catch {
        try? await client.shutdown()
        throw error
    }
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.get("health") { _, _ in "OK" }
    PaymentController(client: client, orders: orders, configuration: configuration).addRoutes(to: router)
    LoginController(client: loginClient, orders: orders).addRoutes(to: router)
    MiniAppController(configuration: configuration).addRoutes(to: router)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "merchant-server"),
        logger: logger
    )
    app.addServices(ResourceCloser(clients: loginClient === client ? [client] : [client, loginClient], orders: orders))
    return app
}

/// Closes the Toss Pay clients and the order database after the server stops.
struct ResourceCloser: Service {
    let clients: [TossPayClient]
    let orders: OrderStore

    func run() async throws {
        try? await gracefulShutdown()
        for client in clients { try? await client.shutdown() }
        try await orders.close()
    }
}

/// Builds the merchant server and runs it until SIGTERM or SIGINT.
public func runMerchantServer(configuration: MerchantServerConfiguration, logger: Logger? = nil) async throws {
    let app = try await buildMerchantApplication(configuration: configuration, logger: logger)
    try await app.runService()
}

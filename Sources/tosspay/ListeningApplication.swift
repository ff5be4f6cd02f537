import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// An application that also reports the address it listens on once it accepts connections:
/// `serve --fixtures` applies the file against the server itself from then on.
struct ListeningApplication<Base: ApplicationProtocol>: ApplicationProtocol {
    typealias Responder = Base.Responder

    /// The application as built.
    let base: Base
    /// Called once with the listening socket's local address.
    let onListening: @Sendable (SocketAddress?) -> Void

    var responder: Base.Responder {
        get async throws { try await base.responder }
    }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration { base.configuration }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        // Report without waiting for what the listener does with it: the server accepts
        // connections only after this returns.
        onListening(channel.localAddress)
    }
}

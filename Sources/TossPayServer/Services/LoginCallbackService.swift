import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TossPayCore
import TossPayStorage

/// Delivers unlink callbacks (SPEC §9) until shutdown: claims one due delivery at a time (so
/// each attempt is made by one instance), calls the app — `GET` with `userKey` and `referrer`
/// as query parameters or `POST` with a JSON body, `Authorization: Basic base64(basicAuth)` —
/// and records the attempt: 2xx delivers it; anything else, or no answer within 5 s, retries
/// after `retryBase × 2^(n−1)`, at most ``LoginCallbackDelivery/maximumAttempts`` times.
/// Pending deliveries are in the store, so they survive a restart. The secret is never logged.
struct LoginCallbackService: Service {
    let ledger: PaymentLedger
    let retryBaseMillis: Int64
    /// Whether the server listens on loopback only (then any host may be called).
    let loopbackOnly: Bool
    /// Hosts a server reachable from elsewhere may call.
    let allowedHosts: Set<String>
    let logger: Logger
    /// How long an attempt may take.
    static let attemptTimeout: TimeAmount = .seconds(5)
    /// How long a claim lasts: an instance that dies mid-attempt frees the delivery after it.
    static let leaseMillis: Int64 = 15_000

    /// How often to look for due deliveries: half the retry base, between 20 ms and 1 s.
    var pollInterval: Duration { .milliseconds(min(1_000, max(20, retryBaseMillis / 2))) }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                while !Task.isShuttingDownGracefully,
                      let delivery = try await ledger.claimLoginCallback(now: SandboxClock.systemMillis(), leaseMillis: Self.leaseMillis) {
                    await deliver(delivery)
                }
            } catch {
                logger.warning("login callback claim failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
    }

    /// One attempt, recorded.
    func deliver(_ claimed: LoginCallbackDelivery) async {
        var delivery = claimed
        let started = SandboxClock.systemMillis()
        let attempt = await attempt(delivery, at: started)
        delivery.record(attempt, retryBaseMillis: retryBaseMillis)
        logger.info("login callback attempt", metadata: [
            "merchant.id": "\(delivery.merchantId)", "callback.id": "\(delivery.id)", "attempt": "\(delivery.attempts.count)",
            "http.status": "\(attempt.httpStatus.map(String.init) ?? "-")", "callback.status": "\(delivery.status.rawValue)",
        ])
        do {
            try await ledger.saveLoginCallback(delivery)
        } catch {
            logger.warning("login callback save failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }

    /// Calls the app once.
    func attempt(_ delivery: LoginCallbackDelivery, at now: Int64) async -> LoginCallbackDelivery.Attempt {
        guard var components = URLComponents(string: delivery.callback.url), let host = components.host?.lowercased() else {
            return .init(at: now, httpStatus: nil, error: "bad url")
        }
        guard loopbackOnly || allowedHosts.contains(host) else {
            return .init(at: now, httpStatus: nil, error: "host not in login.callbackAllowedHosts")
        }
        var request: HTTPClientRequest
        switch delivery.callback.method {
        case .get:
            components.queryItems = (components.queryItems ?? []) + [
                URLQueryItem(name: "userKey", value: String(delivery.userKey)), URLQueryItem(name: "referrer", value: delivery.referrer),
            ]
            request = HTTPClientRequest(url: components.string ?? delivery.callback.url)
            request.method = .GET
        case .post:
            request = HTTPClientRequest(url: delivery.callback.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            let body = JSONWriter.bytes(.object(["userKey": .int(delivery.userKey), "referrer": .string(delivery.referrer)]))
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if let basicAuth = delivery.callback.basicAuth {
            request.headers.add(name: "Authorization", value: "Basic " + Data(basicAuth.utf8).base64EncodedString())
        }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.attemptTimeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .init(at: now, httpStatus: Int(response.status.code), error: nil)
        } catch {
            return .init(at: now, httpStatus: nil, error: String(describing: type(of: error)))
        }
    }
}

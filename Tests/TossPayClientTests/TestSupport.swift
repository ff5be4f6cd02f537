import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import TossPayClient
import TossPayServer
import TossPayStorage

/// An error a helper throws when it cannot continue.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh temporary folder; the caller removes it.
func makeTemporaryDirectory(_ name: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tosspay-client-\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A buyer nobody else uses (created on first use with 1,000,000 won of Toss Money).
func newBuyer() -> String { "buyer-\(UUID().uuidString.prefix(12))" }

/// A unique order number.
func newOrderNo(_ prefix: String = "order") -> String { "\(prefix)-\(UUID().uuidString.prefix(12))" }

/// Recovery that does not make tests wait: the same bounded lookups, shorter pauses.
let fastRecovery = TossPayClient.RecoveryPolicy(maximumAttempts: 5, initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))

/// A tosspay server running in this process on a real loopback port.
struct LiveTossPay: Sendable {
    let baseURL: String
    let port: Int

    /// A client of this server.
    func client(
        credentials: TossPayClient.Credentials = .none, trustRootsPEM: [String]? = nil,
        recovery: TossPayClient.RecoveryPolicy = fastRecovery, timeout: Duration = .seconds(13)
    ) throws -> TossPayClient {
        try TossPayClient(configuration: .init(
            baseURL: baseURL, credentials: credentials, trustRootsPEM: trustRootsPEM, timeout: timeout, recovery: recovery
        ))
    }

    /// The buyer's Toss Money balance (`GET /sandbox/v1/users/{userKey}`).
    func tossMoneyBalance(_ userKey: String) async throws -> Int64 {
        let (status, object) = try await RawHTTP.send(url: "\(baseURL)/sandbox/v1/users/\(userKey)", method: .GET)
        guard status == 200, let success = object["success"] as? [String: Any], let balance = success["tossMoneyBalance"] as? NSNumber else {
            throw TestFailure("cannot read the balance of \(userKey): HTTP \(status) \(object)")
        }
        return balance.int64Value
    }
}

/// Runs `body` against a tosspay server built from ``buildParts(configuration:store:logger:)``
/// over a fresh SQLite file, listening on a loopback port; everything is torn down afterwards.
func withTossPay<Value: Sendable>(
    openMode: Bool = true, _ body: @Sendable (LiveTossPay) async throws -> Value
) async throws -> Value {
    let directory = try makeTemporaryDirectory("server")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var logger = Logger(label: "tosspay-client-tests")
    logger.logLevel = .warning
    let store = try await SQLitePaymentStore.open(path: directory + "/tosspay.sqlite", logger: logger)
    do {
        var configuration = ServerConfiguration()
        configuration.openMode = openMode
        configuration.port = 0
        configuration.databasePath = directory + "/tosspay.sqlite"
        let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
        let app = Application(router: parts.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        let value = try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body(LiveTossPay(baseURL: "http://localhost:\(port)", port: port))
        }
        try await store.close()
        return value
    } catch {
        try? await store.close()
        throw error
    }
}

/// Runs `body` against a tosspay server from ``buildApplication(configuration:logger:)`` with
/// `configuration` (TLS files and all) on a loopback port.
func withTossPayApplication<Value: Sendable>(
    _ configuration: ServerConfiguration, scheme: String, _ body: @Sendable (LiveTossPay) async throws -> Value
) async throws -> Value {
    var logger = Logger(label: "tosspay-client-tests")
    logger.logLevel = .warning
    let app = try await buildApplication(configuration: configuration, logger: logger)
    return try await app.test(.live) { client in
        let port = try #require(client.port)
        return try await body(LiveTossPay(baseURL: "\(scheme)://localhost:\(port)", port: port))
    }
}

/// Runs `body`, which must fail with a ``TossPayClientError``; returns it (nil, with an issue
/// recorded, when it succeeded).
func clientError<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> TossPayClientError? {
    do {
        let value = try await body()
        Issue.record("expected a TossPayClientError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as TossPayClientError {
        return error
    } catch {
        Issue.record("expected a TossPayClientError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A made and buyer-authorized payment.
struct AuthorizedPayment: Sendable {
    let payToken: String
    let orderNo: String
    let userKey: String
    let amount: Int64
}

extension TossPayClient {
    /// make-payment + sandbox authorize (Toss Money by default).
    func authorizedPayment(amount: Int64 = 1_000, payMethod: PayMethod = .tossMoney, cardCompanyCode: Int? = nil) async throws -> AuthorizedPayment {
        let buyer = newBuyer()
        let orderNo = newOrderNo()
        let token = try await makePayment(
            try MakePaymentRequest(orderNo: orderNo, productDesc: "테스트 상품", amount: amount, amountTaxFree: 0, isTestPayment: true),
            userKey: buyer
        )
        let status = try await sandboxAuthorize(payToken: token, userKey: buyer, payMethod: payMethod, cardCompanyCode: cardCompanyCode)
        guard status == PaymentStatus.approved.rawValue else { throw TestFailure("authorize answered \(status)") }
        return AuthorizedPayment(payToken: token, orderNo: orderNo, userKey: buyer, amount: amount)
    }

    /// The status of a TEST payment.
    func status(of payment: AuthorizedPayment) async throws -> PaymentDetails {
        try await getPaymentStatus(PaymentStatusRequest(payToken: payment.payToken, mode: .test), userKey: payment.userKey)
    }
}

/// Minimal JSON over HTTP for the few calls the client library does not make.
enum RawHTTP {
    static func send(
        url: String, method: HTTPMethod, json: [String: Any]? = nil, headers: [(String, String)] = []
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }
}

/// A ``ClientTransport`` on AsyncHTTPClient that records what it sent and can lose answers:
/// the request reaches the server (which commits it), then the answer is thrown away and a
/// transport failure reported, as when a connection drops after the server wrote.
final class RecordingTransport: ClientTransport {
    let baseURL: String
    /// Endpoints (the last path component) whose answer is lost.
    let loseAnswers: Set<String>
    private let sentPaths = Mutex<[String]>([])

    init(baseURL: String, loseAnswers: Set<String> = []) {
        self.baseURL = baseURL
        self.loseAnswers = loseAnswers
    }

    /// The paths of every request sent, in order.
    var sent: [String] { sentPaths.withLock { $0 } }

    /// A base URL that makes the transport record requests and answer none, at once.
    static let offline = "offline:"

    /// How many requests went to `endpoint`.
    func count(_ endpoint: String) -> Int { sent.filter { $0.hasSuffix("/" + endpoint) }.count }

    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]?, timeout: Duration) async throws -> (status: Int, body: [UInt8]) {
        sentPaths.withLock { $0.append(path) }
        if baseURL == RecordingTransport.offline {
            throw TossPayClientError(kind: .transport, code: .commonTimeout, reason: "offline transport (test)")
        }
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        if let endpoint = path.split(separator: "/").last, loseAnswers.contains(String(endpoint)) {
            throw TossPayClientError(kind: .transport, code: .commonTimeout, reason: "answer lost on purpose (test)")
        }
        return (Int(response.status.code), Array(bytes.readableBytesView))
    }

    func shutdown() async throws {}
}

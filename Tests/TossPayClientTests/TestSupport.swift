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
import TossPayTestSupport

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
        let reply = try await LiveHTTP.shared.get("\(baseURL)/sandbox/v1/users/\(userKey)")
        guard reply.status == .ok, let balance = reply["success"]["tossMoneyBalance"].int64 else {
            throw TestFailure("cannot read the balance of \(userKey): HTTP \(reply.status.code) \(reply.text)")
        }
        return balance
    }
}

/// Runs `body` against the shared test server (``withTestServer``) in live mode, listening on
/// a loopback port.
func withTossPay<Value: Sendable>(
    openMode: Bool = true, _ body: @Sendable (LiveTossPay) async throws -> Value
) async throws -> Value {
    try await withTestServer(openMode: openMode, setup: .live) { server in
        let port = try #require(server.client.port)
        return try await body(LiveTossPay(baseURL: "http://localhost:\(port)", port: port))
    }
}

/// Runs `body` against a tosspay server from ``buildApplication(configuration:logger:)`` with
/// `configuration` (TLS files and all) on a loopback port.
func withTossPayApplication<Value: Sendable>(
    _ configuration: ServerConfiguration, scheme: String, _ body: @Sendable (LiveTossPay) async throws -> Value
) async throws -> Value {
    let app = try await buildApplication(configuration: configuration, logger: quietLogger())
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
        let buyer = newUserKey()
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
        try await getPaymentStatus(PaymentStatusRequest(payToken: payment.payToken, orderNo: payment.orderNo, mode: .test), userKey: payment.userKey)
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

@_exported import TossPayCore
import AsyncHTTPClient
import Foundation

/// A Toss Pay partner API client for merchant servers: typed calls, the server's own validation
/// rules, and recovery from lost execute / refund answers that never charges twice.
///
/// ```swift
/// let client = try TossPayClient(configuration: .init(
///     baseURL: "http://127.0.0.1:8080", credentials: .apiKey("sk_test_…")))
/// let payToken = try await client.makePayment(
///     try MakePaymentRequest(orderNo: "order-1", productDesc: "커피", amount: 4_500, amountTaxFree: 0, isTestPayment: true),
///     userKey: userKey)
/// ```
public final class TossPayClient: Sendable {
    /// The real service.
    public static let productionURL = "https://pay-apps-in-toss-api.toss.im"

    /// How the client reaches and proves itself to the service.
    public struct Configuration: Sendable {
        /// The service's origin: ``TossPayClient/productionURL`` or a tosspay server.
        public var baseURL: String
        /// How the merchant is identified.
        public var credentials: Credentials
        /// PEM CA certificates to trust instead of the system's (for a tosspay server with its own CA).
        public var trustRootsPEM: [String]?
        /// How long one call may take. The guide advises 10 seconds; a few more absorb latency.
        public var timeout: Duration
        /// What the client does when an execute or refund answer is lost.
        public var recovery: RecoveryPolicy

        /// Creates a configuration.
        public init(
            baseURL: String = TossPayClient.productionURL, credentials: Credentials, trustRootsPEM: [String]? = nil,
            timeout: Duration = .seconds(13), recovery: RecoveryPolicy = .standard
        ) {
            self.baseURL = baseURL
            self.credentials = credentials
            self.trustRootsPEM = trustRootsPEM
            self.timeout = timeout
            self.recovery = recovery
        }
    }

    /// How the merchant is identified.
    public enum Credentials: Sendable {
        /// mTLS with a client certificate (the real service; a tosspay server with `--client-ca`).
        case clientCertificate(ClientCertificate)
        /// An API key sent as `Authorization: Basic base64("<key>:")` (tosspay servers).
        case apiKey(String)
        /// Both: the certificate for TLS and the key in the header.
        case both(ClientCertificate, apiKey: String)
        /// Nothing (a tosspay server in open mode acts as its sandbox merchant).
        case none
    }

    /// Bounded reconciliation after a lost or ambiguous execute / refund answer.
    public struct RecoveryPolicy: Sendable {
        /// Whether to reconcile at all; when false the original failure is thrown.
        public var enabled: Bool
        /// How many status lookups at most.
        public var maximumAttempts: Int
        /// The first wait between lookups; it doubles up to ``maximumDelay``.
        public var initialDelay: Duration
        /// The longest wait between lookups.
        public var maximumDelay: Duration

        /// Creates a policy.
        public init(enabled: Bool = true, maximumAttempts: Int = 6, initialDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(3)) {
            self.enabled = enabled
            self.maximumAttempts = max(1, maximumAttempts)
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
        }

        /// Six lookups, 0.2 s doubling to 3 s (about 9 s in all).
        public static let standard = RecoveryPolicy()
        /// No reconciliation.
        public static let disabled = RecoveryPolicy(enabled: false)

        func delay(attempt: Int) -> Duration {
            var delay = initialDelay
            for _ in 0..<attempt { delay = min(delay * 2, maximumDelay) }
            return delay
        }
    }

    let configuration: Configuration
    let transport: any ClientTransport

    /// Creates a client. With a client certificate or trust roots it owns an HTTP client of its
    /// own; call ``shutdown()`` when done.
    public init(configuration: Configuration, httpClient: HTTPClient? = nil) throws(TossPayClientError) {
        self.configuration = configuration
        let certificate: ClientCertificate?
        switch configuration.credentials {
        case .clientCertificate(let value), .both(let value, _): certificate = value
        case .apiKey, .none: certificate = nil
        }
        do {
            transport = try HTTPClientTransport(
                baseURL: configuration.baseURL, certificate: certificate, trustRoots: configuration.trustRootsPEM,
                httpClient: httpClient ?? .shared
            )
        } catch let error as TossPayClientError {
            throw error
        } catch {
            throw TossPayClientError(kind: .validation, code: .commonInvalidParameter, reason: "TLS 설정을 만들 수 없습니다.")
        }
    }

    /// Creates a client over a custom transport (tests make calls time out or drop with it).
    public init(configuration: Configuration, transport: any ClientTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    /// Releases the client's connections.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    static let partnerPath = "/api-partner/v1/apps-in-toss/pay/"

    // MARK: Calls

    /// Creates a payment; returns its payToken. The request is validated before it is sent.
    public func makePayment(_ request: MakePaymentRequest, userKey: String, headers: [(String, String)] = []) async throws(TossPayClientError) -> String {
        let validated = try validate { () throws(TossPayError) in
            try MakePaymentRequest(fields: FieldReader(object: request.wireObject))
        }
        let answer = try await call("make-payment", body: validated.wireObject, userKey: userKey, headers: headers)
        guard let token = answer.text("payToken") else {
            throw .invalidResponse("make-payment 응답에 payToken 이 없습니다.", status: 200)
        }
        return token
    }

    /// Executes an authenticated payment. If the answer is lost (timeout, dropped connection) or
    /// ambiguous (`PAYMENT_EXISTING_PAYMENT`, `TRANSACTION_PENDING_ERROR`), the client asks
    /// get-payment-status until the outcome is settled and returns it with `recovered = true`.
    /// It never sends execute again.
    ///
    /// `orderNo` is the payment's orderNo, as made: get-payment-status requires it alongside the
    /// payToken, so recovery needs it. It is also sent with the execute, so a wrong one is
    /// refused (`COMMON_INVALID_PARAMETER`) before anything is charged; `request.orderNo`, if
    /// set, must be the same.
    public func executePayment(
        _ request: ExecutePaymentRequest, orderNo: String, userKey: String, headers: [(String, String)] = []
    ) async throws(TossPayClientError) -> PaymentExecution {
        let validated = try validate { () throws(TossPayError) in
            try PaymentRules.validateOrderNo(orderNo)
            if let given = request.orderNo, given != orderNo {
                throw .invalidParameter("orderNo", "요청의 orderNo 와 orderNo 인자가 다릅니다.")
            }
            var request = request
            request.orderNo = orderNo
            return try ExecutePaymentRequest(fields: FieldReader(object: request.wireObject))
        }
        do {
            let answer = try await call("execute-payment", body: validated.wireObject, userKey: userKey, headers: headers)
            return try PaymentExecution.from(answer, recovered: false)
        } catch {
            guard configuration.recovery.enabled, Self.isAmbiguous(error) else { throw error }
            return try await reconcileExecute(validated, orderNo: orderNo, userKey: userKey, original: error)
        }
    }

    /// Refunds (all that is refundable, or `amount`). If the answer is lost or ambiguous, the
    /// client compares the payment's REFUND steps before and after and returns the refund that
    /// appeared, with `recovered = true`. It never sends the refund again.
    ///
    /// `orderNo` is the payment's orderNo, as made: the before and after reads of
    /// get-payment-status require it. With recovery on, a payToken and orderNo that do not name
    /// the same payment fail with `TRANSACTION_NOT_FOUND` before the refund is sent.
    public func refundPayment(
        _ request: RefundPaymentRequest, orderNo: String, userKey: String, headers: [(String, String)] = []
    ) async throws(TossPayClientError) -> PaymentRefund {
        let validated = try validate { () throws(TossPayError) in
            try PaymentRules.validateOrderNo(orderNo)
            return try request.validated()
        }
        let query = PaymentStatusRequest(payToken: validated.payToken, orderNo: orderNo, mode: validated.mode)
        var before: PaymentDetails?
        if configuration.recovery.enabled {
            do {
                before = try await getPaymentStatus(query, userKey: userKey)
            } catch where error.kind == .api && error.code == .transactionNotFound {
                // The refund would find nothing either, or the orderNo is wrong and no lost
                // answer could be recovered: say so before anything is refunded.
                throw error
            } catch {
                // Unknown for now: the refund goes ahead without recovery.
            }
        }
        do {
            let answer = try await call("refund-payment", body: validated.wireObject, userKey: userKey, headers: headers)
            return try PaymentRefund.from(answer, recovered: false)
        } catch {
            guard configuration.recovery.enabled, Self.isAmbiguous(error), let before else { throw error }
            return try await reconcileRefund(query, amount: validated.amount, userKey: userKey, before: before, original: error)
        }
    }

    /// Looks a payment up by its payToken and orderNo, both required: a missing one is
    /// `COMMON_INVALID_PARAMETER`, checked before sending; two that name different payments are
    /// `TRANSACTION_NOT_FOUND`.
    public func getPaymentStatus(_ request: PaymentStatusRequest, userKey: String, headers: [(String, String)] = []) async throws(TossPayClientError) -> PaymentDetails {
        let validated = try validate { () throws(TossPayError) in
            try PaymentStatusRequest(fields: FieldReader(object: request.wireObject))
        }
        return try PaymentDetails.from(try await call("get-payment-status", body: validated.wireObject, userKey: userKey, headers: headers))
    }

    // MARK: Recovery

    /// Failures after which the outcome is unknown or may differ from what the answer says.
    static func isAmbiguous(_ error: TossPayClientError) -> Bool {
        switch error.kind {
        case .transport: return true
        case .api: return error.code == .paymentExistingPayment || error.code == .transactionPendingError
        case .invalidResponse, .validation: return false
        }
    }

    func reconcileExecute(_ request: ExecutePaymentRequest, orderNo: String, userKey: String, original: TossPayClientError) async throws(TossPayClientError) -> PaymentExecution {
        let query = PaymentStatusRequest(payToken: request.payToken, orderNo: orderNo, mode: request.mode)
        var last: PaymentDetails?
        for attempt in 0..<configuration.recovery.maximumAttempts {
            if attempt > 0 || original.kind == .transport || original.code == .transactionPendingError {
                try? await Task.sleep(for: configuration.recovery.delay(attempt: attempt))
            }
            guard let details = try? await getPaymentStatus(query, userKey: userKey) else { continue }
            last = details
            if details.isCharged, details.payStep != nil { return details.execution() }
            if details.payStatus == .inProgress { continue }
            // Not charged and not in flight: the execute did not happen.
            break
        }
        var failure = original
        failure.reconciledStatus = last?.payStatus
        throw failure
    }

    func reconcileRefund(_ query: PaymentStatusRequest, amount: Int64?, userKey: String, before: PaymentDetails, original: TossPayClientError) async throws(TossPayClientError) -> PaymentRefund {
        let known = Set(before.refundSteps.map(\.transactionId))
        var last: PaymentDetails?
        for attempt in 0..<configuration.recovery.maximumAttempts {
            if attempt > 0 || original.kind == .transport || original.code == .transactionPendingError {
                try? await Task.sleep(for: configuration.recovery.delay(attempt: attempt))
            }
            guard let details = try? await getPaymentStatus(query, userKey: userKey) else { continue }
            last = details
            let appeared = details.refundSteps.filter { !known.contains($0.transactionId) }
            if let step = appeared.last, amount == nil || -step.transactionAmount == amount {
                return PaymentRefund(
                    refundNo: nil, approvalTime: step.regTs, refundableAmount: details.refundableAmount,
                    discountedAmount: details.discountedAmount, paidAmount: details.paidAmount,
                    refundedAmount: -step.transactionAmount, refundedDiscountAmount: -step.discountedAmount,
                    refundedPaidAmount: -step.paidAmount, payToken: details.payToken, transactionId: step.transactionId, recovered: true
                )
            }
            if details.payStatus == .refundInProgress { continue }
            break
        }
        var failure = original
        failure.reconciledStatus = last?.payStatus
        throw failure
    }

    // MARK: Transport

    func validate<T>(_ body: () throws(TossPayError) -> T) throws(TossPayClientError) -> T {
        do {
            return try body()
        } catch {
            throw TossPayClientError(kind: .validation, code: error.code, reason: error.reason)
        }
    }

    var authorizationHeaders: [(String, String)] {
        switch configuration.credentials {
        case .apiKey(let key), .both(_, let key):
            [("Authorization", "Basic " + Data("\(key):".utf8).base64EncodedString())]
        case .clientCertificate, .none:
            []
        }
    }

    /// POSTs a partner call and unwraps the envelope.
    func call(_ endpoint: String, body: JSONObject, userKey: String, headers: [(String, String)]) async throws(TossPayClientError) -> JSONObject {
        _ = try validate { () throws(TossPayError) in try PaymentRules.validateUserKey(userKey) }
        return try await send(method: "POST", path: Self.partnerPath + endpoint, body: body, headers: [("x-toss-user-key", userKey)] + authorizationHeaders + headers)
    }

    /// Sends a request and unwraps the envelope: `success` on SUCCESS, a typed error on FAIL.
    func send(method: String, path: String, body: JSONObject?, headers: [(String, String)]) async throws(TossPayClientError) -> JSONObject {
        let answer = try await exchange(method: method, path: path, body: body, headers: headers)
        return try Self.unwrap(answer.object, status: answer.status, defaultCode: ErrorCode.commonSystemError.rawValue)
    }

    /// Sends a request and parses its JSON object, whatever it holds (pay and login calls share it).
    func exchange(
        method: String, path: String, body: JSONObject?, headers: [(String, String)]
    ) async throws(TossPayClientError) -> (status: Int, object: JSONObject) {
        var allHeaders = headers
        if body != nil { allHeaders.append(("Content-Type", "application/json")) }
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await transport.send(
                method: method, path: path, headers: allHeaders, body: body.map { JSONWriter.bytes(.object($0)) },
                timeout: configuration.timeout
            )
        } catch let error as TossPayClientError {
            throw error
        } catch {
            throw .transport("응답을 받지 못했습니다: \(String(describing: type(of: error)))")
        }
        guard case .object(let object)? = try? JSONParser().parse(answer.body) else {
            throw .invalidResponse("JSON 이 아닌 응답입니다. (HTTP \(answer.status))", status: answer.status)
        }
        return (answer.status, object)
    }

    /// The envelope's `success`, or its FAIL as a typed error (`defaultCode` when it names none).
    static func unwrap(_ envelope: JSONObject, status: Int, defaultCode: String) throws(TossPayClientError) -> JSONObject {
        switch envelope.text("resultType") {
        case "SUCCESS":
            return envelope.object("success") ?? JSONObject()
        case "FAIL":
            let error = envelope.object("error")
            throw TossPayClientError(
                kind: .api, code: ErrorCode(rawValue: error?.text("errorCode") ?? defaultCode),
                reason: error?.text("reason") ?? "", httpStatus: status
            )
        default:
            throw .invalidResponse("resultType 이 없는 응답입니다. (HTTP \(status))", status: status)
        }
    }
}

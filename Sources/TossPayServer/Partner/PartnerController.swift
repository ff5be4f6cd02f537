import Hummingbird
import Metrics
import TossPayCore
import TossPayStorage

/// The partner API of SPEC §2–3 under `/api-partner/v1/apps-in-toss/pay/`: parse, authenticate,
/// call the ledger, encode. No business rule lives here.
struct PartnerController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator
    let limiter: RateLimiter
    /// Whether fault-injection headers are honoured (sandbox on).
    let faultInjection: Bool
    /// The configured public origin; nil derives it from each request's `Host`.
    let origin: String?
    /// Fallback origin when a request has no `Host` (the listening address).
    let fallbackOrigin: String
    /// `https` when the server speaks TLS.
    let scheme: String

    /// Response bodies with links on the origin the caller reached this server at.
    func json(_ request: Request) -> PaymentJSON {
        if let origin { return PaymentJSON(origin: origin) }
        guard let authority = request.head.authority, !authority.isEmpty, authority.count <= 255,
              authority.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }) else {
            return PaymentJSON(origin: fallbackOrigin)
        }
        return PaymentJSON(origin: "\(scheme)://\(authority)")
    }

    func addRoutes(to router: Router<TossPayRequestContext>) {
        let group = router.group("api-partner/v1/apps-in-toss/pay")
        group.post("make-payment", use: makePayment)
        group.post("execute-payment", use: executePayment)
        group.post("refund-payment", use: refundPayment)
        group.post("get-payment-status", use: getPaymentStatus)
    }

    /// Reads the body, the merchant and the buyer's userKey, in that order.
    func prepare(_ request: Request, _ context: TossPayRequestContext) async throws -> (FieldReader, Merchant, String) {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        try limiter.admit(merchant.id)
        let userKey = try PaymentRules.validateUserKey(request.headers[.init("x-toss-user-key")!])
        return (fields, merchant, userKey)
    }

    /// Answers `body`, unless a TEST request asked for the answer to be dropped.
    func answer(_ request: Request, _ context: TossPayRequestContext, mode: PaymentMode, _ body: JSONObject) async throws -> Response {
        if faultInjection, FaultInjection.wantsDrop(request, mode: mode) { return try await FaultInjection.drop(context) }
        return Envelope.success(body)
    }

    @Sendable func makePayment(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, userKey) = try await prepare(request, context)
        let make = try MakePaymentRequest(fields: fields)
        if faultInjection { try FaultInjection.failIfAsked(request, mode: make.mode) }
        let payment = try await ledger.makePayment(merchant: merchant, userKey: userKey, request: make)
        PaymentCounters.of(payment.mode).created.increment()
        return try await answer(request, context, mode: make.mode, json(request).made(payment))
    }

    @Sendable func executePayment(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, userKey) = try await prepare(request, context)
        let execute = try ExecutePaymentRequest(fields: fields)
        if faultInjection { try FaultInjection.failIfAsked(request, mode: execute.mode) }
        let payment = if faultInjection, let hold = try FaultInjection.progressMillis(request, mode: execute.mode) {
            try await ledger.execute(merchant: merchant, userKey: userKey, request: execute, holdMillis: hold)
        } else {
            try await ledger.execute(merchant: merchant, userKey: userKey, request: execute)
        }
        PaymentCounters.of(payment.mode).executed.increment()
        PaymentCounters.of(payment.mode).executedWon.increment(by: Int(payment.amount))
        return try await answer(request, context, mode: execute.mode, json(request).executed(payment))
    }

    @Sendable func refundPayment(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, userKey) = try await prepare(request, context)
        let refund = try RefundPaymentRequest(fields: fields)
        if faultInjection { try FaultInjection.failIfAsked(request, mode: refund.mode) }
        let outcome = if faultInjection, let hold = try FaultInjection.progressMillis(request, mode: refund.mode) {
            try await ledger.refund(merchant: merchant, userKey: userKey, request: refund, holdMillis: hold)
        } else {
            try await ledger.refund(merchant: merchant, userKey: userKey, request: refund)
        }
        PaymentCounters.of(outcome.payment.mode).refunds.increment()
        PaymentCounters.of(outcome.payment.mode).refundedWon.increment(by: Int(-outcome.refund.transactionAmount))
        return try await answer(request, context, mode: refund.mode, json(request).refunded(outcome))
    }

    @Sendable func getPaymentStatus(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, _) = try await prepare(request, context)
        let query = try PaymentStatusRequest(fields: fields)
        if faultInjection { try FaultInjection.failIfAsked(request, mode: query.mode) }
        let outcome = try await ledger.status(merchant: merchant, request: query)
        return try await answer(request, context, mode: query.mode, json(request).status(outcome))
    }
}

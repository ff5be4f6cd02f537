import Hummingbird
import TossPayCore
import TossPayStorage

/// The partner API of SPEC §2–3 under `/api-partner/v1/apps-in-toss/pay/`: parse, authenticate,
/// call the ledger, encode. No business rule lives here.
struct PartnerController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator
    let json: PaymentJSON

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
        let merchant = try await authenticator.authenticate(request, fields: fields)
        let userKey = try PaymentRules.validateUserKey(request.headers[.init("x-toss-user-key")!])
        return (fields, merchant, userKey)
    }

    @Sendable func makePayment(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, userKey) = try await prepare(request, context)
        let payment = try await ledger.makePayment(merchant: merchant, userKey: userKey, request: try MakePaymentRequest(fields: fields))
        return Envelope.success(json.made(payment))
    }

    @Sendable func executePayment(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, userKey) = try await prepare(request, context)
        let payment = try await ledger.execute(merchant: merchant, userKey: userKey, request: try ExecutePaymentRequest(fields: fields))
        return Envelope.success(json.executed(payment))
    }

    @Sendable func refundPayment(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, userKey) = try await prepare(request, context)
        let outcome = try await ledger.refund(merchant: merchant, userKey: userKey, request: try RefundPaymentRequest(fields: fields))
        return Envelope.success(json.refunded(outcome))
    }

    @Sendable func getPaymentStatus(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (fields, merchant, _) = try await prepare(request, context)
        let outcome = try await ledger.status(merchant: merchant, request: try PaymentStatusRequest(fields: fields))
        return Envelope.success(json.status(outcome))
    }
}

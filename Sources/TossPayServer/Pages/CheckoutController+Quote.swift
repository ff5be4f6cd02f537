import Hummingbird
import TossPayCore
import TossPayStorage

extension CheckoutController {
    /// `POST /checkout/{payToken}/quote` with `{payToken, points}`: what the window shows when
    /// the buyer uses `points` — Core's ``CheckoutFigures`` (``PaymentOperations/quote(_:points:buyer:promotions:now:)``),
    /// so the page never computes an amount. Read-only: it writes nothing (not even a buyer
    /// seen for the first time) and authorize re-checks everything. It authenticates like
    /// authorize and cancel (the page token; an unknown payToken is `TRANSACTION_NOT_FOUND`).
    /// `points` is a required JSON integer within `0...maxPoints`, else `COMMON_INVALID_PARAMETER`
    /// naming it; a payment no longer waiting is `COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS`.
    @Sendable func quote(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (payment, fields, now) = try await authorizedPayment(request, context: context)
        let points = try fields.requiredInteger("points")
        let buyer = try await ledger.buyerAsShown(payment.userKey, merchantId: payment.merchantId)
        let promotions = try await ledger.promotions(merchantId: payment.merchantId)
        let figures = try PaymentOperations.quote(payment, points: points, buyer: buyer, promotions: promotions, now: now)
        return Envelope.success(Self.figuresJSON(figures))
    }

    /// The quote's `success`: every amount a JSON integer in won, in the order the page shows them.
    static func figuresJSON(_ figures: CheckoutFigures) -> JSONObject {
        [
            "amount": .int(figures.amount),
            "promotionAmount": .int(figures.promotionAmount),
            "pointAmount": .int(figures.pointAmount),
            "discountedAmount": .int(figures.discountedAmount),
            "paidAmount": .int(figures.paidAmount),
            "maxPoints": .int(figures.maxPoints),
            "installmentAvailable": .bool(figures.installmentAvailable),
        ]
    }
}

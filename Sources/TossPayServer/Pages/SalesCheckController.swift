import Hummingbird
import Logging
import TossPayCore
import TossPayStorage

/// `GET /sales-check/{payToken}`: the card sales slip (신용카드 매출전표) behind
/// `salesCheckLinkUrl`. Card numbers appear masked, as everywhere.
struct SalesCheckController: Sendable {
    let ledger: PaymentLedger
    let pages: PageRenderer

    static let title = "매출전표"

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("sales-check/:payToken", use: show)
    }

    @Sendable func show(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let token = context.parameters.get("payToken") ?? ""
        let missing = Page(title: Self.title, theme: .slip, view: ())
        guard (try? PayToken.validateFormat(token)) != nil else {
            return try pages.response(.salesCheckMissing, missing, status: .notFound)
        }
        let payment: Payment
        do {
            payment = try await ledger.checkoutView(payToken: token).payment
        } catch let error as TossPayError where error.code == .transactionNotFound {
            return try pages.response(.salesCheckMissing, missing, status: .notFound)
        } catch {
            // The store could not be read: the slip may well exist, so this is no 404.
            context.logger.error("sales slip failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return try pages.response(.salesCheckError, missing, status: .internalServerError)
        }
        guard let execution = payment.execution, let card = execution.card else {
            return try pages.response(.salesCheckMissing, missing, status: .notFound)
        }
        let view = SalesCheckView(
            paidText: HTML.won(execution.paidAmount),
            orderNo: payment.orderNo,
            productDesc: payment.productDesc,
            cardCompany: card.companyName,
            cardNumber: card.maskedNumber,
            cardType: card.methodType,
            spreadOutMonths: card.spreadOut == 0 ? nil : card.spreadOut,
            authorizationNo: card.authorizationNo,
            approvedAt: KoreaTime.format(milliseconds: execution.paidAt),
            amountText: HTML.won(payment.amount),
            discountText: HTML.won(execution.discountedAmount),
            taxableText: HTML.won(payment.taxSplit.taxable),
            vatText: HTML.won(payment.taxSplit.vat),
            taxFreeText: HTML.won(payment.taxSplit.taxFree),
            refundedText: HTML.won(payment.refunded.total),
            status: payment.status.rawValue,
            isTest: payment.mode == .test
        )
        return try pages.response(.salesCheck, Page(title: Self.title, theme: .slip, view: view))
    }
}

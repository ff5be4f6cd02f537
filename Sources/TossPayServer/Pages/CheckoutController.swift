import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TossPayCore
import TossPayStorage

/// `GET /checkout/{payToken}`: the buyer's checkout window (what `TossPay.checkoutPayment`
/// opens). It acts for the payment's own buyer only (SPEC §8): the page never carries the
/// userKey, ignores any `userKey` in its URL and writes nothing when shown; confirming and
/// closing call `/checkout/{payToken}/authorize` and `/cancel` with the page's
/// ``CheckoutPageToken``, and the outcome is posted to the opener (`tosspay:checkout` message).
/// When the buyer changes points, the page asks the read-only `/checkout/{payToken}/quote`
/// (``quote(_:context:)``) for Core's figures instead of computing them.
struct CheckoutController: Sendable {
    let ledger: PaymentLedger
    let pages: PageRenderer
    /// The sandbox's checkout controls, whose body rules the page's actions share; the page's
    /// own routes stay when sandbox controls are off.
    let actions: SandboxController
    /// Signs and checks the page tokens (secret shared through the store, read at start-up).
    let pageTokens: CheckoutPageToken

    /// The installment months the window offers besides 일시불.
    static let installmentMonths = [2, 3, 4, 5, 6, 10, 12]

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("checkout/:payToken", use: show)
        router.post("checkout/:payToken/authorize", use: authorize)
        router.post("checkout/:payToken/cancel", use: cancel)
        router.post("checkout/:payToken/quote", use: quote)
    }

    /// The payment a page action is for (as shown at `now` on its merchant's clock) and the
    /// request's fields, once its page token is checked: `PAY_UNAUTHORIZED` without a token,
    /// with another payment's, an altered or an expired one.
    func authorizedPayment(
        _ request: Request, context: TossPayRequestContext
    ) async throws -> (payment: Payment, fields: FieldReader, now: Int64) {
        let fields = try await Envelope.readObject(request, context: context)
        let token = try SandboxController.payToken(fields, context)
        // The token is good until the payment expires on its merchant's clock.
        let (payment, now) = try await ledger.checkoutView(payToken: token)
        let presented = request.headers[HTTPField.Name(CheckoutPageToken.header)!]
        guard pageTokens.accepts(presented, payToken: token, now: now) else {
            throw TossPayError(.payUnauthorized)
        }
        return (payment, fields, now)
    }

    /// `POST /checkout/{payToken}/authorize`: the buyer confirms in the window.
    @Sendable func authorize(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (payment, fields, _) = try await authorizedPayment(request, context: context)
        let authorized = try await ledger.authorize(
            payToken: payment.payToken, userKey: payment.userKey, choice: try SandboxController.checkoutChoice(fields)
        )
        return Envelope.success(SandboxController.checkoutResult(authorized))
    }

    /// `POST /checkout/{payToken}/cancel`: the buyer closes the window.
    @Sendable func cancel(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let (payment, _, _) = try await authorizedPayment(request, context: context)
        let cancelled = try await ledger.cancel(payToken: payment.payToken, userKey: payment.userKey)
        return Envelope.success(SandboxController.checkoutResult(cancelled))
    }

    @Sendable func show(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let token = context.parameters.get("payToken") ?? ""
        let notFound = CheckoutView.Notice(title: "결제 정보를 찾을 수 없어요", message: "결제 링크가 올바른지 확인해주세요.", status: "NOT_FOUND")
        guard (try? PayToken.validateFormat(token)) != nil else {
            return try render(token: token, notice: notFound, status: .notFound)
        }
        do {
            let payment = try await ledger.checkoutView(payToken: token).payment
            switch payment.status {
            case .standby:
                return try await order(payment, token: token)
            case .cancelled:
                let expired = payment.cancelledAt.map { $0 >= payment.expiresAt } ?? true
                return try render(token: token, notice: CheckoutView.Notice(
                    title: expired ? "결제 시간이 지났어요" : "취소된 결제예요",
                    message: expired
                        ? "결제 가능 시간(\(Self.duration(ledger.settings.expiryMillis)))이 지나 결제가 취소됐어요. 다시 주문해주세요."
                        : "이미 취소된 결제예요. 다시 주문해주세요.",
                    status: expired ? "EXPIRED" : "CANCELLED"
                ), status: .gone)
            default:
                return try render(token: token, notice: CheckoutView.Notice(
                    title: "이미 처리된 결제예요", message: "이 결제는 이미 인증되었거나 완료됐어요.", status: payment.status.rawValue
                ), status: .conflict)
            }
        } catch let error as TossPayError where error.code == .transactionNotFound {
            return try render(token: token, notice: notFound, status: .notFound)
        } catch {
            // The store could not be read: the payment may well exist, so this is no 404.
            context.logger.error("checkout page failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return try render(token: token, notice: CheckoutView.Notice(
                title: "결제 정보를 불러오지 못했어요", message: "잠시 후 다시 시도해주세요.", status: "ERROR"
            ), status: .internalServerError)
        }
    }

    /// The order of a waiting payment with what its buyer can pay it with.
    func order(_ payment: Payment, token: String) async throws -> Response {
        let merchant = try await ledger.merchant(id: payment.merchantId)
        let user = try await ledger.buyerAsShown(payment.userKey, merchantId: payment.merchantId)
        let quote = CheckoutQuote.quote(
            amount: payment.amount, promotions: try await ledger.promotions(merchantId: payment.merchantId), buyerPoints: user.points
        )
        // The figures without points, from Core; the page asks /quote when the buyer changes them.
        let figures = try quote.figures(points: 0, buyerPoints: user.points, installment: payment.installment)
        let supportedCards = user.cards.filter { CardCompany(code: $0.companyCode)?.isSupported ?? false }
        let allowsMoney = payment.enablePayMethods.allows(.tossMoney)
        let allowsCard = payment.enablePayMethods.allows(.card) && !supportedCards.isEmpty
        let order = CheckoutView.Order(
            isTest: payment.mode == .test,
            merchantName: merchant?.name ?? payment.merchantId,
            productDesc: payment.productDesc,
            amountText: HTML.won(payment.amount),
            paidText: HTML.won(figures.paidAmount),
            promotion: quote.promotionAmount > 0
                ? CheckoutView.PromotionLine(name: quote.promotion?.name ?? "즉시할인", amountText: HTML.won(quote.promotionAmount)) : nil,
            tossMoney: allowsMoney ? CheckoutView.TossMoney(
                checked: true, balanceText: HTML.won(user.tossMoneyBalance),
                account: user.bankAccount.map { account in
                    CheckoutView.Account(
                        bankName: BankCode(code: account.bankCode)?.name ?? account.bankCode,
                        accountNumber: Masking.accountNumber(account.accountNumber)
                    )
                }
            ) : nil,
            card: allowsCard ? CheckoutView.Card(
                checked: !allowsMoney, count: supportedCards.count,
                cards: supportedCards.enumerated().map { index, card in
                    CheckoutView.CardOption(
                        code: card.companyCode, name: CardCompany(code: card.companyCode)?.name ?? String(card.companyCode),
                        number: Masking.cardNumber(card.number), methodType: card.methodType.rawValue,
                        typeText: Self.typeText(card.methodType), first: index == 0
                    )
                },
                installment: figures.installmentAvailable
                    ? CheckoutView.Installment(months: Self.installmentMonths) : nil
            ) : nil,
            points: quote.maxPoints > 0
                ? CheckoutView.Points(usableText: HTML.won(quote.maxPoints), balanceText: HTML.won(user.points)) : nil,
            hasMethod: allowsMoney || allowsCard
        )
        let script = CheckoutView.Script(
            payToken: token, pageToken: pageTokens.make(payToken: token, expiresAt: payment.expiresAt),
            amount: payment.amount, figures: CheckoutView.Figures(figures), productDesc: payment.productDesc
        )
        return try render(CheckoutView(checkout: order), script: script, status: .ok)
    }

    /// A duration in Korean, e.g. `15분`, `1시간 30분`, `45초`.
    static func duration(_ millis: Int64) -> String {
        let seconds = millis / 1000
        if seconds < 60 { return "\(seconds)초" }
        let hours = seconds / 3600, minutes = seconds % 3600 / 60
        return [hours > 0 ? "\(hours)시간" : nil, minutes > 0 ? "\(minutes)분" : nil].compactMap { $0 }.joined(separator: " ")
    }

    static func typeText(_ type: SandboxUser.Card.MethodType) -> String {
        switch type {
        case .credit: "신용"
        case .check: "체크"
        case .prepayment: "선불"
        }
    }

    /// The window with `notice` instead of an order.
    func render(token: String, notice: CheckoutView.Notice, status: HTTPResponse.Status) throws -> Response {
        let script = CheckoutView.Script(payToken: token, pageToken: nil, amount: 0, figures: nil, productDesc: nil)
        return try render(CheckoutView(notice: notice), script: script, status: status)
    }

    func render(_ view: CheckoutView, script: CheckoutView.Script, status: HTTPResponse.Status) throws -> Response {
        let page = Page(
            title: "토스페이 결제", theme: .checkout,
            scriptData: try ScriptData(id: CheckoutView.scriptId, encoding: script), view: view
        )
        return try pages.response(.checkout, page, status: status)
    }
}

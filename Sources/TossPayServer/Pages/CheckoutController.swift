import Foundation
import Hummingbird
import Mustache
import TossPayCore
import TossPayStorage

/// `GET /checkout/{payToken}`: the buyer's checkout window (what `TossPay.checkoutPayment`
/// opens). It acts as the payment's buyer (`?userKey=` acts as another one, to see
/// `PAY_UNAUTHORIZED`); confirming calls the sandbox authorize endpoint, closing the cancel
/// endpoint, and the outcome is posted to the opener (`tosspay:checkout` message).
struct CheckoutController: Sendable {
    let ledger: PaymentLedger
    let template: MustacheTemplate
    /// The buyer-side actions the page calls; the same as the sandbox's checkout controls, but
    /// part of the checkout window, so they stay when sandbox controls are off.
    let actions: SandboxController

    init(ledger: PaymentLedger, actions: SandboxController) throws {
        self.ledger = ledger
        self.actions = actions
        self.template = try MustacheTemplate(string: CheckoutTemplate.page)
    }

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("checkout/:payToken", use: show)
        router.post("checkout/:payToken/authorize", use: actions.authorize)
        router.post("checkout/:payToken/cancel", use: actions.cancel)
    }

    @Sendable func show(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let token = context.parameters.get("payToken") ?? ""
        let overrideKey = request.uri.queryParameters.get("userKey")
        guard (try? PayToken.validateFormat(token)) != nil, let payment = try? await ledger.checkoutView(payToken: token) else {
            return render(notice(token: token, title: "결제 정보를 찾을 수 없어요", message: "결제 링크가 올바른지 확인해주세요.", status: "NOT_FOUND"), status: .notFound)
        }
        let userKey = overrideKey.flatMap { try? PaymentRules.validateUserKey($0) } ?? payment.userKey
        switch payment.status {
        case .standby:
            break
        case .cancelled:
            let expired = payment.cancelledAt.map { $0 >= payment.expiresAt } ?? true
            return render(notice(
                token: token, title: expired ? "결제 시간이 지났어요" : "취소된 결제예요",
                message: expired ? "결제 가능 시간(\(Self.duration(ledger.settings.expiryMillis)))이 지나 결제가 취소됐어요. 다시 주문해주세요." : "이미 취소된 결제예요. 다시 주문해주세요.",
                status: expired ? "EXPIRED" : "CANCELLED"
            ), status: .gone)
        default:
            return render(notice(token: token, title: "이미 처리된 결제예요", message: "이 결제는 이미 인증되었거나 완료됐어요.", status: payment.status.rawValue), status: .conflict)
        }
        let merchant = try await ledger.merchant(id: payment.merchantId)
        let user = try await ledger.user(userKey)
        let offer = Promotion.best(of: try await ledger.promotions(merchantId: payment.merchantId), for: payment.amount)
        let promotion = offer?.1 ?? 0
        let pointsUsable = max(0, min(user.points, payment.amount - promotion))
        let supportedCards = user.cards.filter { CardCompany(code: $0.companyCode)?.isSupported ?? false }
        let allowsMoney = payment.enablePayMethods.allows(.tossMoney)
        let allowsCard = payment.enablePayMethods.allows(.card) && !supportedCards.isEmpty
        let account = user.bankAccount.map { account -> [String: Any] in
            ["bankName": BankCode(code: account.bankCode)?.name ?? account.bankCode, "accountNumber": Masking.accountNumber(account.accountNumber)]
        }
        var checkout: [String: Any] = [
            "isTest": payment.mode == .test,
            "merchantName": merchant?.name ?? payment.merchantId,
            "productDesc": payment.productDesc,
            "amountText": HTML.won(payment.amount),
            "paidText": HTML.won(payment.amount - promotion),
            "hasMethod": allowsMoney || allowsCard,
        ]
        if promotion > 0 {
            checkout["promotionText"] = HTML.won(promotion)
            checkout["promotionName"] = offer?.0.name ?? "즉시할인"
        }
        if allowsMoney {
            var money: [String: Any] = ["checked": true, "balanceText": HTML.won(user.tossMoneyBalance)]
            if let account { money["account"] = account }
            checkout["tossMoney"] = money
        }
        if allowsCard {
            let cards: [[String: Any]] = supportedCards.enumerated().map { index, card in
                [
                    "code": card.companyCode, "name": CardCompany(code: card.companyCode)?.name ?? String(card.companyCode),
                    "number": Masking.cardNumber(card.number), "methodType": card.methodType.rawValue,
                    "typeText": Self.typeText(card.methodType), "first": index == 0,
                ]
            }
            var card: [String: Any] = ["checked": !allowsMoney, "count": cards.count, "cards": cards]
            if payment.installment == .use && payment.amount - promotion >= PaymentRules.installmentMinimumAmount {
                card["installmentAllowed"] = ["months": [2, 3, 4, 5, 6, 10, 12]]
            }
            checkout["card"] = card
        }
        if pointsUsable > 0 {
            checkout["pointsAvailable"] = [
                "pointsUsable": pointsUsable, "pointsText": HTML.won(pointsUsable), "pointsBalanceText": HTML.won(user.points),
            ]
        }
        var page = scriptValues(token: token, userKey: userKey, amount: payment.amount, promotion: promotion)
        page["checkout"] = checkout
        return render(page, status: .ok)
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

    func notice(token: String, title: String, message: String, status: String) -> [String: Any] {
        var page = scriptValues(token: token, userKey: nil, amount: 0, promotion: 0)
        page["notice"] = ["title": title, "message": message, "status": status]
        return page
    }

    func scriptValues(token: String, userKey: String?, amount: Int64, promotion: Int64) -> [String: Any] {
        [
            "tokenJSON": Self.scriptString(token), "userKeyJSON": userKey.map(Self.scriptString) ?? "null",
            "amountValue": amount, "promotionValue": promotion, "installmentMinimum": PaymentRules.installmentMinimumAmount,
        ]
    }

    /// A JSON string literal safe inside `<script>` (no `<`, `>`, `&` or line separators raw).
    static func scriptString(_ text: String) -> String {
        var json = JSONWriter.string(.string(text))
        for (raw, escaped) in [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u{2028}", "\\u2028"), ("\u{2029}", "\\u2029")] {
            json = json.replacingOccurrences(of: raw, with: escaped)
        }
        return json
    }

    func render(_ values: [String: Any], status: HTTPResponse.Status) -> Response {
        HTML.response(template.render(values), status: status)
    }
}

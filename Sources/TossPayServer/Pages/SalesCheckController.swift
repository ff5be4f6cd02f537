import Hummingbird
import TossPayCore
import TossPayStorage

/// `GET /sales-check/{payToken}`: the card sales slip (신용카드 매출전표) behind
/// `salesCheckLinkUrl`. Card numbers appear masked, as everywhere.
struct SalesCheckController: Sendable {
    let ledger: PaymentLedger

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("sales-check/:payToken", use: show)
    }

    @Sendable func show(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let token = context.parameters.get("payToken") ?? ""
        guard (try? PayToken.validateFormat(token)) != nil,
              let payment = try? await ledger.checkoutView(payToken: token),
              let execution = payment.execution, let card = execution.card else {
            return HTML.response(HTML.page(title: "매출전표", body: """
                <div class="card"><h1>매출전표를 찾을 수 없어요</h1><p>카드로 결제된 거래만 매출전표를 볼 수 있어요.</p></div>
                """), status: .notFound)
        }
        let refunded = payment.refunded.total
        let rows: [(String, String)] = [
            ("주문번호", payment.orderNo),
            ("상품", payment.productDesc),
            ("카드사", card.companyName),
            ("카드번호", card.maskedNumber),
            ("카드 종류", card.methodType),
            ("할부", card.spreadOut == 0 ? "일시불" : "\(card.spreadOut)개월"),
            ("승인번호", card.authorizationNo),
            ("승인일시", KoreaTime.format(milliseconds: execution.paidAt)),
            ("결제 금액", HTML.won(payment.amount)),
            ("할인", HTML.won(execution.discountedAmount)),
            ("과세 / 부가세", "\(HTML.won(payment.taxSplit.taxable)) / \(HTML.won(payment.taxSplit.vat))"),
            ("비과세", HTML.won(payment.taxSplit.taxFree)),
            ("환불", HTML.won(refunded)),
            ("상태", payment.status.rawValue),
        ]
        let list = rows.map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>" }.joined()
        return HTML.response(HTML.page(title: "매출전표", body: """
            <div class="card"><h1>신용카드 매출전표</h1>
            <p class="total" data-testid="sales-check-amount">\(HTML.escape(HTML.won(execution.paidAmount)))</p>
            <dl>\(list)</dl></div>
            <p style="color:#8b95a1;font-size:13px">tosspay 샌드박스에서 발행한 매출전표입니다. \(payment.mode == .test ? "테스트 결제" : "")</p>
            """))
    }
}

import Foundation
import TossPayCore
import TossPayStorage

/// The console's HTML: a sign-in page and the workspace (keys, certificates, payments, one
/// payment's steps with a refund form). Every value is escaped; card and account numbers only
/// appear masked, as stored.
enum ConsolePage {
    /// Korean names of the statuses, for the filter and the tables.
    static func label(_ status: PaymentStatus) -> String {
        switch status {
        case .standby: "결제 대기"
        case .approved: "구매자 인증 완료"
        case .cancelled: "결제 취소"
        case .inProgress: "결제 진행 중"
        case .complete: "결제 완료"
        case .refundInProgress: "환불 진행 중"
        case .refunded: "환불 성공"
        case .settled: "정산 완료"
        case .refundSettled: "환불 정산 완료"
        }
    }

    static func keyKindLabel(_ kind: String) -> String {
        kind == "LIVE" ? "API 키" : kind == "TEST" ? "테스트용 API 키" : kind
    }

    /// A whole console page.
    static func page(title: String, merchant: Merchant?, body: String) -> String {
        let header = merchant.map { merchant in
            """
            <header><div><strong>\(HTML.escape(merchant.name))</strong> <code data-testid="merchant-id">\(HTML.escape(merchant.id))</code></div>
            <form method="post" action="/console/logout"><button type="submit" class="link">로그아웃</button></form></header>
            """
        } ?? ""
        return """
            <!doctype html>
            <html lang="ko"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · tosspay 콘솔</title>
            <style>
            body{margin:0;font-family:-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;background:#f2f4f6;color:#191f28}
            main{max-width:1040px;margin:0 auto;padding:20px 16px}
            header{display:flex;justify-content:space-between;align-items:center;gap:12px;margin-bottom:16px;flex-wrap:wrap}
            section,.card{background:#fff;border-radius:16px;padding:20px;margin-bottom:12px;overflow-x:auto}
            h1{font-size:22px;margin:0 0 16px} h2{font-size:18px;margin:0 0 12px}
            table{border-collapse:collapse;width:100%;font-size:14px} th,td{text-align:left;padding:8px 6px;border-bottom:1px solid #e5e8eb;white-space:nowrap}
            th{color:#6b7684;font-weight:500} td.num{text-align:right}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 16px;margin:0} dt{color:#6b7684} dd{margin:0;font-weight:600;word-break:break-all}
            form.inline{display:flex;gap:8px;flex-wrap:wrap;align-items:end}
            label{display:flex;flex-direction:column;font-size:13px;color:#4e5968;gap:4px}
            input,select{font:inherit;padding:8px 10px;border:1px solid #d1d6db;border-radius:8px;min-height:24px}
            button{font:inherit;padding:9px 16px;border:0;border-radius:8px;background:#3182f6;color:#fff;cursor:pointer}
            button.link{background:none;color:#3182f6;padding:4px}
            button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #1b64da;outline-offset:2px}
            .notice{padding:12px 16px;border-radius:12px;margin-bottom:12px} .ok{background:#e8f3ff;color:#1b64da} .error{background:#ffeeee;color:#d22030}
            code{font-family:ui-monospace,monospace;background:#f2f4f6;padding:2px 6px;border-radius:6px}
            .secret{font-size:15px;user-select:all}
            </style></head><body><main>\(header)\(body)</main></body></html>
            """
    }

    static func notice(_ message: String?, error: Bool) -> String {
        guard let message else { return "" }
        return #"<div class="notice \#(error ? "error" : "ok")" role="\#(error ? "alert" : "status")" data-testid="\#(error ? "console-error" : "console-notice")">\#(HTML.escape(message))</div>"#
    }

    /// The sign-in page.
    static func signIn(openMode: Bool, error: String?) -> String {
        let sandbox = openMode ? """
            <form method="post" action="/console/login"><input type="hidden" name="sandbox" value="1">
            <button type="submit" class="link" data-testid="console-sandbox-login">키 없이 샌드박스 가맹점으로 열기</button></form>
            """ : ""
        return page(title: "로그인", merchant: nil, body: """
            <section><h1>tosspay 콘솔</h1>
            \(notice(error, error: true))
            <p>가맹점의 API 키나 테스트용 API 키로 로그인해요. 키는 저장하지 않아요.</p>
            <form method="post" action="/console/login" class="inline">
            <label>API 키<input type="password" name="apiKey" autocomplete="off" required data-testid="console-api-key" size="36"></label>
            <button type="submit" data-testid="console-login">로그인</button></form>
            \(sandbox)</section>
            """)
    }

    /// What the workspace shows besides the payments.
    struct Workspace {
        var merchant: Merchant
        var keys: [ApiKeyRecord]
        var newKeys: (live: String, test: String)?
        var clientCertificatesRequired: Bool
        var canIssueCertificates: Bool
        var filters: Filters
        var payments: [Payment]
        var hasNextPage: Bool
        var message: String?
        var error: String?
    }

    /// The payment list's filters as the form shows them.
    struct Filters {
        var status: String = ""
        var mode: String = ""
        var orderNo: String = ""
        var userKey: String = ""
        var from: String = ""
        var to: String = ""
        var page: Int = 1

        /// The query string for `page`.
        func query(page: Int) -> String {
            let pairs = [("status", status), ("mode", mode), ("orderNo", orderNo), ("userKey", userKey), ("from", from), ("to", to)]
                .filter { !$0.1.isEmpty } + [("page", String(page))]
            return pairs.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
        }
    }

    static func percentEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: encoded.append(Character(UnicodeScalar(byte)))
            default: encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    static func workspace(_ view: Workspace) -> String {
        let merchant = view.merchant
        let keyRows = view.keys.map { key in
            "<tr><td>\(HTML.escape(keyKindLabel(key.kind)))</td><td><code>\(HTML.escape(key.fingerprint))</code></td><td>\(HTML.escape(KoreaTime.format(milliseconds: key.createdAt)))</td></tr>"
        }.joined()
        let newKeys = view.newKeys.map { keys in
            """
            <div class="notice ok" role="status" data-testid="console-new-keys"><p><strong>새 키를 발급했어요.</strong> 이 화면을 벗어나면 다시 볼 수 없으니 지금 복사해 두세요. 이전 키도 계속 쓸 수 있어요.</p>
            <dl><dt>API 키</dt><dd><code class="secret" data-testid="console-new-live-key">\(HTML.escape(keys.live))</code></dd>
            <dt>테스트용 API 키</dt><dd><code class="secret" data-testid="console-new-test-key">\(HTML.escape(keys.test))</code></dd></dl></div>
            """
        } ?? ""
        let certificates: String
        if view.canIssueCertificates {
            certificates = """
                <p>이 서버는 클라이언트 인증서(mTLS)를 \(view.clientCertificatesRequired ? "요구해요" : "받아요"). 인증서의 CN 은 가맹점 ID <code>\(HTML.escape(merchant.id))</code> 예요.
                새 인증서를 발급해도 이전 인증서는 만료될 때까지 쓸 수 있어요.</p>
                <form method="post" action="/console/certificates"><button type="submit" data-testid="console-issue-certificate">인증서 발급 (PEM 내려받기)</button></form>
                """
        } else {
            certificates = """
                <p>이 서버는 \(view.clientCertificatesRequired ? "클라이언트 인증서(mTLS)를 요구해요" : "지금 클라이언트 인증서(mTLS) 없이 동작해요"). 인증서의 CN 은 가맹점 ID <code>\(HTML.escape(merchant.id))</code> 여야 해요.</p>
                <p>발급: <code>tosspay certs issue --dir certs --merchant \(HTML.escape(merchant.id))</code>
                (서버를 <code>--client-ca-key</code> 와 함께 실행하면 여기서 바로 발급할 수 있어요.)</p>
                """
        }
        let statusOptions = (["<option value=\"\">전체</option>"] + PaymentStatus.allCases.map { status in
            "<option value=\"\(status.rawValue)\"\(view.filters.status == status.rawValue ? " selected" : "")>\(HTML.escape(label(status))) (\(status.rawValue))</option>"
        }).joined()
        let modeOptions = [("", "전체"), ("TEST", "테스트 (TEST)"), ("LIVE", "라이브 (LIVE)")].map { value, title in
            "<option value=\"\(value)\"\(view.filters.mode == value ? " selected" : "")>\(title)</option>"
        }.joined()
        let paymentRows = view.payments.map { payment in
            let link = "/console/payments/\(payment.payToken)"
            return """
                <tr data-testid="console-payment-row" data-pay-token="\(HTML.escape(payment.payToken))"><td>\(HTML.escape(KoreaTime.format(milliseconds: payment.createdAt)))</td>
                <td><a href="\(HTML.escape(link))">\(HTML.escape(payment.orderNo))</a></td><td>\(HTML.escape(payment.productDesc))</td>
                <td class="num">\(HTML.escape(HTML.won(payment.amount)))</td><td class="num">\(HTML.escape(HTML.won(payment.refunded.total)))</td>
                <td data-testid="console-payment-status">\(HTML.escape(label(payment.status)))</td><td>\(payment.mode.rawValue)</td><td><code>\(HTML.escape(payment.userKey))</code></td></tr>
                """
        }.joined()
        let table = view.payments.isEmpty
            ? #"<p data-testid="console-no-payments">조건에 맞는 결제가 없어요.</p>"#
            : """
                <table><thead><tr><th>생성 일시</th><th>주문번호</th><th>상품</th><th>금액</th><th>환불</th><th>상태</th><th>모드</th><th>구매자</th></tr></thead>
                <tbody>\(paymentRows)</tbody></table>
                """
        var pager = ""
        if view.filters.page > 1 {
            pager += #"<a href="/console?\#(HTML.escape(view.filters.query(page: view.filters.page - 1)))" data-testid="console-previous">이전</a> "#
        }
        if view.hasNextPage {
            pager += #"<a href="/console?\#(HTML.escape(view.filters.query(page: view.filters.page + 1)))" data-testid="console-next">다음</a>"#
        }
        return page(title: "워크스페이스", merchant: merchant, body: """
            \(notice(view.message, error: false))\(notice(view.error, error: true))
            <section aria-labelledby="keys-title"><h2 id="keys-title">토스페이 가맹점 키 등록</h2>
            \(newKeys)
            <table><thead><tr><th>종류</th><th>지문 (SHA-256 앞 8자리)</th><th>발급 일시</th></tr></thead><tbody data-testid="console-keys">\(keyRows)</tbody></table>
            <form method="post" action="/console/keys" style="margin-top:12px"><button type="submit" data-testid="console-issue-keys">API 키 · 테스트용 API 키 새로 발급</button></form></section>
            <section aria-labelledby="certs-title"><h2 id="certs-title">mTLS 인증서</h2>\(certificates)</section>
            <section aria-labelledby="payments-title"><h2 id="payments-title">결제 내역</h2>
            <form method="get" action="/console" class="inline" data-testid="console-filters">
            <label>상태<select name="status" data-testid="console-filter-status">\(statusOptions)</select></label>
            <label>모드<select name="mode" data-testid="console-filter-mode">\(modeOptions)</select></label>
            <label>주문번호<input name="orderNo" value="\(HTML.escape(view.filters.orderNo))" data-testid="console-filter-order" size="16"></label>
            <label>구매자 (userKey)<input name="userKey" value="\(HTML.escape(view.filters.userKey))" size="14"></label>
            <label>시작일<input type="date" name="from" value="\(HTML.escape(view.filters.from))"></label>
            <label>종료일<input type="date" name="to" value="\(HTML.escape(view.filters.to))"></label>
            <button type="submit" data-testid="console-filter-apply">조회</button></form>
            <div style="margin-top:12px">\(table)</div><p>\(pager)</p></section>
            """)
    }

    /// One payment with its steps and a refund form.
    static func payment(
        merchant: Merchant, _ view: PaymentLedger.ConsolePayment, refundNo: String, message: String?, error: String?
    ) -> String {
        let payment = view.payment
        var rows: [(String, String)] = [
            ("payToken", payment.payToken), ("주문번호", payment.orderNo), ("상품", payment.productDesc),
            ("상태", "\(label(payment.status)) (\(payment.status.rawValue))"), ("모드", payment.mode.rawValue),
            ("구매자 (userKey)", payment.userKey), ("금액", HTML.won(payment.amount)),
            ("과세 / 부가세 / 비과세", "\(HTML.won(payment.taxSplit.taxable)) / \(HTML.won(payment.taxSplit.vat)) / \(HTML.won(payment.taxSplit.taxFree))"),
            ("생성 일시", KoreaTime.format(milliseconds: payment.createdAt)),
        ]
        if payment.status.canExpire { rows.append(("만료 일시", KoreaTime.format(milliseconds: payment.expiresAt))) }
        if let method = payment.method { rows.append(("결제수단", method.payMethod.rawValue)) }
        if let execution = payment.execution {
            rows.append(("결제 일시", KoreaTime.format(milliseconds: execution.paidAt)))
            rows.append(("결제 금액 / 할인", "\(HTML.won(execution.paidAmount)) / \(HTML.won(execution.discountedAmount))"))
            if let card = execution.card { rows.append(("카드", "\(card.companyName) \(card.maskedNumber)")) }
            if let account = execution.account { rows.append(("계좌", "\(account.bankName) \(account.maskedNumber)")) }
        }
        rows.append(("환불 합계", HTML.won(payment.refunded.total)))
        rows.append(("환불 가능 금액", HTML.won(payment.refundableAmount)))
        if let settledAt = payment.settledAt { rows.append(("정산 일시", KoreaTime.format(milliseconds: settledAt))) }
        let details = rows.map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>" }.joined()
        let steps = view.transactions.map { step in
            """
            <tr data-testid="console-transaction"><td>\(step.stepType.rawValue)</td><td><code>\(HTML.escape(step.transactionId))</code></td>
            <td class="num">\(HTML.escape(HTML.won(step.transactionAmount)))</td><td>\(HTML.escape(step.refundNo ?? ""))</td>
            <td>\(HTML.escape(step.reason ?? ""))</td><td>\(HTML.escape(KoreaTime.format(milliseconds: step.registeredAt)))</td></tr>
            """
        }.joined()
        let stepsTable = view.transactions.isEmpty ? "<p>아직 거래가 없어요.</p>" : """
            <table><thead><tr><th>유형</th><th>거래 ID</th><th>금액</th><th>환불번호</th><th>사유</th><th>일시</th></tr></thead><tbody>\(steps)</tbody></table>
            """
        let tokenPath = "/console/payments/\(payment.payToken)"
        let refund = payment.refundableAmount > 0 ? """
            <section aria-labelledby="refund-title"><h2 id="refund-title">환불</h2>
            <form method="post" action="\(HTML.escape(tokenPath))/refund" class="inline" data-testid="console-refund-form">
            <input type="hidden" name="refundNo" value="\(HTML.escape(refundNo))">
            <label>금액 (비우면 전액 \(HTML.escape(HTML.won(payment.refundableAmount))))<input name="amount" inputmode="numeric" data-testid="console-refund-amount" size="12"></label>
            <label>사유<input name="reason" required maxlength="100" data-testid="console-refund-reason" size="24"></label>
            <button type="submit" data-testid="console-refund-submit">환불하기</button></form></section>
            """ : ""
        return page(title: "결제 \(payment.orderNo)", merchant: merchant, body: """
            <p><a href="/console">← 결제 내역</a></p>
            \(notice(message, error: false))\(notice(error, error: true))
            <section><h1>결제 상세</h1><dl data-testid="console-payment-details">\(details)</dl></section>
            <section aria-labelledby="steps-title"><h2 id="steps-title">거래 내역</h2>\(stepsTable)</section>
            \(refund)
            """)
    }
}

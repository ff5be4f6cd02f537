import Foundation
import TossPayCore
import TossPayStorage

/// The console's pages as view models for the `console-*.mustache` templates: a sign-in page
/// and the workspace (keys, certificates, payments, one payment's steps with a refund form).
/// The templates escape every value; card and account numbers only appear masked, as stored.
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

    /// What the workspace shows besides the payments.
    struct Workspace {
        var merchant: Merchant
        var keys: [ApiKeyRecord]
        var newKeys: (live: String, test: String)?
        var clientCertificatesRequired: Bool
        var canIssueCertificates: Bool
        var filters: Filters
        var payments: [Payment]
        var paging: Paging
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

        /// A link to the list with these filters, at `page` (`after` or `before` a cursor).
        func link(_ page: (name: String, cursor: PaymentCursor)? = nil) -> String {
            let pairs = [("status", status), ("mode", mode), ("orderNo", orderNo), ("userKey", userKey), ("from", from), ("to", to)]
                .filter { !$0.1.isEmpty } + (page.map { [($0.name, $0.cursor.description)] } ?? [])
            return pairs.isEmpty ? "/console" : "/console?" + pairs.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
        }
    }

    /// Where the shown page of payments is: keyset pages, linked by their first and last rows.
    struct Paging {
        /// The page is the newest (no cursor).
        var isFirst = true
        /// Newer payments than the page's first exist.
        var hasPrevious = false
        /// Older payments than the page's last exist.
        var hasNext = false
        /// The page's first and last rows.
        var first: PaymentCursor?
        var last: PaymentCursor?
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

    /// The sign-in page.
    static func signIn(openMode: Bool, error: String?) -> Page<ConsoleSignInView> {
        Page(title: title("로그인"), theme: .console, view: ConsoleSignInView(openMode: openMode, error: error))
    }

    /// A page whose only data is the signed-in merchant (a missing payment, no certificates).
    static func merchantPage(_ title: String, merchant: Merchant) -> Page<ConsoleMerchantView> {
        Page(title: Self.title(title), theme: .console, view: ConsoleMerchantView(merchant: ConsoleHeader(merchant)))
    }

    /// A page with no data and no merchant (a form posted from another site).
    static func plainPage(_ title: String) -> Page<Void> {
        Page(title: Self.title(title), theme: .console, view: ())
    }

    /// The workspace: keys, certificates, payments.
    static func workspace(_ view: Workspace) -> Page<ConsoleWorkspaceView> {
        let filters = view.filters
        let statusOptions = [ConsoleWorkspaceView.Option(value: "", label: "전체", selected: false)]
            + PaymentStatus.allCases.map { status in
                ConsoleWorkspaceView.Option(
                    value: status.rawValue, label: "\(label(status)) (\(status.rawValue))", selected: filters.status == status.rawValue
                )
            }
        let modeOptions = [("", "전체"), ("TEST", "테스트 (TEST)"), ("LIVE", "라이브 (LIVE)")].map { value, title in
            ConsoleWorkspaceView.Option(value: value, label: title, selected: filters.mode == value)
        }
        let workspace = ConsoleWorkspaceView(
            merchant: ConsoleHeader(view.merchant),
            message: view.message,
            error: view.error,
            newKeys: view.newKeys.map { ConsoleWorkspaceView.NewKeys(live: $0.live, test: $0.test) },
            keys: view.keys.map { key in
                ConsoleWorkspaceView.KeyRow(
                    kind: keyKindLabel(key.kind), fingerprint: key.fingerprint, createdAt: KoreaTime.format(milliseconds: key.createdAt),
                    revokedAt: key.revokedAt.map { KoreaTime.format(milliseconds: $0) },
                    revocable: key.revokedAt == nil && !MerchantAuthenticator.publicFingerprints.contains(key.fingerprint)
                )
            },
            certificates: ConsoleWorkspaceView.Certificates(
                canIssue: view.canIssueCertificates, required: view.clientCertificatesRequired, merchantId: view.merchant.id
            ),
            filters: ConsoleWorkspaceView.FilterFields(
                statusOptions: statusOptions, modeOptions: modeOptions,
                orderNo: filters.orderNo, userKey: filters.userKey, from: filters.from, to: filters.to
            ),
            hasPayments: !view.payments.isEmpty,
            payments: view.payments.map { payment in
                ConsoleWorkspaceView.PaymentRow(
                    payToken: payment.payToken, createdAt: KoreaTime.format(milliseconds: payment.createdAt),
                    orderNo: payment.orderNo, productDesc: payment.productDesc,
                    amountText: HTML.won(payment.amount), refundedText: HTML.won(payment.refunded.total),
                    statusLabel: label(payment.status), mode: payment.mode.rawValue, userKey: payment.userKey
                )
            },
            firstLink: view.paging.isFirst ? nil : filters.link(),
            previousLink: view.paging.hasPrevious ? view.paging.first.map { filters.link(("before", $0)) } : nil,
            nextLink: view.paging.hasNext ? view.paging.last.map { filters.link(("after", $0)) } : nil
        )
        return Page(title: title("워크스페이스"), theme: .console, view: workspace)
    }

    /// One payment with its steps and a refund form.
    static func payment(
        merchant: Merchant, _ view: PaymentLedger.ConsolePayment, refundNo: String, message: String?, error: String?
    ) -> Page<ConsolePaymentView> {
        let payment = view.payment
        let execution = payment.execution.map { execution in
            ConsolePaymentView.Execution(
                paidAt: KoreaTime.format(milliseconds: execution.paidAt),
                paidText: HTML.won(execution.paidAmount), discountText: HTML.won(execution.discountedAmount),
                card: execution.card.map { "\($0.companyName) \($0.maskedNumber)" },
                account: execution.account.map { "\($0.bankName) \($0.maskedNumber)" }
            )
        }
        let details = ConsolePaymentView(
            merchant: ConsoleHeader(merchant),
            message: message,
            error: error,
            payToken: payment.payToken,
            orderNo: payment.orderNo,
            productDesc: payment.productDesc,
            statusLabel: label(payment.status),
            status: payment.status.rawValue,
            mode: payment.mode.rawValue,
            userKey: payment.userKey,
            amountText: HTML.won(payment.amount),
            taxableText: HTML.won(payment.taxSplit.taxable),
            vatText: HTML.won(payment.taxSplit.vat),
            taxFreeText: HTML.won(payment.taxSplit.taxFree),
            createdAt: KoreaTime.format(milliseconds: payment.createdAt),
            expiresAt: payment.status.canExpire ? KoreaTime.format(milliseconds: payment.expiresAt) : nil,
            payMethod: payment.method?.payMethod.rawValue,
            execution: execution,
            refundedText: HTML.won(payment.refunded.total),
            refundableText: HTML.won(payment.refundableAmount),
            settledAt: payment.settledAt.map { KoreaTime.format(milliseconds: $0) },
            hasSteps: !view.transactions.isEmpty,
            steps: view.transactions.map { step in
                ConsolePaymentView.Step(
                    stepType: step.stepType.rawValue, transactionId: step.transactionId,
                    amountText: HTML.won(step.transactionAmount), refundNo: step.refundNo ?? "", reason: step.reason ?? "",
                    registeredAt: KoreaTime.format(milliseconds: step.registeredAt)
                )
            },
            refund: payment.refundableAmount > 0
                ? ConsolePaymentView.Refund(refundNo: refundNo, refundableText: HTML.won(payment.refundableAmount)) : nil
        )
        return Page(title: title("결제 \(payment.orderNo)"), theme: .console, view: details)
    }

    /// A console page's `<title>`.
    static func title(_ page: String) -> String { "\(page) · tosspay 콘솔" }
}

import TossPayCore

/// Card details of a card payment, masked as the service sends them.
public struct CardPaymentDetails: Sendable, Equatable {
    /// Card company code (`cardCompanyCode`).
    public var companyCode: Int
    /// Card company name.
    public var companyName: String?
    /// Masked number, `BIN6******last4`.
    public var cardNumber: String?
    /// Last four digits (`cardNum4Print`).
    public var last4: String?
    /// BIN (`cardBinNumber`).
    public var binNumber: String?
    /// CREDIT, CHECK or PREPAYMENT.
    public var methodType: String?
    /// PERSONAL, PERSONAL_FAMILY, CORP_…
    public var userType: String?
    /// Card company approval number.
    public var authorizationNo: String?
    /// Installment months (0 = single payment).
    public var spreadOut: Int
    /// Interest-free installment.
    public var noInterest: Bool
    /// Link to the card sales slip (매출전표).
    public var salesCheckLinkUrl: String?

    static func from(_ object: JSONObject) -> CardPaymentDetails? {
        guard let code = object.integer("cardCompanyCode") else { return nil }
        return CardPaymentDetails(
            companyCode: Int(code), companyName: object.text("cardCompanyName"), cardNumber: object.text("cardNumber"),
            last4: object.text("cardNum4Print"), binNumber: object.text("cardBinNumber"), methodType: object.text("cardMethodType"),
            userType: object.text("cardUserType"), authorizationNo: object.text("cardAuthorizationNo"),
            spreadOut: Int(object.integer("spreadOut") ?? 0), noInterest: object.flag("noInterest") ?? false,
            salesCheckLinkUrl: object.text("salesCheckLinkUrl")
        )
    }
}

/// Account details of a Toss Money payment, masked.
public struct AccountPaymentDetails: Sendable, Equatable {
    /// Bank code from the bank table, e.g. `092`.
    public var bankCode: String
    /// Bank name.
    public var bankName: String?
    /// Masked account number.
    public var accountNumber: String?

    static func from(_ object: JSONObject) -> AccountPaymentDetails? {
        guard let code = object.text("accountBankCode") else { return nil }
        return AccountPaymentDetails(bankCode: code, bankName: object.text("accountBankName"), accountNumber: object.text("accountNumber"))
    }
}

/// What `execute-payment` answered (or, after a lost answer, what status showed).
public struct PaymentExecution: Sendable, Equatable {
    /// TEST or LIVE.
    public var mode: PaymentMode
    /// The merchant's order number.
    public var orderNo: String
    /// The total.
    public var amount: Int64
    /// When it was approved, KST `yyyy-MM-dd HH:mm:ss`.
    public var approvalTime: String?
    /// Discount (instant discount + points).
    public var discountedAmount: Int64
    /// Charged to the method: amount − discountedAmount.
    public var paidAmount: Int64
    /// Toss Money or card.
    public var payMethod: PayMethod?
    /// The payment's token.
    public var payToken: String
    /// The PAY transaction's id.
    public var transactionId: String?
    /// For cards.
    public var card: CardPaymentDetails?
    /// For Toss Money.
    public var account: AccountPaymentDetails?
    /// Cash receipt key, when one was issued.
    public var cashReceiptMgtKey: String?
    /// True when the answer was lost and this was reconstructed from get-payment-status.
    public var recovered: Bool

    static func from(_ object: JSONObject, recovered: Bool) throws(TossPayClientError) -> PaymentExecution {
        guard let token = object.text("payToken"), let orderNo = object.text("orderNo"), let amount = object.integer("amount") else {
            throw .invalidResponse("execute-payment 응답에 payToken, orderNo, amount 가 없습니다.", status: 200)
        }
        return PaymentExecution(
            mode: object.text("mode") == "LIVE" ? .live : .test, orderNo: orderNo, amount: amount,
            approvalTime: object.text("approvalTime"), discountedAmount: object.integer("discountedAmount") ?? 0,
            paidAmount: object.integer("paidAmount") ?? amount, payMethod: object.text("payMethod").flatMap(PayMethod.init(rawValue:)),
            payToken: token, transactionId: object.text("transactionId"), card: CardPaymentDetails.from(object),
            account: AccountPaymentDetails.from(object), cashReceiptMgtKey: object.text("cashReceiptMgtKey"), recovered: recovered
        )
    }
}

/// What `refund-payment` answered (or, after a lost answer, what status showed).
public struct PaymentRefund: Sendable, Equatable {
    /// The refund number.
    public var refundNo: String?
    /// When it was refunded, KST.
    public var approvalTime: String?
    /// Still refundable after this refund.
    public var refundableAmount: Int64
    /// Discount still standing.
    public var discountedAmount: Int64?
    /// Paid amount still standing.
    public var paidAmount: Int64?
    /// This refund's amount.
    public var refundedAmount: Int64
    /// Of it, discount taken back.
    public var refundedDiscountAmount: Int64
    /// Of it, returned to the method.
    public var refundedPaidAmount: Int64
    /// The payment's token.
    public var payToken: String
    /// The REFUND transaction's id.
    public var transactionId: String?
    /// True when the answer was lost and this was reconstructed from get-payment-status.
    public var recovered: Bool

    static func from(_ object: JSONObject, recovered: Bool) throws(TossPayClientError) -> PaymentRefund {
        guard let token = object.text("payToken"), let refunded = object.integer("refundedAmount") else {
            throw .invalidResponse("refund-payment 응답에 payToken, refundedAmount 가 없습니다.", status: 200)
        }
        return PaymentRefund(
            refundNo: object.text("refundNo"), approvalTime: object.text("approvalTime"),
            refundableAmount: object.integer("refundableAmount") ?? 0, discountedAmount: object.integer("discountedAmount"),
            paidAmount: object.integer("paidAmount"), refundedAmount: refunded,
            refundedDiscountAmount: object.integer("refundedDiscountAmount") ?? 0,
            refundedPaidAmount: object.integer("refundedPaidAmount") ?? refunded, payToken: token,
            transactionId: object.text("transactionId"), recovered: recovered
        )
    }
}

/// One PAY or REFUND step in a status answer.
public struct PaymentStep: Sendable, Equatable {
    /// PAY or REFUND.
    public var stepType: String
    /// The transaction's id.
    public var transactionId: String
    /// Method part (negative for refunds).
    public var paidAmount: Int64
    /// Amount for the merchant (negative for refunds).
    public var transactionAmount: Int64
    /// Discount part.
    public var discountedAmount: Int64
    /// Points part.
    public var pointAmount: Int64
    /// When, KST.
    public var regTs: String?
}

/// What `get-payment-status` answered.
public struct PaymentDetails: Sendable, Equatable {
    /// TEST or LIVE.
    public var mode: PaymentMode
    /// The payment's token.
    public var payToken: String
    /// The merchant's order number.
    public var orderNo: String
    /// The status; unknown future statuses are kept in ``payStatusText``.
    public var payStatus: PaymentStatus?
    /// The status as sent.
    public var payStatusText: String
    /// Toss Money or card, once chosen.
    public var payMethod: PayMethod?
    /// The total.
    public var amount: Int64
    /// Discount standing.
    public var discountedAmount: Int64
    /// Instant discount standing (`discountAmountV2`).
    public var discountAmountV2: Int64
    /// Points standing (`paidPointV2`).
    public var paidPointV2: Int64
    /// Paid amount standing.
    public var paidAmount: Int64
    /// Still refundable.
    public var refundableAmount: Int64
    /// The applied tax split.
    public var taxSplit: TaxSplit
    /// For Toss Money payments.
    public var account: AccountPaymentDetails?
    /// For card payments.
    public var card: CardPaymentDetails?
    /// PAY and REFUND steps.
    public var transactions: [PaymentStep]
    /// Created, KST.
    public var createdTs: String?
    /// Paid, KST.
    public var paidTs: String?

    static func from(_ object: JSONObject) throws(TossPayClientError) -> PaymentDetails {
        guard let token = object.text("payToken"), let orderNo = object.text("orderNo"), let status = object.text("payStatus") else {
            throw .invalidResponse("get-payment-status 응답에 payToken, orderNo, payStatus 가 없습니다.", status: 200)
        }
        var steps: [PaymentStep] = []
        if case .array(let items)? = object["transactions"] {
            for case .object(let item) in items {
                steps.append(PaymentStep(
                    stepType: item.text("stepType") ?? "", transactionId: item.text("transactionId") ?? "",
                    paidAmount: item.integer("paidAmount") ?? 0, transactionAmount: item.integer("transactionAmount") ?? 0,
                    discountedAmount: item.integer("discountedAmount") ?? 0, pointAmount: item.integer("pointAmount") ?? 0,
                    regTs: item.text("regTs")
                ))
            }
        }
        return PaymentDetails(
            mode: object.text("mode") == "LIVE" ? .live : .test, payToken: token, orderNo: orderNo,
            payStatus: PaymentStatus(rawValue: status), payStatusText: status,
            payMethod: object.text("payMethod").flatMap(PayMethod.init(rawValue:)), amount: object.integer("amount") ?? 0,
            discountedAmount: object.integer("discountedAmount") ?? 0, discountAmountV2: object.integer("discountAmountV2") ?? 0,
            paidPointV2: object.integer("paidPointV2") ?? 0, paidAmount: object.integer("paidAmount") ?? 0,
            refundableAmount: object.integer("refundableAmount") ?? 0,
            taxSplit: TaxSplit(
                taxable: object.integer("amountTaxable") ?? 0, taxFree: object.integer("amountTaxFree") ?? 0,
                vat: object.integer("amountVat") ?? 0, serviceFee: object.integer("amountServiceFee") ?? 0
            ),
            account: AccountPaymentDetails.from(object), card: object.object("card").flatMap(CardPaymentDetails.from),
            transactions: steps, createdTs: object.text("createdTs"), paidTs: object.text("paidTs")
        )
    }

    /// The PAY step, if executed.
    public var payStep: PaymentStep? { transactions.first { $0.stepType == "PAY" } }
    /// The REFUND steps in order.
    public var refundSteps: [PaymentStep] { transactions.filter { $0.stepType == "REFUND" } }

    /// Whether the status says the buyer was charged.
    public var isCharged: Bool {
        switch payStatus {
        case .complete?, .refundInProgress?, .refunded?, .settled?, .refundSettled?: true
        default: false
        }
    }

    /// The execute answer this status implies, for a recovered execute.
    func execution() -> PaymentExecution {
        PaymentExecution(
            mode: mode, orderNo: orderNo, amount: amount, approvalTime: paidTs,
            discountedAmount: payStep.map { $0.discountedAmount } ?? discountedAmount,
            paidAmount: payStep.map { $0.paidAmount } ?? paidAmount, payMethod: payMethod, payToken: payToken,
            transactionId: payStep?.transactionId, card: card, account: account, cashReceiptMgtKey: nil, recovered: true
        )
    }
}

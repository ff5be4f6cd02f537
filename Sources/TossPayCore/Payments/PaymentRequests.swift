/// A validated `execute-payment` request.
public struct ExecutePaymentRequest: Sendable, Equatable {
    /// The payment to execute.
    public var payToken: String
    /// If given, must be the payment's orderNo.
    public var orderNo: String?
    /// Must be the payment's mode.
    public var mode: PaymentMode

    /// Creates a request.
    public init(payToken: String, orderNo: String? = nil, mode: PaymentMode) {
        self.payToken = payToken
        self.orderNo = orderNo
        self.mode = mode
    }

    /// Validates a request body.
    public init(fields: FieldReader) throws(TossPayError) {
        let token = try fields.requiredString("payToken")
        try PayToken.validateFormat(token)
        self.init(
            payToken: token, orderNo: try fields.optionalString("orderNo"),
            mode: PaymentMode(isTestPayment: try fields.requiredBool("isTestPayment"))
        )
    }
}

/// A validated `refund-payment` request.
public struct RefundPaymentRequest: Sendable, Equatable {
    /// The payment to refund.
    public var payToken: String
    /// Why (shown to the buyer).
    public var reason: String
    /// Must be the payment's mode.
    public var mode: PaymentMode
    /// Extension: a partial amount; nil refunds everything still refundable.
    public var amount: Int64?
    /// Extension: the partial amount's tax-free part, and optional taxable / VAT / fee parts.
    public var amountTaxFree: Int64?
    /// Extension: the partial amount's taxable part.
    public var amountTaxable: Int64?
    /// Extension: the partial amount's VAT.
    public var amountVat: Int64?
    /// Extension: the partial amount's service fee.
    public var amountServiceFee: Int64?
    /// Extension: an idempotency key; repeating it with the same body returns the first result.
    public var refundNo: String?

    /// Creates a request.
    public init(
        payToken: String, reason: String, mode: PaymentMode, amount: Int64? = nil,
        amountTaxFree: Int64? = nil, amountTaxable: Int64? = nil, amountVat: Int64? = nil,
        amountServiceFee: Int64? = nil, refundNo: String? = nil
    ) {
        self.payToken = payToken
        self.reason = reason
        self.mode = mode
        self.amount = amount
        self.amountTaxFree = amountTaxFree
        self.amountTaxable = amountTaxable
        self.amountVat = amountVat
        self.amountServiceFee = amountServiceFee
        self.refundNo = refundNo
    }

    /// Validates a request body.
    public init(fields: FieldReader) throws(TossPayError) {
        let token = try fields.requiredString("payToken")
        try PayToken.validateFormat(token)
        let reason = try fields.requiredString("reason")
        try PaymentRules.validateRefundReason(reason)
        let mode = PaymentMode(isTestPayment: try fields.requiredBool("isTestPayment"))
        let amount = try fields.optionalInteger("amount")
        if let amount { try PaymentRules.validateAmount(amount, field: "amount", minimum: 1) }
        let taxFree = try fields.optionalInteger("amountTaxFree")
        let taxable = try fields.optionalInteger("amountTaxable")
        let vat = try fields.optionalInteger("amountVat")
        let fee = try fields.optionalInteger("amountServiceFee")
        for (name, value) in [("amountTaxFree", taxFree), ("amountTaxable", taxable), ("amountVat", vat), ("amountServiceFee", fee)] {
            guard let value else { continue }
            guard amount != nil else { throw .invalidParameter(name, "amount 와 함께 보내야 합니다.") }
            try PaymentRules.validateAmount(value, field: name, minimum: 0)
        }
        let refundNo = try fields.optionalString("refundNo")
        if let refundNo { try PaymentRules.validateRefundNo(refundNo) }
        self.init(
            payToken: token, reason: reason, mode: mode, amount: amount, amountTaxFree: taxFree,
            amountTaxable: taxable, amountVat: vat, amountServiceFee: fee, refundNo: refundNo
        )
    }

    /// The tax split of a partial refund of `amount`, by the rule of make-payment
    /// (tax-free defaults to 0).
    public func partialTaxSplit(amount: Int64) throws(TossPayError) -> TaxSplit {
        try TaxSplit.resolve(
            amount: amount, taxFree: amountTaxFree ?? 0, taxable: amountTaxable, vat: amountVat,
            serviceFee: amountServiceFee
        )
    }

    /// A canonical text of the request, to tell a repeated refundNo with the same body from
    /// one with a different body.
    public var fingerprint: String {
        func text(_ value: Int64?) -> String { value.map(String.init) ?? "-" }
        return [payToken, reason, mode.rawValue, text(amount), text(amountTaxFree), text(amountTaxable),
                text(amountVat), text(amountServiceFee)].joined(separator: "|")
    }
}

/// A validated `get-payment-status` request. Both identifiers are required, as in the guide's
/// table, and must name the same payment (SPEC §3).
public struct PaymentStatusRequest: Sendable, Equatable {
    /// The payment's token.
    public var payToken: String
    /// The payment's orderNo; must be the orderNo the payToken was made with.
    public var orderNo: String
    /// Must be the payment's mode.
    public var mode: PaymentMode

    /// Creates a request.
    public init(payToken: String, orderNo: String, mode: PaymentMode) {
        self.payToken = payToken
        self.orderNo = orderNo
        self.mode = mode
    }

    /// Validates a request body. A missing identifier is `COMMON_INVALID_PARAMETER` naming it;
    /// with both missing, the reason names payToken (the first the guide lists).
    public init(fields: FieldReader) throws(TossPayError) {
        let token = try fields.requiredString("payToken")
        try PayToken.validateFormat(token)
        let orderNo = try fields.requiredString("orderNo")
        try PaymentRules.validateOrderNo(orderNo)
        self.init(payToken: token, orderNo: orderNo, mode: PaymentMode(isTestPayment: try fields.requiredBool("isTestPayment")))
    }
}

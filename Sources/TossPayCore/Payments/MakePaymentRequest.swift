/// A validated `make-payment` request.
public struct MakePaymentRequest: Sendable, Equatable {
    /// The merchant's order number.
    public var orderNo: String
    /// What is sold.
    public var productDesc: String
    /// The total, in won.
    public var amount: Int64
    /// The applied tax split.
    public var taxSplit: TaxSplit
    /// The methods the checkout window offers.
    public var enablePayMethods: EnabledPayMethods
    /// Whether a cash receipt is issued for Toss Money.
    public var cashReceipt: Bool
    /// The cash receipt kind.
    public var cashReceiptTradeOption: CashReceiptTradeOption
    /// Whether card installments are offered.
    public var installment: InstallmentOption
    /// TEST or LIVE.
    public var mode: PaymentMode

    /// Creates a request from already-valid values.
    public init(
        orderNo: String, productDesc: String, amount: Int64, taxSplit: TaxSplit,
        enablePayMethods: EnabledPayMethods = .all, cashReceipt: Bool = false,
        cashReceiptTradeOption: CashReceiptTradeOption = .general, installment: InstallmentOption = .use,
        mode: PaymentMode
    ) {
        self.orderNo = orderNo
        self.productDesc = productDesc
        self.amount = amount
        self.taxSplit = taxSplit
        self.enablePayMethods = enablePayMethods
        self.cashReceipt = cashReceipt
        self.cashReceiptTradeOption = cashReceiptTradeOption
        self.installment = installment
        self.mode = mode
    }

    /// Validates a request body against every rule of SPEC §3.
    public init(fields: FieldReader) throws(TossPayError) {
        let orderNo = try fields.requiredString("orderNo")
        try PaymentRules.validateOrderNo(orderNo)
        let productDesc = try fields.requiredString("productDesc")
        try PaymentRules.validateProductDesc(productDesc)
        let amount = try fields.requiredInteger("amount")
        try PaymentRules.validateAmount(amount, field: "amount", minimum: 1)
        let taxFree = try fields.requiredInteger("amountTaxFree")
        try PaymentRules.validateAmount(taxFree, field: "amountTaxFree", minimum: 0)
        let taxable = try fields.optionalInteger("amountTaxable")
        let vat = try fields.optionalInteger("amountVat")
        let serviceFee = try fields.optionalInteger("amountServiceFee")
        if let taxable { try PaymentRules.validateAmount(taxable, field: "amountTaxable", minimum: 0) }
        if let vat { try PaymentRules.validateAmount(vat, field: "amountVat", minimum: 0) }
        if let serviceFee { try PaymentRules.validateAmount(serviceFee, field: "amountServiceFee", minimum: 0) }
        let split = try TaxSplit.resolve(amount: amount, taxFree: taxFree, taxable: taxable, vat: vat, serviceFee: serviceFee)
        let methods: EnabledPayMethods
        if case .string(let text)? = fields.object["enablePayMethods"] {
            methods = EnabledPayMethods(field: text)
        } else {
            methods = .all
        }
        let cashReceipt = try fields.optionalBool("cashReceipt") ?? false
        let tradeOption = try fields.optionalEnum("cashReceiptTradeOption", as: CashReceiptTradeOption.self) ?? .general
        let installment = try fields.optionalEnum("installment", as: InstallmentOption.self) ?? .use
        let isTest = try fields.requiredBool("isTestPayment")
        self.init(
            orderNo: orderNo, productDesc: productDesc, amount: amount, taxSplit: split,
            enablePayMethods: methods, cashReceipt: cashReceipt, cashReceiptTradeOption: tradeOption,
            installment: installment, mode: PaymentMode(isTestPayment: isTest)
        )
    }
}

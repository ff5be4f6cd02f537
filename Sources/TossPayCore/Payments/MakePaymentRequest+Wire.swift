extension MakePaymentRequest {
    /// Validates values as the server would (every rule of SPEC §3) and resolves the tax split.
    public init(
        orderNo: String, productDesc: String, amount: Int64, amountTaxFree: Int64, amountTaxable: Int64? = nil,
        amountVat: Int64? = nil, amountServiceFee: Int64? = nil, enablePayMethods: EnabledPayMethods = .all,
        cashReceipt: Bool = false, cashReceiptTradeOption: CashReceiptTradeOption = .general,
        installment: InstallmentOption = .use, isTestPayment: Bool
    ) throws(TossPayError) {
        var object: JSONObject = [
            "orderNo": .string(orderNo), "productDesc": .string(productDesc), "amount": .int(amount),
            "amountTaxFree": .int(amountTaxFree), "cashReceipt": .bool(cashReceipt),
            "cashReceiptTradeOption": .string(cashReceiptTradeOption.rawValue), "installment": .string(installment.rawValue),
            "isTestPayment": .bool(isTestPayment),
        ]
        if let amountTaxable { object["amountTaxable"] = .int(amountTaxable) }
        if let amountVat { object["amountVat"] = .int(amountVat) }
        if let amountServiceFee { object["amountServiceFee"] = .int(amountServiceFee) }
        if enablePayMethods != .all { object["enablePayMethods"] = .string(enablePayMethods.rawValue) }
        try self.init(fields: FieldReader(object: object))
    }

    /// The request body as the partner API takes it, tax split resolved.
    public var wireObject: JSONObject {
        var object: JSONObject = [
            "orderNo": .string(orderNo),
            "productDesc": .string(productDesc),
            "amount": .int(amount),
            "amountTaxFree": .int(taxSplit.taxFree),
            "amountTaxable": .int(taxSplit.taxable),
            "amountVat": .int(taxSplit.vat),
            "amountServiceFee": .int(taxSplit.serviceFee),
        ]
        if enablePayMethods != .all { object["enablePayMethods"] = .string(enablePayMethods.rawValue) }
        object["cashReceipt"] = .bool(cashReceipt)
        object["cashReceiptTradeOption"] = .string(cashReceiptTradeOption.rawValue)
        object["installment"] = .string(installment.rawValue)
        object["isTestPayment"] = .bool(mode.isTestPayment)
        return object
    }
}

extension ExecutePaymentRequest {
    /// The request body as the partner API takes it.
    public var wireObject: JSONObject {
        var object: JSONObject = ["payToken": .string(payToken)]
        if let orderNo { object["orderNo"] = .string(orderNo) }
        object["isTestPayment"] = .bool(mode.isTestPayment)
        return object
    }
}

extension RefundPaymentRequest {
    /// The request body as the partner API takes it (extension fields only when set).
    public var wireObject: JSONObject {
        var object: JSONObject = ["payToken": .string(payToken), "reason": .string(reason), "isTestPayment": .bool(mode.isTestPayment)]
        if let amount { object["amount"] = .int(amount) }
        if let amountTaxFree { object["amountTaxFree"] = .int(amountTaxFree) }
        if let amountTaxable { object["amountTaxable"] = .int(amountTaxable) }
        if let amountVat { object["amountVat"] = .int(amountVat) }
        if let amountServiceFee { object["amountServiceFee"] = .int(amountServiceFee) }
        if let refundNo { object["refundNo"] = .string(refundNo) }
        return object
    }

    /// Checks the values against the server's rules.
    public func validated() throws(TossPayError) -> RefundPaymentRequest {
        try RefundPaymentRequest(fields: FieldReader(object: wireObject))
    }
}

extension PaymentStatusRequest {
    /// The request body as the partner API takes it.
    public var wireObject: JSONObject {
        ["payToken": .string(payToken), "orderNo": .string(orderNo), "isTestPayment": .bool(mode.isTestPayment)]
    }
}

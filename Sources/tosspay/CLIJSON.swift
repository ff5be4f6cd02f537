import TossPayClient

/// The JSON the CLI prints with `--json`: the API's field names.
enum CLIJSON {
    static func execution(_ result: PaymentExecution) -> JSONObject {
        [
            "mode": .string(result.mode.rawValue), "orderNo": .string(result.orderNo), "amount": .int(result.amount),
            "approvalTime": .optional(result.approvalTime), "discountedAmount": .int(result.discountedAmount),
            "paidAmount": .int(result.paidAmount), "payMethod": .optional(result.payMethod?.rawValue),
            "payToken": .string(result.payToken), "transactionId": .optional(result.transactionId),
            "cardCompanyCode": .optional(result.card.map { Int64($0.companyCode) }), "cardNumber": .optional(result.card?.cardNumber),
            "accountBankCode": .optional(result.account?.bankCode), "accountNumber": .optional(result.account?.accountNumber),
            "cashReceiptMgtKey": .optional(result.cashReceiptMgtKey), "recovered": .bool(result.recovered),
        ]
    }

    static func refund(_ result: PaymentRefund) -> JSONObject {
        [
            "refundNo": .optional(result.refundNo), "approvalTime": .optional(result.approvalTime),
            "refundableAmount": .int(result.refundableAmount), "refundedAmount": .int(result.refundedAmount),
            "refundedDiscountAmount": .int(result.refundedDiscountAmount), "refundedPaidAmount": .int(result.refundedPaidAmount),
            "payToken": .string(result.payToken), "transactionId": .optional(result.transactionId), "recovered": .bool(result.recovered),
        ]
    }

    static func details(_ details: PaymentDetails) -> JSONObject {
        [
            "mode": .string(details.mode.rawValue), "payToken": .string(details.payToken), "orderNo": .string(details.orderNo),
            "payStatus": .string(details.payStatusText), "payMethod": .optional(details.payMethod?.rawValue),
            "amount": .int(details.amount), "discountedAmount": .int(details.discountedAmount), "paidAmount": .int(details.paidAmount),
            "refundableAmount": .int(details.refundableAmount),
            "transactions": .array(details.transactions.map { step in
                .object([
                    "stepType": .string(step.stepType), "transactionId": .string(step.transactionId),
                    "transactionAmount": .int(step.transactionAmount), "paidAmount": .int(step.paidAmount), "regTs": .optional(step.regTs),
                ])
            }),
        ]
    }
}

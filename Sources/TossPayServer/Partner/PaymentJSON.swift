import TossPayCore
import TossPayStorage

/// The partner API's response bodies, field for field and in the guide's order. Fields that
/// do not apply are present with `null`.
struct PaymentJSON: Sendable {
    /// Origin of links such as `salesCheckLinkUrl`.
    let origin: String

    func salesCheckLink(_ payment: Payment) -> String? {
        guard payment.execution?.card != nil else { return nil }
        return "\(origin)/sales-check/\(payment.payToken)"
    }

    /// `make-payment`'s success.
    func made(_ payment: Payment) -> JSONObject {
        ["payToken": .string(payment.payToken)]
    }

    /// `execute-payment`'s success, with the legacy `code`, `msg`, `errorCode`.
    func executed(_ payment: Payment) -> JSONObject {
        let execution = payment.execution
        let card = execution?.card
        let account = execution?.account
        return [
            "code": .int(0),
            "mode": .string(payment.mode.rawValue),
            "orderNo": .string(payment.orderNo),
            "amount": .int(payment.amount),
            "approvalTime": .optional(execution.map { KoreaTime.format(milliseconds: $0.paidAt) }),
            "stateMsg": .string("결제 완료"),
            "discountedAmount": .int(execution?.discountedAmount ?? 0),
            "paidAmount": .int(execution?.paidAmount ?? 0),
            "payMethod": .optional(payment.method?.payMethod.rawValue),
            "payToken": .string(payment.payToken),
            "transactionId": .optional(execution?.transactionId),
            "cardCompanyCode": .optional(card.map { String($0.companyCode) }),
            "cardCompanyName": .optional(card?.companyName),
            "cardAuthorizationNo": .optional(card?.authorizationNo),
            "spreadOut": .optional(card.map { String($0.spreadOut) }),
            "noInterest": .optional(card.map { String($0.noInterest) }),
            "salesCheckLinkUrl": .optional(salesCheckLink(payment)),
            "cardMethodType": .optional(card?.methodType),
            "cardNumber": .optional(card?.maskedNumber),
            "cardUserType": .optional(card?.userType),
            "cardNum4Print": .optional(card?.last4),
            "cardBinNumber": .optional(card?.binNumber),
            "cashReceiptMgtKey": .optional(execution?.cashReceiptMgtKey),
            "accountBankCode": .optional(account?.bankCode),
            "accountBankName": .optional(account?.bankName),
            "accountNumber": .optional(account?.maskedNumber),
            "msg": .null,
            "errorCode": .null,
        ]
    }

    /// `refund-payment`'s success.
    func refunded(_ outcome: PaymentLedger.RefundOutcome) -> JSONObject {
        let payment = outcome.payment
        let step = outcome.refund
        let card = payment.execution?.card
        let account = payment.execution?.account
        return [
            "refundNo": .optional(step.refundNo),
            "approvalTime": .string(KoreaTime.format(milliseconds: step.registeredAt)),
            "cashReceiptMgtKey": .optional(payment.execution?.cashReceiptMgtKey),
            "refundableAmount": .int(step.refundableAfter ?? payment.refundableAmount),
            "discountedAmount": .int(step.discountedAfter ?? payment.currentDiscountedAmount),
            "paidAmount": .int(step.paidAfter ?? payment.currentPaidAmount),
            "refundedAmount": .int(-step.transactionAmount),
            "refundedDiscountAmount": .int(-step.discountedAmount),
            "refundedPaidAmount": .int(-step.paidAmount),
            "payToken": .string(payment.payToken),
            "transactionId": .string(step.transactionId),
            "cardMethodType": .optional(card?.methodType),
            "cardNumber": .optional(card?.maskedNumber),
            "cardUserType": .optional(card?.userType),
            "cardNum4Print": .optional(card?.last4),
            "cardBinNumber": .optional(card?.binNumber),
            "accountBankCode": .optional(account?.bankCode),
            "accountBankName": .optional(account?.bankName),
            "accountNumber": .optional(account?.maskedNumber),
        ]
    }

    /// `get-payment-status`'s success.
    func status(_ outcome: PaymentLedger.StatusOutcome) -> JSONObject {
        let payment = outcome.payment
        let execution = payment.execution
        let account = execution?.account
        let cardJSON: JSONValue = execution?.card.map { card in
            .object([
                "noInterest": .bool(card.noInterest),
                "spreadOut": .int(card.spreadOut),
                "cardAuthorizationNo": .string(card.authorizationNo),
                "cardMethodType": .string(card.methodType),
                "cardUserType": .string(card.userType),
                "cardNumber": .string(card.maskedNumber),
                "cardBinNumber": .string(card.binNumber),
                "cardNum4Print": .string(card.last4),
                "salesCheckLinkUrl": .optional(salesCheckLink(payment)),
                "cardCompanyName": .string(card.companyName),
                "cardCompanyCode": .int(card.companyCode),
            ])
        } ?? .null
        let transactions: [JSONValue] = outcome.transactions.map { step in
            .object([
                "stepType": .string(step.stepType.rawValue),
                "transactionId": .string(step.transactionId),
                "paidAmount": .int(step.paidAmount),
                "transactionAmount": .int(step.transactionAmount),
                "discountedAmount": .int(step.discountedAmount),
                "pointAmount": .int(step.pointAmount),
                "regTs": .string(KoreaTime.format(milliseconds: step.registeredAt)),
            ])
        }
        let promotionStanding = (execution?.promotionAmount ?? 0) - payment.refunded.promotion
        let pointsStanding = (execution?.pointAmount ?? 0) - payment.refunded.points
        return [
            "mode": .string(payment.mode.rawValue),
            "payToken": .string(payment.payToken),
            "orderNo": .string(payment.orderNo),
            "payStatus": .string(payment.status.rawValue),
            "payMethod": .optional(payment.method?.payMethod.rawValue),
            "amount": .int(payment.amount),
            "discountedAmount": .int(payment.currentDiscountedAmount),
            "discountAmountV2": .int(execution == nil ? 0 : promotionStanding),
            "paidPointV2": .int(execution == nil ? 0 : pointsStanding),
            "paidAmount": .int(payment.currentPaidAmount),
            "refundableAmount": .int(payment.refundableAmount),
            "amountTaxable": .int(payment.taxSplit.taxable),
            "amountTaxFree": .int(payment.taxSplit.taxFree),
            "amountVat": .int(payment.taxSplit.vat),
            "amountServiceFee": .int(payment.taxSplit.serviceFee),
            "disposableCupDeposit": .int(0),
            "accountBankCode": .optional(account?.bankCode),
            "accountBankName": .optional(account?.bankName),
            "accountNumber": .optional(account?.maskedNumber),
            "card": cardJSON,
            "transactions": .array(transactions),
            "createdTs": .string(KoreaTime.format(milliseconds: payment.createdAt)),
            "paidTs": .optional(execution.map { KoreaTime.format(milliseconds: $0.paidAt) }),
        ]
    }
}

/// What `sales-check.mustache` shows: one card payment's slip, amounts in won, the card masked.
struct SalesCheckView: Sendable {
    let paidText: String
    let orderNo: String
    let productDesc: String
    let cardCompany: String
    let cardNumber: String
    let cardType: String
    /// Installment months; nil for 일시불.
    let spreadOutMonths: Int64?
    let authorizationNo: String
    let approvedAt: String
    let amountText: String
    let discountText: String
    let taxableText: String
    let vatText: String
    let taxFreeText: String
    let refundedText: String
    let status: String
    let isTest: Bool
}

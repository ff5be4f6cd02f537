/// What `console-payment.mustache` shows: one payment's details and steps, and a refund form
/// while something is left to refund.
struct ConsolePaymentView: Sendable {
    /// How the payment was paid.
    struct Execution: Sendable {
        let paidAt: String
        let paidText: String
        let discountText: String
        /// Card company and masked number, for a card payment.
        let card: String?
        /// Bank and masked number, for an account payment.
        let account: String?
    }

    /// One PAY or REFUND step.
    struct Step: Sendable {
        let stepType: String
        let transactionId: String
        let amountText: String
        let refundNo: String
        let reason: String
        let registeredAt: String
    }

    /// The refund form, with the `refundNo` fixed when it was drawn.
    struct Refund: Sendable {
        let refundNo: String
        let refundableText: String
    }

    let merchant: ConsoleHeader
    let message: String?
    let error: String?
    let payToken: String
    let orderNo: String
    let productDesc: String
    let statusLabel: String
    let status: String
    let mode: String
    let userKey: String
    let amountText: String
    let taxableText: String
    let vatText: String
    let taxFreeText: String
    let createdAt: String
    let expiresAt: String?
    let payMethod: String?
    let execution: Execution?
    let refundedText: String
    let refundableText: String
    let settledAt: String?
    let hasSteps: Bool
    let steps: [Step]
    let refund: Refund?
}

import ArgumentParser
import Foundation
import TossPayClient

/// `tosspay pay …`: the four partner API calls through the client library.
struct Pay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call the partner API: create, execute, refund, status.",
        subcommands: [Create.self, Execute.self, Refund.self, Status.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "make-payment: create a payment, print its payToken.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The buyer's userKey (x-toss-user-key).") var userKey: String
        @Option(help: "The merchant's order number.") var orderNo: String
        @Option(help: "What is sold.") var productDesc: String
        @Option(help: "Total in won.") var amount: Int64
        @Option(help: "Tax-free part in won.") var amountTaxFree: Int64 = 0
        @Option(help: "TOSS_MONEY or CARD (default both).") var enablePayMethods: String?
        @Flag(help: "Issue a cash receipt for Toss Money.") var cashReceipt = false
        @Flag(help: "Offer no card installments.") var noInstallment = false
        @Flag(help: "A LIVE payment (isTestPayment false).") var live = false

        func run() async throws {
            try await client.run { client in
                let request = try MakePaymentRequest(
                    orderNo: orderNo, productDesc: productDesc, amount: amount, amountTaxFree: amountTaxFree,
                    enablePayMethods: EnabledPayMethods(field: enablePayMethods), cashReceipt: cashReceipt,
                    installment: noInstallment ? .notUse : .use, isTestPayment: !live
                )
                let token = try await client.makePayment(request, userKey: userKey)
                return ("payToken \(token)", ["payToken": .string(token)])
            }
        }
    }

    struct Execute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "execute-payment: charge an authenticated payment (recovers lost answers).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The buyer's userKey.") var userKey: String
        @Option(help: "The payment's token.") var payToken: String
        @Option(help: "The payment's order number (checked against the payment; recovery reads status by both).") var orderNo: String
        @Flag(help: "A LIVE payment.") var live = false

        func run() async throws {
            try await client.run { client in
                let result = try await client.executePayment(
                    ExecutePaymentRequest(payToken: payToken, mode: live ? .live : .test), orderNo: orderNo, userKey: userKey
                )
                let method = result.card.map { "card \($0.companyName ?? String($0.companyCode)) \($0.cardNumber ?? "")" }
                    ?? result.account.map { "Toss Money from \($0.bankName ?? $0.bankCode) \($0.accountNumber ?? "")" } ?? "-"
                let human = """
                결제 완료 \(result.payToken) order \(result.orderNo)
                amount \(result.amount) paid \(result.paidAmount) discounted \(result.discountedAmount) at \(result.approvalTime ?? "-")
                method \(method)\(result.recovered ? "\n(recovered through get-payment-status after a lost answer)" : "")
                """
                return (human, CLIJSON.execution(result))
            }
        }
    }

    struct Refund: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "refund-payment: refund all that is refundable, or --amount.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The buyer's userKey.") var userKey: String
        @Option(help: "The payment's token.") var payToken: String
        @Option(help: "The payment's order number (recovery reads status by both).") var orderNo: String
        @Option(help: "Why (Korean, letters, digits, space, _-:.^@()[]#/!%?&).") var reason: String
        @Option(help: "Partial amount in won (extension).") var amount: Int64?
        @Option(help: "Idempotency key (extension, ≤ 36 chars).") var refundNo: String?
        @Flag(help: "A LIVE payment.") var live = false

        func run() async throws {
            try await client.run { client in
                let result = try await client.refundPayment(
                    RefundPaymentRequest(payToken: payToken, reason: reason, mode: live ? .live : .test, amount: amount, refundNo: refundNo),
                    orderNo: orderNo, userKey: userKey
                )
                let human = "환불 \(result.refundedAmount) (paid \(result.refundedPaidAmount), discount \(result.refundedDiscountAmount)); refundable \(result.refundableAmount)"
                    + (result.recovered ? "\n(recovered through get-payment-status after a lost answer)" : "")
                return (human, CLIJSON.refund(result))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "get-payment-status: by --pay-token and --order-no (both required).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The buyer's userKey.") var userKey: String
        @Option(help: "The payment's token.") var payToken: String
        @Option(help: "The payment's order number (must be the payToken's).") var orderNo: String
        @Flag(help: "A LIVE payment.") var live = false

        func run() async throws {
            try await client.run { client in
                let details = try await client.getPaymentStatus(
                    PaymentStatusRequest(payToken: payToken, orderNo: orderNo, mode: live ? .live : .test), userKey: userKey
                )
                var lines = [
                    "\(details.payStatusText) \(details.payToken) order \(details.orderNo) amount \(details.amount) refundable \(details.refundableAmount)",
                ]
                for step in details.transactions {
                    lines.append("  \(step.stepType) \(step.transactionAmount) at \(step.regTs ?? "-") \(step.transactionId)")
                }
                return (lines.joined(separator: "\n"), CLIJSON.details(details))
            }
        }
    }
}

/// `tosspay sandbox …`: the buyer's side without a browser, and a reset of the merchant's world.
struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Act as the buyer in the checkout window (authorize, cancel), or reset the merchant's sandbox world.",
        subcommands: [Authorize.self, Cancel.self, Reset.self]
    )

    struct Authorize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm a payment as its buyer (PAY_APPROVED).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The buyer's userKey.") var userKey: String
        @Option(help: "The payment's token.") var payToken: String
        @Option(help: "TOSS_MONEY or CARD.") var payMethod: String = "TOSS_MONEY"
        @Option(help: "Card company code (1–10) for CARD.") var cardCompanyCode: Int?
        @Option(help: "Installment months for CARD.") var spreadOut: Int = 0

        func run() async throws {
            guard let method = PayMethod(rawValue: payMethod) else { throw ValidationError("--pay-method must be TOSS_MONEY or CARD") }
            try await client.run { client in
                let status = try await client.sandboxAuthorize(
                    payToken: payToken, userKey: userKey, payMethod: method, cardCompanyCode: cardCompanyCode, spreadOut: spreadOut
                )
                return ("\(status) \(payToken)", ["payToken": .string(payToken), "payStatus": .string(status)])
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the checkout window (PAY_CANCEL).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The buyer's userKey.") var userKey: String?
        @Option(help: "The payment's token.") var payToken: String

        func run() async throws {
            try await client.run { client in
                let status = try await client.sandboxCancel(payToken: payToken, userKey: userKey)
                return ("\(status) \(payToken)", ["payToken": .string(payToken), "payStatus": .string(status)])
            }
        }
    }
}

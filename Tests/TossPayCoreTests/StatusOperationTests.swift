import Testing
import TossPayCore

/// SPEC §3 get-payment-status and design.md #18: which payment a lookup finds, and its status
/// as of now — `PaymentOperations.statusPayment` (and `owned` / `existing`). The request's
/// own rules (both identifiers required) are in `ExecuteAndStatusRequestTests`.
@Suite("Operation: get-payment-status")
struct StatusOperationTests {
    static func status(
        payToken: String = "tok-1", orderNo: String = "order-1", mode: PaymentMode = .test, merchantId: String = Fixture.merchant,
        byToken: Payment? = nil, now: Int64 = Fixture.noon + 60_000
    ) throws(TossPayError) -> Payment {
        try PaymentOperations.statusPayment(
            PaymentStatusRequest(payToken: payToken, orderNo: orderNo, mode: mode), merchantId: merchantId, byToken: byToken, now: now
        )
    }

    struct TokenRow: Sendable, CustomTestStringConvertible {
        let name: String
        let merchantId: String
        let mode: PaymentMode
        let orderNo: String
        let found: Bool
        var testDescription: String { "\(name) → \(found ? "found" : "TRANSACTION_NOT_FOUND")" }
    }

    @Test(arguments: [
        TokenRow(name: "own payment by token and its orderNo", merchantId: Fixture.merchant, mode: .test, orderNo: "order-1", found: true),
        TokenRow(name: "token and another payment's orderNo", merchantId: Fixture.merchant, mode: .test, orderNo: "order-2", found: false),
        TokenRow(name: "token and its orderNo in another case", merchantId: Fixture.merchant, mode: .test, orderNo: "ORDER-1", found: false),
        TokenRow(name: "another merchant's token with its orderNo", merchantId: Fixture.otherMerchant, mode: .test, orderNo: "order-1", found: false),
        TokenRow(name: "token of the other mode with its orderNo", merchantId: Fixture.merchant, mode: .live, orderNo: "order-1", found: false),
    ])
    func aPayTokenAndOrderNoFindOnlyTheMerchantsOwnPaymentInTheRequestedMode(_ row: TokenRow) throws {
        let payment = try Fixture.made()
        if row.found {
            #expect(try Self.status(payToken: "tok-1", orderNo: row.orderNo, mode: row.mode, merchantId: row.merchantId, byToken: payment) == payment)
        } else {
            let error = thrownError {
                try Self.status(payToken: "tok-1", orderNo: row.orderNo, mode: row.mode, merchantId: row.merchantId, byToken: payment)
            }
            #expect(error?.code == .transactionNotFound)
            #expect(error?.httpStatus == 404)
        }
    }

    @Test func anUnknownPayTokenIsNotFound() {
        #expect(thrownError { try Self.status(payToken: "tok-1", orderNo: "order-1", byToken: nil) }?.code == .transactionNotFound)
    }

    @Test func aPayTokenAndAnOrderNoOfTwoPaymentsFindNeither() throws {
        // order-2 belongs to another payment of the same merchant: the pair names no payment.
        let payment = try Fixture.made(payToken: "tok-1")
        let error = thrownError { try Self.status(payToken: "tok-1", orderNo: "order-2", byToken: payment) }
        #expect(error?.code == .transactionNotFound)
        #expect(error?.reason == TossPayError(.transactionNotFound).reason, "the same answer as an unknown payToken")
    }

    struct ShownRow: Sendable, CustomTestStringConvertible {
        let status: PaymentStatus
        let sinceExpiry: Int64
        let shown: PaymentStatus
        var testDescription: String { "\(status.rawValue) at expiresAt\(sinceExpiry >= 0 ? "+" : "")\(sinceExpiry) ms shows \(shown.rawValue)" }
    }

    @Test(arguments: [
        ShownRow(status: .standby, sinceExpiry: -1, shown: .standby),
        ShownRow(status: .standby, sinceExpiry: 0, shown: .cancelled),
        ShownRow(status: .approved, sinceExpiry: -1, shown: .approved),
        ShownRow(status: .approved, sinceExpiry: 0, shown: .cancelled),
        ShownRow(status: .complete, sinceExpiry: 86_400_000, shown: .complete),
        ShownRow(status: .refunded, sinceExpiry: 86_400_000, shown: .refunded),
        ShownRow(status: .cancelled, sinceExpiry: 86_400_000, shown: .cancelled),
    ])
    func aWaitingPaymentPastItsExpiryIsShownCancelled(_ row: ShownRow) throws {
        let payment = try Fixture.payment(in: row.status)
        let now = payment.expiresAt + row.sinceExpiry
        let shown = try Self.status(payToken: payment.payToken, orderNo: payment.orderNo, byToken: payment, now: now)
        #expect(shown.status == row.shown)
        var unchanged = shown
        unchanged = try Fixture.stored(unchanged, status: payment.status)
        #expect(unchanged == payment, "only the status is shown differently")
    }

    @Test func existingAndOwnedAnswerNotFoundForNothing() throws {
        #expect(thrownError { try PaymentOperations.existing(nil) }?.code == .transactionNotFound)
        let payment = try Fixture.made()
        #expect(try PaymentOperations.existing(payment) == payment)
        #expect(try PaymentOperations.owned(payment, merchantId: Fixture.merchant, mode: .test) == payment)
        #expect(thrownError { try PaymentOperations.owned(nil, merchantId: Fixture.merchant, mode: .test) }?.code == .transactionNotFound)
    }
}

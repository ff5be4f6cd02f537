import Testing
import TossPayCore

/// SPEC §3 get-payment-status and design.md #18: which payment a lookup finds, and its status
/// as of now — `PaymentOperations.statusPayment` (and `owned` / `existing`).
@Suite("Operation: get-payment-status")
struct StatusOperationTests {
    static func status(
        payToken: String? = nil, orderNo: String? = nil, mode: PaymentMode = .test, merchantId: String = Fixture.merchant,
        byToken: Payment? = nil, byOrderNo: [Payment] = [], now: Int64 = Fixture.noon + 60_000
    ) throws(TossPayError) -> Payment {
        try PaymentOperations.statusPayment(
            PaymentStatusRequest(payToken: payToken, orderNo: orderNo, mode: mode), merchantId: merchantId, byToken: byToken,
            byOrderNo: byOrderNo, now: now
        )
    }

    struct TokenRow: Sendable, CustomTestStringConvertible {
        let name: String
        let merchantId: String
        let mode: PaymentMode
        let orderNo: String?
        let found: Bool
        var testDescription: String { "\(name) → \(found ? "found" : "TRANSACTION_NOT_FOUND")" }
    }

    @Test(arguments: [
        TokenRow(name: "own payment by token", merchantId: Fixture.merchant, mode: .test, orderNo: nil, found: true),
        TokenRow(name: "token and its orderNo", merchantId: Fixture.merchant, mode: .test, orderNo: "order-1", found: true),
        TokenRow(name: "token and another orderNo", merchantId: Fixture.merchant, mode: .test, orderNo: "order-2", found: false),
        TokenRow(name: "another merchant's token", merchantId: Fixture.otherMerchant, mode: .test, orderNo: nil, found: false),
        TokenRow(name: "another merchant's token with its orderNo", merchantId: Fixture.otherMerchant, mode: .test, orderNo: "order-1", found: false),
        TokenRow(name: "token of the other mode", merchantId: Fixture.merchant, mode: .live, orderNo: nil, found: false),
    ])
    func aPayTokenFindsOnlyTheMerchantsOwnPaymentInTheRequestedMode(_ row: TokenRow) throws {
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
        #expect(thrownError { try Self.status(payToken: "tok-1", orderNo: "order-1") }?.code == .transactionNotFound)
    }

    @Test func aTokenLookupIgnoresTheOrderNoCandidates() throws {
        let other = try Fixture.made(payToken: "tok-2")
        #expect(thrownError { try Self.status(payToken: "tok-1", byToken: nil, byOrderNo: [other]) }?.code == .transactionNotFound)
    }

    @Test func anOrderNoAloneFindsTheNewestOfTheMerchantsPaymentsInTheRequestedMode() throws {
        let foreign = try Fixture.made(payToken: "tok-foreign", merchantId: Fixture.otherMerchant)
        let live = try Fixture.made(Fixture.request(mode: .live), payToken: "tok-live")
        let newest = try Fixture.made(payToken: "tok-newest")
        let older = try Fixture.made(payToken: "tok-older")
        // The store hands them over newest first.
        let found = try Self.status(orderNo: "order-1", byOrderNo: [foreign, live, newest, older])
        #expect(found.payToken == "tok-newest")
        #expect(try Self.status(orderNo: "order-1", mode: .live, byOrderNo: [foreign, live, newest, older]).payToken == "tok-live")
    }

    @Test func anOrderNoWithNoPaymentOfTheMerchantInTheModeIsNotFound() throws {
        let foreign = try Fixture.made(payToken: "tok-foreign", merchantId: Fixture.otherMerchant)
        let live = try Fixture.made(Fixture.request(mode: .live), payToken: "tok-live")
        #expect(thrownError { try Self.status(orderNo: "order-1", byOrderNo: [foreign, live]) }?.code == .transactionNotFound)
        #expect(thrownError { try Self.status(orderNo: "order-1", byOrderNo: []) }?.code == .transactionNotFound)
    }

    @Test func neitherPayTokenNorOrderNoIsAnInvalidParameter() {
        expectInvalidParameter("payToken") { _ = try Self.status() }
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
        let byToken = try Self.status(payToken: payment.payToken, byToken: payment, now: now)
        let byOrderNo = try Self.status(orderNo: payment.orderNo, byOrderNo: [payment], now: now)
        #expect(byToken.status == row.shown)
        #expect(byOrderNo.status == row.shown)
        var unchanged = byToken
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

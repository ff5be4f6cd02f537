import Testing
import TossPayCore

/// SPEC §3 execute-payment and get-payment-status request rules, and the `x-toss-user-key`
/// header rule of §2.
@Suite("execute, status and userKey rules")
struct ExecuteAndStatusRequestTests {
    static let token = "AbCdEfGhIjKlMnOpQrStUv"

    // MARK: execute-payment

    @Test func executeWithPayTokenAndIsTestPaymentIsAccepted() throws {
        let request = try ExecutePaymentRequest(fields: fields(jsonObject([("payToken", jsonString(Self.token)), ("isTestPayment", "false")])))
        #expect(request.payToken == Self.token)
        #expect(request.orderNo == nil)
        #expect(request.mode == .live)
    }

    @Test func executeCarriesTheOptionalOrderNo() throws {
        let request = try ExecutePaymentRequest(fields: fields(jsonObject([
            ("payToken", jsonString(Self.token)), ("orderNo", jsonString("order-1")), ("isTestPayment", "true"),
        ])))
        #expect(request.orderNo == "order-1")
        #expect(request.mode == .test)
    }

    @Test func executeWithoutPayTokenIsRejected() {
        expectInvalidParameter("payToken") {
            _ = try ExecutePaymentRequest(fields: fields(jsonObject([("isTestPayment", "true")])))
        }
        expectInvalidParameter("payToken") {
            _ = try ExecutePaymentRequest(fields: fields(jsonObject([("payToken", jsonString("")), ("isTestPayment", "true")])))
        }
    }

    @Test func executeWithANonBooleanIsTestPaymentIsRejected() {
        expectInvalidParameter("isTestPayment") {
            _ = try ExecutePaymentRequest(fields: fields(jsonObject([("payToken", jsonString(Self.token)), ("isTestPayment", jsonString("true"))])))
        }
        expectInvalidParameter("isTestPayment") {
            _ = try ExecutePaymentRequest(fields: fields(jsonObject([("payToken", jsonString(Self.token))])))
        }
    }

    @Test func executeWithANumericOrderNoIsRejected() {
        expectInvalidParameter("orderNo") {
            _ = try ExecutePaymentRequest(fields: fields(jsonObject([
                ("payToken", jsonString(Self.token)), ("orderNo", "1"), ("isTestPayment", "true"),
            ])))
        }
    }

    // MARK: get-payment-status

    static func statusRequest(_ members: [(String, String?)]) throws -> PaymentStatusRequest {
        let base: [(String, String?)] = [("payToken", jsonString(token)), ("orderNo", jsonString("order-1")), ("isTestPayment", "true")]
        return try PaymentStatusRequest(fields: fields(jsonObject(applying(members, to: base))))
    }

    @Test func statusWithPayTokenAndOrderNoIsAccepted() throws {
        let request = try Self.statusRequest([("isTestPayment", "false")])
        #expect(request == PaymentStatusRequest(payToken: Self.token, orderNo: "order-1", mode: .live))
    }

    @Test(arguments: ["absent", "null"])
    func statusWithoutOrderNoIsRejectedNamingOrderNo(_ shape: String) {
        expectInvalidParameter("orderNo") { _ = try Self.statusRequest([("orderNo", shape == "null" ? "null" : nil)]) }
    }

    @Test(arguments: ["absent", "null"])
    func statusWithoutPayTokenIsRejectedNamingPayToken(_ shape: String) {
        expectInvalidParameter("payToken") { _ = try Self.statusRequest([("payToken", shape == "null" ? "null" : nil)]) }
    }

    @Test func statusWithNeitherPayTokenNorOrderNoIsRejectedNamingPayTokenFirst() {
        expectInvalidParameter("payToken") { _ = try Self.statusRequest([("payToken", nil), ("orderNo", nil)]) }
    }

    @Test func statusWithAnEmptyPayTokenOrOrderNoIsRejected() {
        expectInvalidParameter("payToken") { _ = try Self.statusRequest([("payToken", jsonString(""))]) }
        expectInvalidParameter("orderNo") { _ = try Self.statusRequest([("orderNo", jsonString(""))]) }
    }

    @Test func statusWithANonStringIdentifierIsRejected() {
        expectInvalidParameter("payToken") { _ = try Self.statusRequest([("payToken", "1")]) }
        expectInvalidParameter("orderNo") { _ = try Self.statusRequest([("orderNo", "1")]) }
    }

    @Test func statusWithAnInvalidOrderNoIsRejected() throws {
        expectInvalidParameter("orderNo") { _ = try Self.statusRequest([("orderNo", jsonString("주문#1"))]) }
        expectInvalidParameter("orderNo") { _ = try Self.statusRequest([("orderNo", jsonString(String(repeating: "o", count: 51)))]) }
        #expect(try Self.statusRequest([("orderNo", jsonString(String(repeating: "o", count: 50)))]).orderNo.count == 50)
    }

    @Test func statusWithoutIsTestPaymentIsRejected() {
        expectInvalidParameter("isTestPayment") { _ = try Self.statusRequest([("isTestPayment", nil)]) }
    }

    @Test func statusRequestWireObjectCarriesBothIdentifiers() throws {
        let request = PaymentStatusRequest(payToken: Self.token, orderNo: "order-1", mode: .test)
        #expect(try PaymentStatusRequest(fields: FieldReader(object: request.wireObject)) == request)
    }

    // MARK: x-toss-user-key

    @Test func userKeyOf64CharactersIsAccepted() throws {
        let key = String(repeating: "k", count: 64)
        #expect(try PaymentRules.validateUserKey(key) == key)
    }

    @Test func userKeyOf65CharactersIsRejected() {
        expectInvalidParameter("x-toss-user-key") { _ = try PaymentRules.validateUserKey(String(repeating: "k", count: 65)) }
    }

    @Test func emptyUserKeyIsRejected() {
        expectInvalidParameter("x-toss-user-key") { _ = try PaymentRules.validateUserKey("") }
    }

    @Test func missingUserKeyIsRejected() {
        expectInvalidParameter("x-toss-user-key") { _ = try PaymentRules.validateUserKey(nil) }
    }

    @Test func typicalUserKeysAreAccepted() throws {
        for key in ["1", "443731104", "user_1", "u-2.a:b", "AbC123"] {
            #expect(try PaymentRules.validateUserKey(key) == key)
        }
    }

    @Test(arguments: [" ", "user 1", "유저", "a/b", "a#b", "a\"b"])
    func userKeyWithOtherCharactersIsRejected(_ key: String) {
        expectInvalidParameter("x-toss-user-key") { _ = try PaymentRules.validateUserKey(key) }
    }
}

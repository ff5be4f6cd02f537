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

    @Test func statusByPayTokenAloneIsAccepted() throws {
        let request = try PaymentStatusRequest(fields: fields(jsonObject([("payToken", jsonString(Self.token)), ("isTestPayment", "true")])))
        #expect(request.payToken == Self.token)
        #expect(request.orderNo == nil)
    }

    @Test func statusByOrderNoAloneIsAccepted() throws {
        let request = try PaymentStatusRequest(fields: fields(jsonObject([("orderNo", jsonString("order-1")), ("isTestPayment", "false")])))
        #expect(request.payToken == nil)
        #expect(request.orderNo == "order-1")
        #expect(request.mode == .live)
    }

    @Test func statusWithNeitherPayTokenNorOrderNoIsRejected() {
        do {
            _ = try PaymentStatusRequest(fields: fields(jsonObject([("isTestPayment", "true")])))
            Issue.record("accepted a status request without payToken and orderNo")
        } catch let error as TossPayError {
            #expect(error.code == .commonInvalidParameter)
            #expect(reason(error.reason, names: "payToken") || reason(error.reason, names: "orderNo"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func statusWithAnInvalidOrderNoIsRejected() {
        expectInvalidParameter("orderNo") {
            _ = try PaymentStatusRequest(fields: fields(jsonObject([("orderNo", jsonString("주문#1")), ("isTestPayment", "true")])))
        }
        expectInvalidParameter("orderNo") {
            _ = try PaymentStatusRequest(fields: fields(jsonObject([("orderNo", jsonString(String(repeating: "o", count: 51))), ("isTestPayment", "true")])))
        }
    }

    @Test func statusWithoutIsTestPaymentIsRejected() {
        expectInvalidParameter("isTestPayment") {
            _ = try PaymentStatusRequest(fields: fields(jsonObject([("payToken", jsonString(Self.token))])))
        }
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

import Testing
import TossPayCore

/// SPEC §3 refund-payment request rules (reason, isTestPayment, and the documented extension
/// fields `amount`, tax parts and `refundNo`), through `RefundPaymentRequest(fields:)`.
@Suite("refund-payment request rules")
struct RefundPaymentRequestTests {
    static let base: [(String, String?)] = [
        ("payToken", jsonString("AbCdEfGhIjKlMnOpQrStUv")),
        ("reason", jsonString("고객 요청")),
        ("isTestPayment", "true"),
    ]

    func refund(_ changes: [(String, String?)] = []) throws -> RefundPaymentRequest {
        try RefundPaymentRequest(fields: fields(jsonObject(applying(changes, to: Self.base))))
    }

    func expectRejected(_ field: String, _ changes: [(String, String?)], sourceLocation: SourceLocation = #_sourceLocation) {
        expectInvalidParameter(field, sourceLocation: sourceLocation) { _ = try refund(changes) }
    }

    @Test func theMinimalRequestRefundsEverything() throws {
        let request = try refund()
        #expect(request.payToken == "AbCdEfGhIjKlMnOpQrStUv")
        #expect(request.reason == "고객 요청")
        #expect(request.mode == .test)
        #expect(request.amount == nil)
        #expect(request.refundNo == nil)
    }

    @Test func missingPayTokenIsRejected() {
        expectRejected("payToken", [("payToken", nil)])
        expectRejected("payToken", [("payToken", jsonString(""))])
    }

    // MARK: reason

    @Test func reasonOf255CharactersIsAccepted() throws {
        let text = String(repeating: "환", count: 255)
        #expect(try refund([("reason", jsonString(text))]).reason == text)
    }

    @Test func reasonOf256CharactersIsRejected() {
        expectRejected("reason", [("reason", jsonString(String(repeating: "a", count: 256)))])
    }

    @Test func emptyOrMissingReasonIsRejected() {
        expectRejected("reason", [("reason", jsonString(""))])
        expectRejected("reason", [("reason", nil)])
        expectRejected("reason", [("reason", "null")])
    }

    @Test(arguments: ["_", "-", ":", ".", "^", "@", "(", ")", "[", "]", "#", "/", "!", "%", "?", "&"])
    func reasonAllowedPunctuationIsAccepted(_ mark: String) throws {
        let text = "환불" + mark + "Ok1"
        #expect(try refund([("reason", jsonString(text))]).reason == text)
    }

    @Test func reasonInKoreanWithSpacesLettersAndDigitsIsAccepted() throws {
        let text = "단순 변심 (주문번호 A-123) 환불 요청 100% 완료!"
        #expect(try refund([("reason", jsonString(text))]).reason == text)
    }

    /// Korean typed or pasted on some systems arrives decomposed (NFD: 한 = ᄒ + ᅡ + ᆫ); it is
    /// still Korean.
    @Test func reasonInDecomposedKoreanIsAccepted() throws {
        let decomposed = "\u{1112}\u{1161}\u{11AB} \u{1112}\u{116A}\u{11AB}\u{1107}\u{116E}\u{11AF}"  // 한 환불
        #expect(try refund([("reason", jsonString(decomposed))]).reason == decomposed)
    }

    @Test(arguments: ["*", "$", "😀", "~", "'", "\"", "\\", "+", "=", ",", "\n", "\t", "é", "漢"])
    func reasonOtherCharactersAreRejected(_ bad: String) {
        expectRejected("reason", [("reason", jsonString("환불" + bad + "요청"))])
    }

    // MARK: isTestPayment

    @Test func isTestPaymentIsRequiredAndBoolean() throws {
        #expect(try refund([("isTestPayment", "false")]).mode == .live)
        expectRejected("isTestPayment", [("isTestPayment", nil)])
        expectRejected("isTestPayment", [("isTestPayment", jsonString("false"))])
    }

    // MARK: amount (extension)

    @Test func partialAmountOf1IsAccepted() throws {
        #expect(try refund([("amount", "1")]).amount == 1)
    }

    @Test func partialAmountOf0IsRejected() {
        expectRejected("amount", [("amount", "0")])
    }

    @Test func partialAmountAsAStringOrFractionIsRejected() {
        expectRejected("amount", [("amount", jsonString("100"))])
        expectRejected("amount", [("amount", "100.5")])
    }

    @Test func partialAmountAboveTheMaximumIsRejected() {
        expectRejected("amount", [("amount", "1000000000001")])
    }

    @Test func partialTaxPartsWithoutAmountAreRejected() {
        expectRejected("amountTaxFree", [("amountTaxFree", "10")])
        expectRejected("amountVat", [("amountVat", "10")])
    }

    @Test func negativePartialTaxPartIsRejected() {
        expectRejected("amountTaxFree", [("amount", "100"), ("amountTaxFree", "-1")])
        expectRejected("amountServiceFee", [("amount", "100"), ("amountServiceFee", "-1")])
    }

    @Test func partialTaxSplitFollowsTheMakePaymentRule() throws {
        let request = try refund([("amount", "4000")])
        #expect(try request.partialTaxSplit(amount: 4_000) == TaxSplit(taxable: 3_636, taxFree: 0, vat: 364, serviceFee: 0))
        let withTaxFree = try refund([("amount", "4000"), ("amountTaxFree", "4000")])
        #expect(try withTaxFree.partialTaxSplit(amount: 4_000) == TaxSplit(taxable: 0, taxFree: 4_000, vat: 0, serviceFee: 0))
    }

    // MARK: refundNo (extension)

    @Test func refundNoOf36CharactersIsAccepted() throws {
        let key = String(repeating: "r", count: 36)
        #expect(try refund([("refundNo", jsonString(key))]).refundNo == key)
    }

    @Test func refundNoOf37CharactersIsRejected() {
        expectRejected("refundNo", [("refundNo", jsonString(String(repeating: "r", count: 37)))])
    }

    @Test func emptyRefundNoIsRejected() {
        expectRejected("refundNo", [("refundNo", jsonString(""))])
    }

    @Test func refundNoAsANumberIsRejected() {
        expectRejected("refundNo", [("refundNo", "12")])
    }

    @Test func aUUIDRefundNoIsAccepted() throws {
        let key = "123e4567-e89b-12d3-a456-426614174000"
        #expect(try refund([("refundNo", jsonString(key))]).refundNo == key)
    }

    // MARK: fingerprint (same refundNo, same body)

    @Test func theSameBodyHasTheSameFingerprintAndADifferentBodyADifferentOne() throws {
        let first = try refund([("amount", "100"), ("refundNo", jsonString("r1"))])
        let again = try refund([("refundNo", jsonString("r1")), ("amount", "100")])
        let other = try refund([("amount", "101"), ("refundNo", jsonString("r1"))])
        let otherReason = try refund([("amount", "100"), ("refundNo", jsonString("r1")), ("reason", jsonString("다른 사유"))])
        #expect(first.fingerprint == again.fingerprint)
        #expect(first.fingerprint != other.fingerprint)
        #expect(first.fingerprint != otherReason.fingerprint)
    }
}

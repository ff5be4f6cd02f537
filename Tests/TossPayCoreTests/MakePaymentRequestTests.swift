import Testing
import TossPayCore

/// SPEC §3 make-payment field rules, each just inside and just outside its limit, through
/// `MakePaymentRequest(fields:)` on JSON text.
@Suite("make-payment request rules")
struct MakePaymentRequestTests {
    static let base: [(String, String?)] = [
        ("orderNo", jsonString("order-1")),
        ("productDesc", jsonString("테스트 상품")),
        ("amount", "1000"),
        ("amountTaxFree", "0"),
        ("isTestPayment", "true"),
    ]

    func make(_ changes: [(String, String?)] = []) throws -> MakePaymentRequest {
        try MakePaymentRequest(fields: fields(jsonObject(applying(changes, to: Self.base))))
    }

    func expectRejected(_ field: String, _ changes: [(String, String?)], sourceLocation: SourceLocation = #_sourceLocation) {
        expectInvalidParameter(field, sourceLocation: sourceLocation) { _ = try make(changes) }
    }

    // MARK: the minimal request

    @Test func theMinimalRequestIsAcceptedWithDefaults() throws {
        let request = try make()
        #expect(request.orderNo == "order-1")
        #expect(request.productDesc == "테스트 상품")
        #expect(request.amount == 1_000)
        #expect(request.taxSplit == TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0))
        #expect(request.enablePayMethods == .all)
        #expect(request.cashReceipt == false)
        #expect(request.cashReceiptTradeOption == .general)
        #expect(request.installment == .use)
        #expect(request.mode == .test)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let request = try make([("somethingNew", "{\"a\":[1,2]}"), ("apiKey", jsonString("sk_test"))])
        #expect(request.amount == 1_000)
    }

    @Test func aBodyThatIsNotAnObjectIsRejected() {
        for body in ["[]", "1", "\"text\"", "null", "true"] {
            do {
                _ = try MakePaymentRequest(fields: fields(body))
                Issue.record("\(body) was accepted")
            } catch let error as TossPayError {
                #expect(error.code == .commonInvalidParameter)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    // MARK: orderNo

    @Test func orderNoOf50CharactersIsAccepted() throws {
        let orderNo = String(repeating: "A", count: 50)
        #expect(try make([("orderNo", jsonString(orderNo))]).orderNo == orderNo)
    }

    @Test func orderNoOf51CharactersIsRejected() {
        expectRejected("orderNo", [("orderNo", jsonString(String(repeating: "A", count: 51)))])
    }

    @Test func orderNoOf1CharacterIsAccepted() throws {
        #expect(try make([("orderNo", jsonString("z"))]).orderNo == "z")
    }

    @Test func emptyOrderNoIsRejected() {
        expectRejected("orderNo", [("orderNo", jsonString(""))])
    }

    @Test func missingOrNullOrderNoIsRejected() {
        expectRejected("orderNo", [("orderNo", nil)])
        expectRejected("orderNo", [("orderNo", "null")])
    }

    @Test func numericOrderNoIsRejected() {
        expectRejected("orderNo", [("orderNo", "12345")])
    }

    @Test(arguments: ["_", "-", ":", ".", "^", "@", "~"])
    func orderNoAllowedPunctuationIsAccepted(_ mark: String) throws {
        let orderNo = "A1" + mark + "z9"
        #expect(try make([("orderNo", jsonString(orderNo))]).orderNo == orderNo)
    }

    @Test func orderNoOfEveryAllowedCharacterClassIsAccepted() throws {
        let orderNo = "0123456789ABCXYZabcxyz_-:.^@~"
        #expect(try make([("orderNo", jsonString(orderNo))]).orderNo == orderNo)
    }

    @Test(arguments: ["#", " ", "주문", "/", "+", "*", "\"", "ａ", "١", "é", "\t"])
    func orderNoOtherCharactersAreRejected(_ bad: String) {
        expectRejected("orderNo", [("orderNo", jsonString("order" + bad + "1"))])
    }

    // MARK: productDesc

    @Test func productDescOf255CharactersIsAccepted() throws {
        let desc = String(repeating: "가", count: 255)
        #expect(try make([("productDesc", jsonString(desc))]).productDesc == desc)
    }

    @Test func productDescOf256CharactersIsRejected() {
        expectRejected("productDesc", [("productDesc", jsonString(String(repeating: "a", count: 256)))])
    }

    @Test func emptyProductDescIsRejected() {
        expectRejected("productDesc", [("productDesc", jsonString(""))])
    }

    @Test func missingProductDescIsRejected() {
        expectRejected("productDesc", [("productDesc", nil)])
    }

    @Test(arguments: [" ", "   ", "\t", " \n ", "\u{3000}"])
    func whitespaceOnlyProductDescIsRejected(_ blank: String) {
        expectRejected("productDesc", [("productDesc", jsonString(blank))])
    }

    @Test(arguments: ["\\", "\"", "'"])
    func productDescWithBackslashOrQuoteIsRejected(_ mark: String) {
        expectRejected("productDesc", [("productDesc", jsonString("좋은" + mark + "상품"))])
    }

    @Test func productDescInKoreanWithSpacesAndPunctuationIsAccepted() throws {
        let desc = "토스 티셔츠 (L) - 1개, 50% 할인! #여름 <신상품> & 무료배송"
        #expect(try make([("productDesc", jsonString(desc))]).productDesc == desc)
    }

    // MARK: amount

    @Test func amountOf1IsAccepted() throws {
        #expect(try make([("amount", "1")]).amount == 1)
    }

    @Test func amountOf0IsRejected() {
        expectRejected("amount", [("amount", "0")])
    }

    @Test func negativeAmountIsRejected() {
        expectRejected("amount", [("amount", "-1")])
    }

    @Test func amountAsAStringIsRejected() {
        expectRejected("amount", [("amount", jsonString("10"))])
    }

    @Test(arguments: ["10.5", "10.0", "1e3", "1E2"])
    func amountThatIsNotAnIntegerLiteralIsRejected(_ literal: String) {
        expectRejected("amount", [("amount", literal)])
    }

    @Test func missingOrNullAmountIsRejected() {
        expectRejected("amount", [("amount", nil)])
        expectRejected("amount", [("amount", "null")])
    }

    @Test func amountBeyondInt64IsRejected() {
        expectRejected("amount", [("amount", "9223372036854775808")])
    }

    @Test func theMaximumAmountIsAccepted() throws {
        #expect(try make([("amount", "1000000000000")]).amount == 1_000_000_000_000)
        #expect(PaymentRules.maximumAmount == 1_000_000_000_000)
    }

    @Test func oneWonAboveTheMaximumAmountIsRejected() {
        expectRejected("amount", [("amount", "1000000000001")])
    }

    // MARK: amountTaxFree

    @Test func amountTaxFreeOf0IsAccepted() throws {
        #expect(try make([("amountTaxFree", "0")]).taxSplit.taxFree == 0)
    }

    @Test func amountTaxFreeEqualToAmountIsAccepted() throws {
        let split = try make([("amountTaxFree", "1000")]).taxSplit
        #expect(split == TaxSplit(taxable: 0, taxFree: 1_000, vat: 0, serviceFee: 0))
    }

    @Test func amountTaxFreeAboveAmountIsRejected() {
        expectRejected("amountTaxFree", [("amountTaxFree", "1001")])
    }

    @Test func negativeAmountTaxFreeIsRejected() {
        expectRejected("amountTaxFree", [("amountTaxFree", "-1")])
    }

    @Test func missingAmountTaxFreeIsRejected() {
        expectRejected("amountTaxFree", [("amountTaxFree", nil)])
    }

    @Test func amountTaxFreeAsAStringIsRejected() {
        expectRejected("amountTaxFree", [("amountTaxFree", jsonString("0"))])
    }

    // MARK: amountTaxable, amountVat, amountServiceFee

    @Test(arguments: ["amountTaxable", "amountVat", "amountServiceFee"])
    func negativeOptionalAmountPartIsRejected(_ field: String) {
        expectRejected(field, [(field, "-1")])
    }

    @Test(arguments: ["amountTaxable", "amountVat", "amountServiceFee"])
    func optionalAmountPartThatIsNotAnIntegerIsRejected(_ field: String) {
        expectRejected(field, [(field, jsonString("5"))])
        expectRejected(field, [(field, "0.5")])
    }

    @Test func optionalAmountPartsOf0AreAccepted() throws {
        let split = try make([("amountTaxable", "0"), ("amountVat", "0"), ("amountServiceFee", "0"), ("amountTaxFree", "1000")]).taxSplit
        #expect(split == TaxSplit(taxable: 0, taxFree: 1_000, vat: 0, serviceFee: 0))
    }

    @Test func optionalAmountPartsAsNullAreTreatedAsAbsent() throws {
        let split = try make([("amountTaxable", "null"), ("amountVat", "null"), ("amountServiceFee", "null")]).taxSplit
        #expect(split == TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0))
    }

    @Test func allPartsSummingToAmountAreAccepted() throws {
        let split = try make([("amountTaxFree", "100"), ("amountTaxable", "800"), ("amountVat", "80"), ("amountServiceFee", "20")]).taxSplit
        #expect(split == TaxSplit(taxable: 800, taxFree: 100, vat: 80, serviceFee: 20))
    }

    @Test func allPartsSummingOneWonOffAreRejected() {
        do {
            _ = try make([("amountTaxFree", "100"), ("amountTaxable", "800"), ("amountVat", "81"), ("amountServiceFee", "20")])
            Issue.record("accepted parts summing to 1001 for amount 1000")
        } catch let error as TossPayError {
            #expect(error.code == .commonInvalidParameter)
            #expect(reason(error.reason, names: "amountTaxable") || reason(error.reason, names: "amountVat"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func serviceFeeAboveWhatRemainsIsRejected() {
        expectRejected("amountServiceFee", [("amountTaxFree", "500"), ("amountServiceFee", "501")])
    }

    // MARK: enablePayMethods

    @Test func enablePayMethodsTossMoneyOffersOnlyTossMoney() throws {
        let methods = try make([("enablePayMethods", jsonString("TOSS_MONEY"))]).enablePayMethods
        #expect(methods.allows(.tossMoney))
        #expect(!methods.allows(.card))
    }

    @Test func enablePayMethodsCardOffersOnlyCard() throws {
        let methods = try make([("enablePayMethods", jsonString("CARD"))]).enablePayMethods
        #expect(methods.allows(.card))
        #expect(!methods.allows(.tossMoney))
    }

    @Test(arguments: ["null", "\"\"", "\"BOTH\"", "\"card\"", "42", "[\"CARD\"]", "true"])
    func enablePayMethodsNullOrAnyOtherValueOffersBoth(_ literal: String) throws {
        let methods = try make([("enablePayMethods", literal)]).enablePayMethods
        #expect(methods.allows(.card))
        #expect(methods.allows(.tossMoney))
    }

    // MARK: cashReceipt

    @Test func cashReceiptTrueIsAccepted() throws {
        #expect(try make([("cashReceipt", "true")]).cashReceipt == true)
    }

    @Test func cashReceiptNullOrAbsentIsFalse() throws {
        #expect(try make([("cashReceipt", "null")]).cashReceipt == false)
        #expect(try make([("cashReceipt", nil)]).cashReceipt == false)
        #expect(try make([("cashReceipt", "false")]).cashReceipt == false)
    }

    @Test func cashReceiptAsAStringIsRejected() {
        expectRejected("cashReceipt", [("cashReceipt", jsonString("true"))])
    }

    @Test func cashReceiptAsANumberIsRejected() {
        expectRejected("cashReceipt", [("cashReceipt", "1")])
    }

    // MARK: cashReceiptTradeOption

    @Test(arguments: [
        ("GENERAL", CashReceiptTradeOption.general),
        ("CULTURE", .culture),
        ("PUBLIC_TP", .publicTransport),
    ])
    func cashReceiptTradeOptionValidValueIsAccepted(_ text: String, _ expected: CashReceiptTradeOption) throws {
        #expect(try make([("cashReceiptTradeOption", jsonString(text))]).cashReceiptTradeOption == expected)
    }

    @Test func cashReceiptTradeOptionNullOrAbsentIsGeneral() throws {
        #expect(try make([("cashReceiptTradeOption", "null")]).cashReceiptTradeOption == .general)
        #expect(try make().cashReceiptTradeOption == .general)
    }

    @Test(arguments: ["\"general\"", "\"PUBLIC\"", "\"\"", "1"])
    func cashReceiptTradeOptionInvalidValueIsRejected(_ literal: String) {
        expectRejected("cashReceiptTradeOption", [("cashReceiptTradeOption", literal)])
    }

    // MARK: installment

    @Test func installmentUseAndNotUseAreAccepted() throws {
        #expect(try make([("installment", jsonString("USE"))]).installment == .use)
        #expect(try make([("installment", jsonString("NOT_USE"))]).installment == .notUse)
    }

    @Test func installmentNullOrAbsentIsUse() throws {
        #expect(try make([("installment", "null")]).installment == .use)
        #expect(try make([("installment", nil)]).installment == .use)
    }

    @Test(arguments: ["\"use\"", "\"NO\"", "\"\"", "true"])
    func installmentInvalidValueIsRejected(_ literal: String) {
        expectRejected("installment", [("installment", literal)])
    }

    // MARK: isTestPayment

    @Test func isTestPaymentTrueIsTestAndFalseIsLive() throws {
        #expect(try make([("isTestPayment", "true")]).mode == .test)
        #expect(try make([("isTestPayment", "false")]).mode == .live)
    }

    @Test func missingOrNullIsTestPaymentIsRejected() {
        expectRejected("isTestPayment", [("isTestPayment", nil)])
        expectRejected("isTestPayment", [("isTestPayment", "null")])
    }

    @Test(arguments: ["\"true\"", "1", "0", "\"TEST\""])
    func isTestPaymentThatIsNotABooleanIsRejected(_ literal: String) {
        expectRejected("isTestPayment", [("isTestPayment", literal)])
    }
}

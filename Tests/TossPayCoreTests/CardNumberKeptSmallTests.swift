import Foundation
import Testing
import TossPayCore

/// SPEC §8 "Data kept small": a buyer's card number is never kept whole. A number given in
/// `POST /sandbox/v1/users` and the standard buyer's generated numbers are held as
/// `BIN6 + "******" + last4`; everything that shows a card (masked number, BIN, last 4, the
/// card details of a payment) shows exactly what it showed when the full number was kept.
@Suite("Sandbox user: card numbers kept as BIN6 + last 4")
struct CardNumberKeptSmallTests {
    struct GivenNumber: Sendable, CustomTestStringConvertible {
        let name: String
        let cardNumber: String
        /// What is kept and shown, or nil when the number is refused.
        let kept: String?
        var testDescription: String { name }
    }

    static let givenNumbers: [GivenNumber] = [
        GivenNumber(name: "16 digits (just inside)", cardNumber: "5412345678901234", kept: "541234******1234"),
        GivenNumber(name: "16 digits, all one digit", cardNumber: "9999999999999999", kept: "999999******9999"),
        GivenNumber(name: "15 digits (just outside)", cardNumber: "541234567890123", kept: nil),
        GivenNumber(name: "17 digits (just outside)", cardNumber: "54123456789012345", kept: nil),
        GivenNumber(name: "already masked is not 16 digits", cardNumber: "541234******1234", kept: nil),
    ]

    @Test(arguments: givenNumbers)
    func aGivenCardNumberIsKeptMasked(_ row: GivenNumber) throws {
        let body = #"{"userKey": "kept-1", "cards": [{"cardCompanyCode": 4, "cardNumber": "\#(row.cardNumber)"}]}"#
        guard let kept = row.kept else {
            let error = #expect(throws: TossPayError.self) { try SandboxUser(fields: fields(body), merchantId: "m1") }
            #expect(error?.code == .commonInvalidParameter)
            #expect(error?.reason.hasPrefix("cards[0].cardNumber") == true, "\(String(describing: error))")
            return
        }
        let user = try SandboxUser(fields: fields(body), merchantId: "m1")
        let card = try #require(user.card(company: 4))
        #expect(card.number == kept, "stored as BIN6******last4")
        #expect(card.number.count == 16)
        #expect(!card.number.contains(row.cardNumber))
        #expect(Masking.cardNumber(card.number) == kept)
        #expect(Masking.cardBin(card.number) == String(kept.prefix(6)))
        #expect(Masking.cardLast4(card.number) == String(kept.suffix(4)))
    }

    /// The standard buyer of `u1` as it was generated with full numbers (FNV-1a seed, then the
    /// linear congruential digits: BIN6 + 10 digits per supported company), written out here.
    static let standardShown: [Int: String] = [
        1: "541111******8874", 2: "542222******3793", 3: "543333******0851", 4: "544444******0731",
        5: "545555******7880", 6: "546666******5119", 7: "547777******6145", 8: "548888******8749",
        10: "551110******2298",
    ]

    @Test func theStandardBuyersCardsAreKeptMaskedAndShowAsBefore() {
        let user = SandboxUser.standard(merchantId: "m1", userKey: "u1")
        #expect(user.bankAccount?.accountNumber == "100811310425", "the same digits as before: the account comes first")
        #expect(Dictionary(uniqueKeysWithValues: user.cards.map { ($0.companyCode, $0.number) }) == Self.standardShown)
        for card in user.cards {
            let shown = Self.standardShown[card.companyCode] ?? "?"
            #expect(card.number.wholeMatch(of: /[0-9]{6}\*{6}[0-9]{4}/) != nil, "\(card.number)")
            #expect(Masking.cardNumber(card.number) == shown)
            #expect(Masking.cardBin(card.number) == String(shown.prefix(6)))
            #expect(Masking.cardLast4(card.number) == String(shown.suffix(4)))
        }
        #expect(SandboxUser.standard(merchantId: "m1", userKey: "u1") == user, "still deterministic")
    }

    /// Cards given without a number get generated ones, kept masked too.
    @Test func aGeneratedNumberOfAGivenCardIsKeptMasked() throws {
        let user = try SandboxUser(fields: fields(#"{"userKey": "kept-2", "cards": [{"cardCompanyCode": 1}]}"#), merchantId: "m1")
        let number = try #require(user.card(company: 1)?.number)
        #expect(number.wholeMatch(of: /541111\*{6}[0-9]{4}/) != nil, "\(number)")
    }

    /// A payment with the card shows the masked number, BIN and last 4 as before.
    @Test func aCardPaymentShowsTheSameDetails() throws {
        var user = try SandboxUser(fields: fields(#"{"userKey": "kept-3", "cards": [{"cardCompanyCode": 4, "cardNumber": "5412345678909876"}]}"#), merchantId: "m1")
        let request = MakePaymentRequest(
            orderNo: "order-1", productDesc: "상품", amount: 12_000,
            taxSplit: TaxSplit(taxable: 12_000, taxFree: 0, vat: 0, serviceFee: 0), mode: .test
        )
        let payment = Payment(payToken: "tok-1", merchantId: "m1", userKey: "kept-3", request: request, createdAt: 0, expiresAt: 900_000)
        let result = try user.pay(
            payment, choice: Payment.MethodChoice(payMethod: .card, cardCompanyCode: 4, spreadOut: 0, authorizedAt: 0),
            paidAmount: 12_000, promotion: 0, points: 0, authorizationNo: "00000001"
        )
        let card = try #require(result.card)
        #expect(card.maskedNumber == "541234******9876")
        #expect(card.binNumber == "541234")
        #expect(card.last4 == "9876")
    }

    /// Masking an already-masked number gives it back; a full number masks as always.
    @Test(arguments: [
        ("541234******1234", "541234******1234"),
        ("5412345678901234", "541234******1234"),
        ("5412-3456-7890-1234", "541234******1234"),
    ])
    func maskingIsIdempotent(input: String, shown: String) {
        #expect(Masking.cardNumber(input) == shown)
        #expect(Masking.cardNumber(Masking.cardNumber(input)) == shown)
        #expect(Masking.cardBin(input) == String(shown.prefix(6)))
        #expect(Masking.cardLast4(input) == String(shown.suffix(4)))
    }

    /// An old record with a full number decodes masked; the keys are the ones ever written.
    @Test func anOldRecordWithAFullNumberDecodesMasked() throws {
        let record = #"{"companyCode":4,"number":"5412345678909876","methodType":"CHECK","userType":"PERSONAL","limit":100000,"used":0}"#
        let card = try JSONDecoder().decode(SandboxUser.Card.self, from: Data(record.utf8))
        #expect(card.number == "541234******9876")
        #expect(card.methodType == .check && card.limit == 100_000 && card.used == 0 && card.companyCode == 4)
        let encoded = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        #expect(encoded.contains(#""number":"541234******9876""#), "\(encoded)")
        #expect(!encoded.contains("5412345678909876"))
        for key in ["companyCode", "methodType", "userType", "limit", "used"] { #expect(encoded.contains("\"\(key)\""), "\(key)") }
    }
}

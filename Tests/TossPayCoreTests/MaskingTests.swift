import Testing
import TossPayCore

/// SPEC §3 execute response (`BIN6 + "******" + last4`, masked account numbers) and §4 "no card
/// number or account number appears unmasked".
@Suite("Masking")
struct MaskingTests {
    @Test func aSixteenDigitCardIsBin6SixStarsLast4() {
        #expect(Masking.cardNumber("5433123456781234") == "543312******1234")
    }

    @Test func cardNumberSeparatorsAreDropped() {
        #expect(Masking.cardNumber("5433-1234-5678-1234") == "543312******1234")
        #expect(Masking.cardNumber("5433 1234 5678 1234") == "543312******1234")
    }

    @Test func fifteenAndNineteenDigitCardsKeepTheSameShape() {
        #expect(Masking.cardNumber("376912345678901") == "376912******8901")
        #expect(Masking.cardNumber("6212345678901234567") == "621234******4567")
    }

    @Test func binAndLast4AreTheFirstSixAndLastFourDigits() {
        #expect(Masking.cardBin("5433-1234-5678-1234") == "543312")
        #expect(Masking.cardLast4("5433-1234-5678-1234") == "1234")
    }

    @Test func aCardNumberTooShortToMaskIsAllStars() {
        #expect(Masking.cardNumber("123456789") == "*********")
        #expect(Masking.cardNumber("") == "")
    }

    /// However long the input, the masked form must hide at least one digit, or it is the
    /// number itself with stars inserted.
    @Test(arguments: 1...19)
    func aMaskedCardNumberNeverRevealsEveryDigit(length: Int) {
        let digits = String((0..<length).map { Character(String(($0 * 7 + 3) % 10)) })
        let masked = Masking.cardNumber(digits)
        let shownDigits = masked.filter(\.isWholeNumber).count
        #expect(shownDigits < length, "\(digits) → \(masked)")
    }

    @Test func theGuidesAccountShapeIsFirst3StarsLast3() {
        #expect(Masking.accountNumber("10012345094") == "100*****094")
    }

    @Test func aTwelveDigitAccountHidesSixDigits() {
        #expect(Masking.accountNumber("100123456789") == "100******789")
    }

    @Test func accountNumberSeparatorsAreDropped() {
        #expect(Masking.accountNumber("100-1234-5094") == "100*****094")
    }

    @Test func aSevenDigitAccountKeepsAtLeastHalfHidden() {
        #expect(Masking.accountNumber("1234567") == "1*****7", "at least half of a short number stays hidden")
    }

    @Test func shortAccountsShowAQuarterAtEachEndAndTinyOnesNothing() {
        #expect(Masking.accountNumber("123456") == "1****6")
        #expect(Masking.accountNumber("123456789") == "12*****89")
        #expect(Masking.accountNumber("1234567890") == "123****890", "from 10 digits the guide's 3 + 3")
        #expect(Masking.accountNumber("123") == "***")
        #expect(Masking.accountNumber("12") == "**")
    }
}

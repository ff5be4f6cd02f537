import Testing
import TossPayCore

/// SPEC §8 "Data kept small": merchant and promotion names are 1–100 characters, not only
/// white space, and refuse control characters.
@Suite("Display names")
struct NameRuleTests {
    @Test(arguments: [
        ("가", true), (String(repeating: "가", count: 100), true), ("즉시 할인 10%", true), ("🎁 선물", true),
        ("", false), (String(repeating: "가", count: 101), false), ("   ", false),
        ("할인\u{0}", false), ("할인\n", false), ("\u{1B}[31m할인", false), ("할\t인", false), ("할인\u{7F}", false),
    ])
    func namesAreShortVisibleTextWithoutControlCharacters(_ name: String, _ accepted: Bool) {
        var error: TossPayError?
        do throws(TossPayError) {
            try PaymentRules.validateName(name, field: "name")
        } catch let refusal {
            error = refusal
        }
        if accepted {
            #expect(error == nil, "\(name.debugDescription): \(error?.reason ?? "")")
        } else {
            #expect(error?.code == .commonInvalidParameter, "\(name.debugDescription) must be refused")
            #expect(error?.reason.hasPrefix("name:") == true)
        }
    }
}

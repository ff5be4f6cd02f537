import Testing
import TossPayCore

/// A JSON string that is exactly `"${name:path}"` stands for an earlier step's value; one that
/// starts with `${` but is not a whole reference is an error (never sent as typed); `$${`
/// escapes a literal.
@Suite("Fixture references")
struct FixtureReferenceTests {
    @Test(arguments: [
        ("${make:success.payToken}", "make", "success.payToken"),
        ("${st:success.transactions[0].transactionId}", "st", "success.transactions[0].transactionId"),
        ("${a-1_B:[0]}", "a-1_B", "[0]"),
        ("${make:resultType}", "make", "resultType"),
    ])
    func aWholeReferenceNamesAStepAndAPath(text: String, step: String, path: String) throws {
        let parsed = try FixtureReference.parse(text)
        #expect(parsed == .reference(FixtureReference(step: step, path: try JSONPath(parsing: path))))
    }

    @Test(arguments: [
        ("plain text", "plain text"),
        ("", ""),
        ("$make", "$make"),
        ("{make:success}", "{make:success}"),
        ("price ${make:success.amount}", "price ${make:success.amount}"),
        ("$${make:success.payToken}", "${make:success.payToken}"),
        ("$${", "${"),
    ])
    func anyOtherStringIsLiteral(text: String, literal: String) throws {
        #expect(try FixtureReference.parse(text) == .literal(literal))
    }

    @Test(arguments: [
        ("${make:success.payToken", "missing its closing }"),
        ("${", "missing its closing }"),
        ("${}", "needs a :"),
        ("${make}", "needs a :"),
        ("${:success}", "names no valid step"),
        ("${ma ke:success}", "names no valid step"),
        ("${make:}", "the path is empty"),
        ("${make:success..payToken}", "an empty key"),
        ("${make:success[x]}", "an index must be digits"),
        ("${\(String(repeating: "a", count: 65)):x}", "names no valid step"),
    ])
    func aBrokenReferenceIsAnError(text: String, reason: String) {
        #expect {
            _ = try FixtureReference.parse(text)
        } throws: { error in
            (error as? JSONPath.Failure)?.message.contains(reason) == true
        }
    }

    @Test func aStepNameOf64CharactersIsJustInside() throws {
        let name = String(repeating: "a", count: 64)
        #expect(try FixtureReference.parse("${\(name):x}") == .reference(FixtureReference(step: name, path: try JSONPath(parsing: "x"))))
    }
}

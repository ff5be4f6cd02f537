import Testing
import TossPayCore

/// SPEC §4 "bad input of any shape gets a FAIL envelope with a clear reason, never a crash":
/// the strict RFC 8259 parser every request body goes through.
@Suite("JSON parser")
struct JSONParserTests {
    let parser = JSONParser()

    // MARK: valid documents

    @Test func aRequestBodyParsesIntoTypedValues() throws {
        let value = try parser.parse(#"{"orderNo":"o-1","amount":1000,"rate":-1.5e3,"ok":true,"no":false,"none":null,"list":[1,"two",[]],"obj":{}}"#)
        guard case .object(let object) = value else { Issue.record("not an object: \(value)"); return }
        #expect(object["orderNo"] == .string("o-1"))
        #expect(object["amount"] == .number("1000"))
        #expect(object["rate"] == .number("-1.5e3"))
        #expect(object["ok"] == .bool(true))
        #expect(object["no"] == .bool(false))
        #expect(object["none"] == .null)
        #expect(object["list"] == .array([.number("1"), .string("two"), .array([])]))
        #expect(object["obj"] == .object(JSONObject()))
        #expect(object["missing"] == nil)
    }

    @Test(arguments: ["0", "-0", "1", "123", "-5", "0.5", "1e10", "1E+2", "2e-3", "-0.0"])
    func validNumbersAreKeptAsWritten(_ literal: String) throws {
        #expect(try parser.parse(literal) == .number(literal))
    }

    @Test func whitespaceAroundTokensIsAllowed() throws {
        let value = try parser.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] } \n")
        #expect(value == .object(["a": .array([.number("1"), .number("2")])]))
    }

    @Test func keyOrderIsPreserved() throws {
        let value = try parser.parse(#"{"z":1,"a":2,"m":3}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.members.map(\.key) == ["z", "a", "m"])
    }

    @Test func aRepeatedKeyKeepsItsFirstPlaceAndItsLastValue() throws {
        let value = try parser.parse(#"{"a":1,"b":2,"a":3}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.members.map(\.key) == ["a", "b"])
        #expect(object["a"] == .number("3"))
    }

    @Test func escapesAreDecoded() throws {
        let value = try parser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\uAC00\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tAé가😀"))
    }

    @Test func koreanTextIsReadAsUTF8() throws {
        #expect(try parser.parse("\"토스페이 결제\"") == .string("토스페이 결제"))
    }

    @Test func anEscapedNulIsAllowedInsideAString() throws {
        #expect(try parser.parse(#""a\u0000b""#) == .string("a\u{0}b"))
    }

    // MARK: integerValue

    @Test func integerValueReadsIntegerLiterals() {
        #expect(JSONValue.number("10").integerValue == 10)
        #expect(JSONValue.number("-7").integerValue == -7)
        #expect(JSONValue.number("0").integerValue == 0)
        #expect(JSONValue.number("9223372036854775807").integerValue == Int64.max)
        #expect(JSONValue.number("-9223372036854775808").integerValue == Int64.min)
    }

    @Test func integerValueRefusesFractionsExponentsAndOverflow() {
        #expect(JSONValue.number("10.0").integerValue == nil)
        #expect(JSONValue.number("1e3").integerValue == nil)
        #expect(JSONValue.number("1E3").integerValue == nil)
        #expect(JSONValue.number("9223372036854775808").integerValue == nil)
        #expect(JSONValue.number("-9223372036854775809").integerValue == nil)
    }

    @Test func integerValueOfOtherTypesIsNil() {
        #expect(JSONValue.string("10").integerValue == nil)
        #expect(JSONValue.bool(true).integerValue == nil)
        #expect(JSONValue.null.integerValue == nil)
    }

    @Test func aParsedIntegerHasItsIntegerValue() throws {
        #expect(try parser.parse("10").integerValue == 10)
        #expect(try parser.parse("10.0").integerValue == nil)
        #expect(try parser.parse("1e3").integerValue == nil)
        #expect(try parser.parse("99999999999999999999").integerValue == nil)
    }

    // MARK: invalid documents

    @Test(arguments: [
        ("empty input", ""),
        ("only whitespace", "   "),
        ("trailing comma in array", "[1,2,]"),
        ("trailing comma in object", #"{"a":1,}"#),
        ("single-quoted string", "'a'"),
        ("single-quoted key", "{'a':1}"),
        ("unquoted key", "{a:1}"),
        ("unterminated string", #""abc"#),
        ("unterminated object", #"{"a":1"#),
        ("unterminated array", "[1,2"),
        ("missing colon", #"{"a" 1}"#),
        ("missing value", #"{"a":}"#),
        ("raw newline in string", "\"a\nb\""),
        ("raw tab in string", "\"a\tb\""),
        ("raw NUL in string", "\"a\u{0}b\""),
        ("bad escape", #""\x41""#),
        ("short unicode escape", #""\u12""#),
        ("non-hex unicode escape", #""\u12G4""#),
        ("lone high surrogate", #""\ud800""#),
        ("high surrogate then text", #""\ud800abc""#),
        ("high surrogate then non-surrogate escape", #""\ud800\u0041""#),
        ("lone low surrogate", #""\udc00""#),
        ("leading zero", "012"),
        ("negative leading zero", "-012"),
        ("leading plus", "+1"),
        ("bare minus", "-"),
        ("trailing dot", "1."),
        ("leading dot", ".5"),
        ("exponent without digits", "1e"),
        ("hex number", "0x10"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("truncated literal", "tru"),
        ("capitalised literal", "True"),
        ("trailing garbage after object", "{} x"),
        ("two documents", "1 2"),
        ("trailing garbage after literal", "nullx"),
        ("comment", "{} // c"),
        ("unbalanced close", "]"),
    ])
    func invalidDocumentsAreRejected(_ name: String, _ text: String) {
        #expect(throws: JSONParser.Failure.self, "\(name)") { _ = try parser.parse(text) }
    }

    @Test(arguments: [
        ("lone continuation byte", [0x22, 0x80, 0x22]),
        ("0xFF byte", [0x22, 0xFF, 0x22]),
        ("overlong slash", [0x22, 0xC0, 0xAF, 0x22]),
        ("truncated three-byte sequence", [0x22, 0xEA, 0xB0, 0x22]),
        ("encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]),
        ("beyond U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
        ("invalid byte before an escape", [0x22, 0xFF, 0x5C, 0x6E, 0x22]),
        ("invalid byte outside a string", [0x7B, 0xFF, 0x7D]),
        ("invalid byte as a key", [0x7B, 0x22, 0xFE, 0x22, 0x3A, 0x31, 0x7D]),
    ] as [(String, [UInt8])])
    func invalidUTF8IsRejected(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: JSONParser.Failure.self, "\(name)") { _ = try parser.parse(bytes) }
    }

    @Test func aFailureSaysWhereParsingStopped() throws {
        let error = #expect(throws: JSONParser.Failure.self) { _ = try parser.parse("[1,2,]") }
        let failure = try #require(error)
        #expect(failure.offset == 5)
        #expect(!failure.message.isEmpty)
    }

    // MARK: nesting

    @Test func arraysNested32DeepAreAccepted() throws {
        let text = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        _ = try parser.parse(text)
    }

    @Test func arraysNested33DeepAreRejected() {
        let text = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: JSONParser.Failure.self) { _ = try parser.parse(text) }
    }

    @Test func objectsNested32DeepAreAcceptedAnd33Rejected() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        }
        _ = try parser.parse(nested(32))
        #expect(throws: JSONParser.Failure.self) { _ = try parser.parse(nested(33)) }
    }

    @Test func mixedNestingIsCountedAcrossArraysAndObjects() throws {
        let open = String(repeating: #"[{"a":"#, count: 16)  // 16 × 2 = 32 levels
        let close = String(repeating: "}]", count: 16)
        _ = try parser.parse(open + "1" + close)
        #expect(throws: JSONParser.Failure.self) { _ = try parser.parse(open + "[]" + close) }  // 33 levels
    }

    @Test func aMillionOpeningBracketsAreRejectedWithoutCrashing() {
        let text = String(repeating: "[", count: 1_000_000)
        #expect(throws: JSONParser.Failure.self) { _ = try parser.parse(text) }
    }

    @Test func theDepthLimitIsConfigurable() throws {
        let two = "[[]]"
        _ = try JSONParser(maximumDepth: 2).parse(two)
        #expect(throws: JSONParser.Failure.self) { _ = try JSONParser(maximumDepth: 1).parse(two) }
    }
}

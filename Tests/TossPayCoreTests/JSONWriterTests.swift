import Testing
import TossPayCore
import TossPayTestSupport

/// Responses are compact JSON, keys in order, text as UTF-8 (SPEC §2: UTF-8 envelopes).
@Suite("JSON writer")
struct JSONWriterTests {
    @Test func theEnvelopeIsWrittenCompactlyWithKeysInOrder() {
        let value = JSONValue.object([
            "resultType": .string("SUCCESS"),
            "success": .object(["payToken": .string("abc"), "amount": .int(Int64(1000)), "msg": .null, "ok": .bool(true)]),
        ])
        #expect(JSONWriter.string(value) == #"{"resultType":"SUCCESS","success":{"payToken":"abc","amount":1000,"msg":null,"ok":true}}"#)
    }

    @Test func arraysAndEmptyContainers() {
        #expect(JSONWriter.string(.array([])) == "[]")
        #expect(JSONWriter.string(.object(JSONObject())) == "{}")
        #expect(JSONWriter.string(.array([.number("1"), .bool(false), .null, .string("x")])) == #"[1,false,null,"x"]"#)
    }

    @Test func quotesAndBackslashesAreEscaped() {
        #expect(JSONWriter.string(.string(#"a"b\c"#)) == #""a\"b\\c""#)
    }

    @Test func controlCharactersAreEscaped() {
        #expect(JSONWriter.string(.string("a\nb\rc\td")) == #""a\nb\rc\td""#)
        #expect(JSONWriter.string(.string("\u{0}\u{1}\u{1F}")) == #""\u0000\u0001\u001f""#)
        let allControls = String(String.UnicodeScalarView((0..<UInt8(0x20)).map { Unicode.Scalar($0) }))
        let bytes = JSONWriter.bytes(.string(allControls))
        #expect(!bytes.contains { $0 < 0x20 }, "no raw control byte may appear in the output")
    }

    @Test func koreanIsWrittenAsUTF8NotEscaped() {
        let bytes = JSONWriter.bytes(.string("결제 완료"))
        #expect(bytes == Array("\"결제 완료\"".utf8))
    }

    @Test func keysAreEscapedToo() {
        #expect(JSONWriter.string(.object(["a\"b": .null])) == #"{"a\"b":null}"#)
    }

    @Test func removingAKeyKeepsTheOtherKeysInOrderAndFindable() {
        var object: JSONObject = ["a": .number("1"), "b": .number("2"), "c": .number("3")]
        object["b"] = nil
        object["d"] = .number("4")
        object["a"] = .number("5")
        #expect(object.members.map(\.key) == ["a", "c", "d"])
        #expect(object["a"] == .number("5"))
        #expect(object["b"] == nil)
        #expect(object["c"] == .number("3"))
        #expect(object["d"] == .number("4"))
        #expect(object.count == 3)
        #expect(JSONWriter.string(.object(object)) == #"{"a":5,"c":3,"d":4}"#)
    }

    @Test func writtenTextParsesBackToTheSameValue() throws {
        let value = JSONValue.object([
            "text": .string("토스 \"따옴표\" \\ 역슬래시\n줄바꿈\t탭\u{1}😀"),
            "numbers": .array([.number("0"), .number("-12"), .number("3.25"), .number("1e9")]),
            "nested": .object(["z": .array([.object(["y": .bool(false)])]), "a": .null]),
        ])
        let text = JSONWriter.string(value)
        #expect(try JSONParser().parse(text) == value)
    }

    @Test func compactTextRoundTripsByteForByte() throws {
        let text = #"{"b":[1,2.5,-3e2,"é",{"k":null}],"a":{"x":true,"y":false},"c":"\"\\\n"}"#
        #expect(JSONWriter.string(try JSONParser().parse(text)) == text)
    }

    @Test func randomStringsRoundTrip() throws {
        var random = SplitMix64(seed: 5)
        let pool: [Unicode.Scalar] = ["a", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "\u{7F}", "가", "😀", "\u{2028}", " "]
        for _ in 0..<300 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                scalars.append(pool[Int.random(in: 0..<pool.count, using: &random)])
            }
            let value = JSONValue.string(String(scalars))
            #expect(try JSONParser().parse(JSONWriter.bytes(value)) == value)
        }
    }
}

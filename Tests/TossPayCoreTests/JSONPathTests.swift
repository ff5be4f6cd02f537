import Testing
import TossPayCore

/// The paths a fixture reference follows into an earlier step's response (`success.payToken`,
/// `success.transactions[0].transactionId`): the grammar, and every way a path can miss.
@Suite("JSON path")
struct JSONPathTests {
    /// A get-payment-status envelope, written out as the server sends it.
    static let status = #"""
    {"resultType":"SUCCESS","success":{"payToken":"tok_1","amount":1000,"card":null,"paid":true,
     "transactions":[{"stepType":"PAY","transactionId":"t-1","transactionAmount":1000},
                     {"stepType":"REFUND","transactionId":"t-2","transactionAmount":-400}],
     "tags":[],"nested":[[10,20]],"odd key":"spaced","ratio":1.5}}
    """#

    static func document() throws -> JSONValue { try JSONParser().parse(status) }

    @Test(arguments: [
        ("resultType", JSONValue.string("SUCCESS")),
        ("success.payToken", .string("tok_1")),
        ("success.amount", .number("1000")),
        ("success.card", .null),
        ("success.paid", .bool(true)),
        ("success.transactions[0].transactionId", .string("t-1")),
        ("success.transactions[1].transactionAmount", .number("-400")),
        ("success.nested[0][1]", .number("20")),
        ("success.odd key", .string("spaced")),
        ("success.ratio", .number("1.5")),
        ("success.tags", .array([])),
    ])
    func aPathFindsTheValueWithItsJSONType(path: String, expected: JSONValue) throws {
        #expect(try JSONPath(parsing: path).value(in: try Self.document()) == expected)
    }

    @Test func aPathMayStartWithAnIndexIntoATopLevelArray() throws {
        let document = try JSONParser().parse(#"[{"id":7},{"id":8}]"#)
        #expect(try JSONPath(parsing: "[1].id").value(in: document) == .number("8"))
    }

    @Test func componentsAreReadInOrder() throws {
        #expect(try JSONPath(parsing: "a.b[3][0].c").components == [.key("a"), .key("b"), .index(3), .index(0), .key("c")])
        #expect(try JSONPath(parsing: "a.b[3][0].c").description == "a.b[3][0].c")
    }

    @Test(arguments: [
        ("", "the path is empty"),
        ("a..b", "an empty key"),
        ("a.", "an empty key"),
        (".a", "an empty key"),
        ("a[]", "an empty index"),
        ("a[x]", "an index must be digits"),
        ("a[-1]", "an index must be digits"),
        ("a[1", "an index must be digits"),
        ("a[0]b", "unexpected \"b\""),
        ("a]", "unexpected \"]\""),
        ("a[1234567890]", "over 9 digits"),
        ("a{b}", "unexpected \"{\""),
    ])
    func aMalformedPathIsRefusedSayingWhy(path: String, reason: String) {
        #expect {
            _ = try JSONPath(parsing: path)
        } throws: { error in
            (error as? JSONPath.Failure)?.message.contains(reason) == true
        }
    }

    @Test func nineDigitsAreJustInsideTheIndexLimit() throws {
        #expect(try JSONPath(parsing: "a[123456789]").components == [.key("a"), .index(123_456_789)])
    }

    @Test(arguments: [
        ("success.transactions[2]", "index [2] is out of range: success.transactions has 2 elements"),
        ("success.tags[0]", "index [0] is out of range: success.tags has 0 elements"),
        ("success.missing", "success has no key \"missing\""),
        ("failure.errorCode", "the response has no key \"failure\""),
        ("success.payToken.value", "success.payToken is a string, not an object"),
        ("success.card.number", "success.card is null, not an object"),
        ("success.amount[0]", "success.amount is a number, not an array"),
        ("success[0]", "success is an object, not an array"),
        ("success.transactions.first", "success.transactions is an array, not an object"),
        ("[0]", "the response is an object, not an array"),
    ])
    func aPathThatMissesSaysWhereItStopped(path: String, message: String) throws {
        let document = try Self.document()
        #expect {
            _ = try JSONPath(parsing: path).value(in: document)
        } throws: { error in
            (error as? JSONPath.Failure)?.message.hasPrefix(message) == true
        }
    }

    @Test func theLastIndexIsJustInsideTheArray() throws {
        #expect(try JSONPath(parsing: "success.transactions[1].stepType").value(in: try Self.document()) == .string("REFUND"))
    }
}

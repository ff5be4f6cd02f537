import Testing
import TossPayCore

/// Reading a fixtures file: everything that can be checked before a request is sent is checked
/// then, and each error names the step.
@Suite("Fixture files")
struct FixtureFileTests {
    static func read(_ text: String) throws(FixtureError) -> FixtureFile {
        try FixtureFile(parsing: Array(text.utf8))
    }

    /// The error reading `text` gives, or nil when it reads.
    static func error(_ text: String) -> FixtureError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aFileReadsIntoStepsInOrderWithDefaults() throws {
        let file = try Self.read(#"""
        {"description": "two steps",
         "fixtures": [
          {"name": "make", "path": "/api-partner/v1/apps-in-toss/pay/make-payment",
           "headers": {"x-toss-user-key": "1234", "x-tosspay-test-progress-ms": 500},
           "body": {"orderNo": "o-1", "amount": 1000}},
          {"name": "user", "path": "/sandbox/v1/users/1234", "description": "read the buyer"},
          {"name": "gone", "method": "delete", "path": "/manage/v1/merchants/m_1/keys/1a2b3c4d"}
         ]}
        """#)
        #expect(file.steps.map(\.name) == ["make", "user", "gone"])
        #expect(file.steps.map(\.method) == ["POST", "GET", "DELETE"])
        #expect(file.steps[0].headers == [.init(name: "x-toss-user-key", value: "1234"), .init(name: "x-tosspay-test-progress-ms", value: "500")])
        #expect(file.steps[0].body == .object(["orderNo": .string("o-1"), "amount": .number("1000")]))
        #expect(file.steps[1].body == nil)
    }

    @Test func anEmptyListIsAFileWithNoSteps() throws {
        #expect(try Self.read(#"{"fixtures": []}"#).steps.isEmpty)
    }

    @Test func referencesMayNameAnyEarlierStep() throws {
        let file = try Self.read(#"""
        {"fixtures": [
          {"name": "a", "path": "/x", "body": {}},
          {"name": "b", "path": "/y/${a:success.id}", "headers": {"x-k": "${a:success.key}"}, "body": {"v": ["${a:success.v}"]}},
          {"name": "c", "path": "/z", "body": {"from": "${a:success.v}", "and": "${b:success[0]}"}}
        ]}
        """#)
        #expect(file.steps[1].references.map(\.description) == ["${a:success.id}", "${a:success.key}", "${a:success.v}"])
        #expect(file.steps[2].references.map(\.step) == ["a", "b"])
    }

    @Test(arguments: [
        // The file as a whole.
        ("[]", nil, "must be an object"),
        ("{}", nil, "no \"fixtures\" array"),
        (#"{"fixtures": {}}"#, nil, "must be an array"),
        (#"{"fixtures": [], "extra": 1}"#, nil, "unknown field \"extra\""),
        (#"{"fixtures": ["#, nil, "not JSON"),
        // A step's own fields.
        (#"{"fixtures": [1]}"#, "fixtures[0]", "a step is an object"),
        (#"{"fixtures": [{"path": "/x"}]}"#, "fixtures[0]", "no \"name\""),
        (#"{"fixtures": [{"name": 5, "path": "/x"}]}"#, "fixtures[0]", "\"name\" must be a string"),
        (#"{"fixtures": [{"name": "a b", "path": "/x"}]}"#, "fixtures[0]", "must be 1–64"),
        (#"{"fixtures": [{"name": "", "path": "/x"}]}"#, "fixtures[0]", "must be 1–64"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "header": {}}]}"#, "a", "unknown field \"header\""),
        (#"{"fixtures": [{"name": "a"}]}"#, "a", "no \"path\""),
        (#"{"fixtures": [{"name": "a", "path": 3}]}"#, "a", "\"path\" must be a string"),
        (#"{"fixtures": [{"name": "a", "path": "x"}]}"#, "a", "must start with /"),
        (#"{"fixtures": [{"name": "a", "path": "http://evil.example/x"}]}"#, "a", "must start with /"),
        (#"{"fixtures": [{"name": "a", "path": "/a b"}]}"#, "a", "printable ASCII only"),
        (#"{"fixtures": [{"name": "a", "path": "/a#b"}]}"#, "a", "printable ASCII only"),
        (#"{"fixtures": [{"name": "a", "path": "/사용자"}]}"#, "a", "printable ASCII only"),
        (#"{"fixtures": [{"name": "a", "method": "TRACE", "path": "/x"}]}"#, "a", "not one of"),
        (#"{"fixtures": [{"name": "a", "method": 1, "path": "/x"}]}"#, "a", "\"method\" must be a string"),
        (#"{"fixtures": [{"name": "a", "method": "GET", "path": "/x", "body": {}}]}"#, "a", "a GET step has no body"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "headers": []}]}"#, "a", "\"headers\" must be an object"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "headers": {"x-a": true}}]}"#, "a", "must be a string or a number"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "headers": {"bad name": "v"}}]}"#, "a", "not a valid HTTP header name"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "headers": {"Content-Length": "3"}}]}"#, "a", "set by the HTTP client"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "headers": {"x-a": "line\nbreak"}}]}"#, "a", "control character"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "description": 1}]}"#, "a", "\"description\" must be a string"),
        // Names and references across steps.
        (#"{"fixtures": [{"name": "a", "path": "/x"}, {"name": "a", "path": "/y"}]}"#, "a", "already used by fixtures[0]"),
        (#"{"fixtures": [{"name": "a", "path": "/x", "body": {"t": "${b:success.t}"}}, {"name": "b", "path": "/y"}]}"#, "a", "unknown step \"b\""),
        (#"{"fixtures": [{"name": "a", "path": "/x", "body": {"t": "${nobody:success.t}"}}]}"#, "a", "unknown step \"nobody\""),
        (#"{"fixtures": [{"name": "a", "path": "/x", "body": {"t": "${a:success.t}"}}]}"#, "a", "cannot read its own response"),
        (#"{"fixtures": [{"name": "a", "path": "/x"}, {"name": "b", "path": "/y", "body": {"t": "${a:success.t"}}]}"#, "b", "missing its closing }"),
        (#"{"fixtures": [{"name": "a", "path": "/x"}, {"name": "b", "path": "/y", "headers": {"x-t": "${a:}"}}]}"#, "b", "the path is empty"),
        (#"{"fixtures": [{"name": "a", "path": "/x"}, {"name": "b", "path": "/y/p${a:success.t}"}]}"#, "b", "must be a whole segment"),
        (#"{"fixtures": [{"name": "a", "path": "/x"}, {"name": "b", "path": "/y?t=${a:success.t}"}]}"#, "b", "not in the query"),
        (#"{"fixtures": [{"name": "a", "path": "/x"}, {"name": "b", "path": "/y/${a:success.t"}]}"#, "b", "missing its closing }"),
    ])
    func aWrongFileIsRefusedNamingTheStep(text: String, step: String?, message: String) {
        let error = Self.error(text)
        #expect(error?.step == step, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func theErrorReadsWithTheStepName() {
        let error = Self.error(#"{"fixtures": [{"name": "make", "path": "/x", "body": {"t": "${gone:success.t}"}}]}"#)
        #expect(error?.description.hasPrefix("step \"make\": unknown step \"gone\"") == true)
    }

    @Test func aThousandStepsAreJustInsideTheLimit() throws {
        func file(_ count: Int) -> String {
            #"{"fixtures": ["# + (0..<count).map { #"{"name": "s\#($0)", "path": "/health"}"# }.joined(separator: ",") + "]}"
        }
        #expect(try Self.read(file(1_000)).steps.count == 1_000)
        #expect(Self.error(file(1_001))?.message.contains("at most 1000") == true)
    }

    @Test func aPathOf2048BytesIsJustInsideTheLimit() throws {
        let inside = "/" + String(repeating: "a", count: 2_047)
        #expect(try Self.read(#"{"fixtures": [{"name": "a", "path": "\#(inside)"}]}"#).steps[0].path == inside)
        #expect(Self.error(#"{"fixtures": [{"name": "a", "path": "\#(inside)a"}]}"#)?.message.contains("longer than 2048") == true)
    }
}

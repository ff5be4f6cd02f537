import Testing
import TossPayCore

/// Resolving a step against earlier responses: values keep their JSON type in bodies, become
/// text in headers and whole path segments, and every miss is an error naming the step.
@Suite("Fixture requests")
struct FixtureRequestTests {
    /// Earlier responses by step name, as the server wrote them.
    static func responses() throws -> [String: JSONValue] {
        [
            "make": try JSONParser().parse(#"{"resultType":"SUCCESS","success":{"payToken":"tok A/1?","amount":1000,"ok":true,"none":null,"card":{"code":4},"empty":""}}"#),
            "st": try JSONParser().parse(#"{"resultType":"SUCCESS","success":{"transactions":[{"transactionId":"t-1","amount":-400}]}}"#),
        ]
    }

    static func step(_ json: String, position: Int = 2) throws -> FixtureStep {
        try FixtureStep(json: try JSONParser().parse(json), position: position)
    }

    static func resolve(_ json: String, defaults: [FixtureStep.Header] = []) throws -> FixtureRequest {
        try step(json).request(responses: try responses(), defaults: defaults)
    }

    @Test func aBodyReferenceKeepsItsJSONType() throws {
        let request = try Self.resolve(#"""
        {"name": "next", "path": "/p", "body": {
          "payToken": "${make:success.payToken}", "amount": "${make:success.amount}", "ok": "${make:success.ok}",
          "none": "${make:success.none}", "card": "${make:success.card}", "list": ["${st:success.transactions[0].transactionId}", 5],
          "text": "keep me", "escaped": "$${make:success.amount}", "price ${make:success.amount}": "keys are never references"}}
        """#)
        let body = try JSONParser().parse(try #require(request.body))
        #expect(body == .object([
            "payToken": .string("tok A/1?"), "amount": .number("1000"), "ok": .bool(true), "none": .null,
            "card": .object(["code": .number("4")]), "list": .array([.string("t-1"), .number("5")]),
            "text": .string("keep me"), "escaped": .string("${make:success.amount}"),
            "price ${make:success.amount}": .string("keys are never references"),
        ]))
        #expect(request.method == "POST")
    }

    @Test func aNegativeAmountStaysANumber() throws {
        let request = try Self.resolve(#"{"name": "n", "path": "/p", "body": {"a": "${st:success.transactions[0].amount}"}}"#)
        #expect(String(decoding: try #require(request.body), as: UTF8.self) == #"{"a":-400}"#)
    }

    @Test func headerReferencesBecomeText() throws {
        let request = try Self.resolve(#"{"name": "n", "path": "/p", "headers": {"x-token": "${make:success.payToken}", "x-amount": "${make:success.amount}", "x-lit": "plain"}}"#)
        #expect(request.headers == [
            .init(name: "x-token", value: "tok A/1?"), .init(name: "x-amount", value: "1000"), .init(name: "x-lit", value: "plain"),
        ])
        #expect(request.body == nil)
        #expect(request.method == "GET")
    }

    @Test func aPathSegmentIsPercentEncodedSoAValueCannotAddSegments() throws {
        let request = try Self.resolve(#"{"name": "n", "path": "/sandbox/v1/users/${make:success.payToken}/x?limit=5", "method": "GET"}"#)
        #expect(request.path == "/sandbox/v1/users/tok%20A%2F1%3F/x?limit=5")
        let number = try Self.resolve(#"{"name": "n", "path": "/u/${make:success.amount}"}"#)
        #expect(number.path == "/u/1000")
        #expect(try Self.resolve(#"{"name": "n", "path": "/"}"#).path == "/")
        #expect(try Self.resolve(#"{"name": "n", "path": "/a/b/"}"#).path == "/a/b/")
    }

    @Test func defaultsFillOnlyHeadersTheStepDidNotSet() throws {
        let defaults: [FixtureStep.Header] = [.init(name: "Authorization", value: "Basic ZGVmYXVsdDo="), .init(name: "Content-Type", value: "application/json")]
        let own = try Self.resolve(#"{"name": "n", "path": "/p", "headers": {"authorization": "Basic b3duOg=="}}"#, defaults: defaults)
        #expect(own.header("Authorization") == "Basic b3duOg==")
        #expect(own.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
        #expect(own.header("content-type") == "application/json")
        let plain = try Self.resolve(#"{"name": "n", "path": "/p"}"#, defaults: defaults)
        #expect(plain.header("authorization") == "Basic ZGVmYXVsdDo=")
    }

    @Test(arguments: [
        (#"{"name": "n", "path": "/p", "body": {"t": "${make:success.missing}"}}"#, "${make:success.missing}: success has no key \"missing\""),
        (#"{"name": "n", "path": "/p", "body": {"t": "${st:success.transactions[1].transactionId}"}}"#, "index [1] is out of range: success.transactions has 1 element"),
        (#"{"name": "n", "path": "/p", "body": {"t": "${make:success.payToken.id}"}}"#, "success.payToken is a string, not an object"),
        (#"{"name": "n", "path": "/p", "body": {"t": "${make:success.amount[0]}"}}"#, "success.amount is a number, not an array"),
        (#"{"name": "n", "path": "/p", "body": {"t": "${page:success}"}}"#, "step \"page\" has no JSON response"),
        (#"{"name": "n", "path": "/u/${make:success.card}"}"#, "in the path is an object"),
        (#"{"name": "n", "path": "/u/${make:success.ok}"}"#, "in the path is a boolean"),
        (#"{"name": "n", "path": "/u/${make:success.empty}"}"#, "that is empty"),
        (#"{"name": "n", "path": "/p", "headers": {"x-c": "${make:success.card}"}}"#, "in the header x-c is an object"),
        (#"{"name": "n", "path": "/p", "headers": {"x-c": "${make:success.none}"}}"#, "in the header x-c is null"),
    ])
    func aReferenceThatMissesIsAnErrorNamingTheStep(json: String, message: String) throws {
        let step = try Self.step(json)
        let responses = try Self.responses()
        #expect {
            _ = try step.request(responses: responses)
        } throws: { error in
            guard let error = error as? FixtureError else { return false }
            return error.step == "n" && error.message.contains(message)
        }
    }

    @Test func aFailureIsAnHTTPErrorOrTheFAILEnvelope() {
        let fail = Array(#"{"resultType":"FAIL","error":{"errorCode":"EXECUTE_PAY_NOT_APPROVED","reason":"x"}}"#.utf8)
        let success = Array(#"{"resultType":"SUCCESS","success":{}}"#.utf8)
        #expect(FixtureResponse(status: 400, body: fail).isFailure)
        #expect(FixtureResponse(status: 200, body: fail).isFailure)
        #expect(FixtureResponse(status: 404, body: Array("<html>".utf8)).isFailure)
        #expect(FixtureResponse(status: 400, body: []).isFailure)
        #expect(!FixtureResponse(status: 200, body: success).isFailure)
        #expect(!FixtureResponse(status: 399, body: Array("<html>".utf8)).isFailure)
        #expect(FixtureResponse(status: 399, body: Array("<html>".utf8)).json == nil)
        #expect(FixtureResponse(status: 200, body: []).quotedBody == "(empty body)")
        let long = FixtureResponse(status: 500, body: Array(String(repeating: "x", count: 2_001).utf8))
        #expect(long.quotedBody.count == 2_001)
        #expect(long.quotedBody.hasSuffix("…"))
    }
}

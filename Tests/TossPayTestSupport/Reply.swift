import Foundation
import HTTPTypes
import NIOCore
import Testing
import TossPayCore

/// An answer as a test reads it: status, headers, raw text and the parsed JSON body.
public struct Reply: Sendable {
    public let status: HTTPResponse.Status
    public let headers: HTTPFields
    public let text: String
    /// The parsed body; nil when it is not JSON.
    public let json: JSONValue?

    public init(status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer) {
        self.init(status: status, headers: headers, text: String(buffer: body))
    }

    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], text: String) {
        self.status = status
        self.headers = headers
        self.text = text
        self.json = try? JSONParser(maximumDepth: 256).parse(text)
    }

    /// The body's member `key`: `reply["success"]["payToken"].string`.
    public subscript(key: String) -> JSONValue? { json[key] }

    public var resultType: String? { json["resultType"].string }
    /// The envelope's `success` object.
    public var success: JSONObject? { json["success"].object }
    /// The envelope's `error` object.
    public var error: JSONObject? { json["error"].object }
    public var errorCode: String? { error?["errorCode"].string }
    public var reason: String? { error?["reason"].string }
    public var contentType: String? { headers[.contentType] }

    /// A SUCCESS body, or a recorded issue and a thrown failure that shows what came back instead.
    @discardableResult
    public func requireSuccess(sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONObject {
        guard resultType == "SUCCESS", let success else {
            Issue.record("expected SUCCESS, got \(status.code) \(text)", sourceLocation: sourceLocation)
            throw TestFailure("expected SUCCESS, got \(status.code) \(text)")
        }
        return success
    }

    /// The positions of `keys` as `"key":` in the raw text, to check the order fields are written in.
    public func keyPositions(_ keys: [String]) -> [Int?] {
        keys.map { key in
            text.range(of: "\"\(key)\":").map { text.distance(from: text.startIndex, to: $0.lowerBound) }
        }
    }
}

/// Asserts that `reply` is a FAIL envelope with `status` and `code`, served as JSON, with a
/// non-empty reason that mentions `field` when given.
public func expectFailure(
    _ reply: Reply, status: HTTPResponse.Status = .badRequest, code: String, field: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "status of \(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.resultType == "FAIL", "resultType of \(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.errorCode == code, "errorCode of \(reply.text)", sourceLocation: sourceLocation)
    let reason = reply.reason ?? ""
    #expect(!reason.trimmingCharacters(in: .whitespaces).isEmpty, "reason of \(reply.text)", sourceLocation: sourceLocation)
    if let field {
        #expect(reason.contains(field), "reason should name \(field): \(reason)", sourceLocation: sourceLocation)
    }
    #expect(reply.contentType?.lowercased().hasPrefix("application/json") == true,
            "Content-Type \(reply.contentType ?? "none")", sourceLocation: sourceLocation)
}

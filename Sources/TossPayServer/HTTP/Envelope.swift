import Foundation
import Hummingbird
import NIOCore
import TossPayCore

/// Builds the one response shape of the API:
/// `{"resultType":"SUCCESS","success":{…}}` or
/// `{"resultType":"FAIL","error":{"errorCode":"…","reason":"…"}}`.
enum Envelope {
    /// The largest request body accepted.
    static let maximumBodySize = 64 * 1024
    /// The deepest JSON nesting accepted.
    static let maximumDepth = 32

    /// A SUCCESS envelope around `object`.
    static func success(_ object: JSONObject, status: HTTPResponse.Status = .ok) -> Response {
        json(.object(["resultType": .string("SUCCESS"), "success": .object(object)]), status: status)
    }

    /// A FAIL envelope for `error`, with its HTTP status.
    static func failure(_ error: TossPayError) -> Response {
        let body: JSONValue = .object([
            "resultType": .string("FAIL"),
            "error": .object(["errorCode": .string(error.code.rawValue), "reason": .string(error.reason)]),
        ])
        return json(body, status: HTTPResponse.Status(code: error.httpStatus))
    }

    /// A JSON response.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let bytes = JSONWriter.bytes(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// Reads a request's JSON object body: `Content-Type: application/json`, at most 64 KiB,
    /// well-formed, at most 32 levels deep, an object at the top.
    static func readObject(_ request: Request, context: TossPayRequestContext) async throws -> FieldReader {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/json" else {
            throw TossPayError(.commonInvalidParameter, reason: "Content-Type 은 application/json 이어야 합니다. (\(contentType.isEmpty ? "없음" : String(contentType.prefix(100))))")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw TossPayError(.commonInvalidParameter, reason: "요청 본문이 \(maximumBodySize / 1024)KiB 를 넘습니다.", httpStatus: 413)
        }
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw TossPayError(.commonInvalidParameter, reason: "요청 본문이 비어 있습니다. JSON 객체를 보내주세요.") }
        let value: JSONValue
        do {
            value = try JSONParser(maximumDepth: maximumDepth).parse(bytes)
        } catch {
            throw TossPayError(.commonInvalidParameter, reason: "요청 본문이 올바른 JSON 이 아닙니다: \(error.description)")
        }
        return try FieldReader(value)
    }
}

import Foundation
import HTTPTypes
import Testing
import TossPayTestSupport

/// Keeps `docs/openapi.yaml` and the server in agreement: the server serves exactly that file
/// (embedded by `scripts/generate-openapi.py`), and every operation the file lists is routed.
/// What the operations answer is checked against the file by `scripts/contract-tests.sh`.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// The repository root.
    static let root = URL(fileURLWithPath: packageRoot())

    /// `docs/openapi.yaml`, as bytes.
    static func specBytes() throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent("docs/openapi.yaml")))
    }

    /// The operations the document lists, as (method, path template), read from its `paths:`
    /// section (two-space path keys, four-space method keys).
    static func operations() throws -> [(method: String, path: String)] {
        let text = String(decoding: try specBytes(), as: UTF8.self)
        var operations: [(String, String)] = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                path = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = line.dropFirst(4).dropLast()
                if ["get", "post", "put", "delete", "patch"].contains(key) { operations.append((key.uppercased(), path)) }
            }
        }
        return operations
    }

    @Test("GET /openapi.yaml serves docs/openapi.yaml byte for byte, as application/yaml")
    func servedDocumentIsTheFile() async throws {
        let expected = try Self.specBytes()
        try await withTestServer { server in
            let reply = try await server.get("/openapi.yaml")
            #expect(reply.status == .ok)
            #expect(reply.contentType?.lowercased().hasPrefix("application/yaml") == true, "Content-Type \(reply.contentType ?? "none")")
            #expect(Array(reply.text.utf8) == expected, "the embedded document differs from docs/openapi.yaml: run python3 scripts/generate-openapi.py")
        }
    }

    @Test("the document lists every endpoint of the server")
    func documentListsTheEndpoints() throws {
        let listed = Set(try Self.operations().map { "\($0.method) \($0.path)" })
        let partner = ["make-payment", "execute-payment", "refund-payment", "get-payment-status"].map { "POST \(partnerPath)/\($0)" }
        let others = [
            "GET /health", "GET /metrics", "GET /openapi.yaml", "GET /sdk/tosspay.js", "GET /checkout/{payToken}",
            "GET /sales-check/{payToken}", "POST /sandbox/v1/merchants", "GET /sandbox/v1/merchants/{merchantId}/promotions",
            "POST /sandbox/v1/merchants/{merchantId}/promotions", "DELETE /sandbox/v1/merchants/{merchantId}/promotions/{promotionId}",
            "POST /sandbox/v1/checkout/authorize",
            "POST /sandbox/v1/checkout/cancel", "GET /sandbox/v1/clock", "POST /sandbox/v1/clock/advance",
            "POST /sandbox/v1/users", "GET /sandbox/v1/users/{userKey}", "GET /sandbox/v1/bank-maintenance",
            "PUT /sandbox/v1/bank-maintenance", "POST /sandbox/v1/settlements/run",
            "DELETE /manage/v1/merchants/{merchantId}/keys/{fingerprint}",
            "DELETE /manage/v1/merchants/{merchantId}/certificates/{serial}",
        ]
        for operation in partner + others {
            #expect(listed.contains(operation), "docs/openapi.yaml does not list \(operation)")
        }
    }

    @Test("every operation the document lists is routed (no 존재하지 않는 API 404)")
    func everyListedOperationIsRouted() async throws {
        let operations = try Self.operations()
        #expect(operations.count >= 20, "found only \(operations.count) operations in docs/openapi.yaml")
        let samples = [
            "{payToken}": "LP56wk6Gt8NGRzmcY3xvcl", "{userKey}": "1234", "{merchantId}": "sandbox", "{promotionId}": "promo_x",
            "{fingerprint}": "0123abcd", "{serial}": "0a1b", "{callbackId}": "1",
        ]
        try await withTestServer { server in
            for (method, template) in operations {
                var path = template
                for (parameter, value) in samples { path = path.replacingOccurrences(of: parameter, with: value) }
                #expect(!path.contains("{"), "no sample value for a parameter of \(template)")
                let hasBody = method == "POST" || method == "PUT"
                let reply = try await server.send(
                    HTTPRequest.Method(method)!, path, body: hasBody ? "{}" : nil, contentType: hasBody ? "application/json" : nil
                )
                let unrouted = reply.status == .notFound && (reply.reason ?? "").contains("존재하지 않는 API")
                #expect(!unrouted, "\(method) \(template) is listed in docs/openapi.yaml but not routed: \(reply.text)")
            }
        }
    }
}

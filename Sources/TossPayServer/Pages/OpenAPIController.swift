import Hummingbird
import NIOCore

/// Serves the API contract, `docs/openapi.yaml`, at `GET /openapi.yaml` from the string that
/// `scripts/generate-openapi.py` embeds (``OpenAPIDocument``), so a running server always
/// describes itself with the document it was built from.
struct OpenAPIController: Sendable {
    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("openapi.yaml") { _, _ in Self.document() }
    }

    /// The document as `application/yaml`.
    static func document() -> Response {
        let bytes = Array(OpenAPIDocument.yaml.utf8)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/yaml; charset=utf-8", .contentLength: String(bytes.count),
                .init("Access-Control-Allow-Origin")!: "*", .cacheControl: "no-cache",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

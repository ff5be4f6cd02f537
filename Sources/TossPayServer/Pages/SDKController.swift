import Hummingbird
import NIOCore

/// `GET /sdk/tosspay.js` and `GET /sdk/tosspay.d.ts`: the mini-app side of checkout, served
/// from `Resources/sdk` as embedded in the binary (`scripts/test.sh` type-checks and lints them).
///
/// `TossPay.checkoutPayment({ payToken })` (also `{ params: { payToken } }`, the flat
/// `checkoutPayment`, and the newer alias `TossPay.authorize`) opens this server's checkout
/// window as an overlay and resolves `{ success: true }` on approval or
/// `{ success: false, reason }` when the buyer closes it; it never rejects on a cancel.
struct SDKController: Sendable {
    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.get("sdk/tosspay.js") { _, _ in Self.asset(PackageResources.tosspay_js, type: "text/javascript; charset=utf-8") }
        router.get("sdk/tosspay.d.ts") { _, _ in Self.asset(PackageResources.tosspay_d_ts, type: "application/typescript; charset=utf-8") }
    }

    static func asset(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: type, .contentLength: String(bytes.count),
                .init("Access-Control-Allow-Origin")!: "*", .cacheControl: "no-cache",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

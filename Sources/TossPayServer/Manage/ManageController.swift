import Hummingbird
import Logging
import TossPayCore
import TossPayStorage

/// `/manage/v1/` (SPEC §8): credential management in every mode.
///
/// `DELETE /manage/v1/merchants/{merchantId}/keys/{fingerprint}` revokes one of the merchant's
/// API keys. The request authenticates like the partner API (client certificate or Basic
/// key; never open mode) as the same merchant, with another active key; whether the key may
/// go is ``KeyRevocation``'s decision. A `{merchantId}` that is not the caller's is 404, like
/// an unknown one. Revoked keys fail on the next request on every instance.
struct ManageController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.delete("manage/v1/merchants/:merchantId/keys/:fingerprint", use: revokeKey)
    }

    @Sendable func revokeKey(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let caller = try await authenticator.caller(request, context: context, fields: FieldReader(object: [:]), allowOpenMode: false)
        let merchantId = context.parameters.get("merchantId") ?? ""
        let fingerprint = (context.parameters.get("fingerprint") ?? "").lowercased()
        guard merchantId == caller.merchant.id else {
            throw TossPayError(.transactionNotFound, reason: "가맹점을 찾을 수 없어요.")
        }
        try await ledger.revokeKey(
            merchantId: merchantId, fingerprint: fingerprint,
            publicFingerprints: MerchantAuthenticator.publicFingerprints, callerFingerprint: caller.keyFingerprint
        )
        context.logger.notice("API key revoked", metadata: ["merchantId": .string(merchantId), "fingerprint": .string(fingerprint)])
        return Envelope.success(["merchantId": .string(merchantId), "fingerprint": .string(fingerprint), "revoked": .bool(true)])
    }
}

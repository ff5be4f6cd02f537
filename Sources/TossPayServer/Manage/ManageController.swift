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
/// an unknown one. Revoked keys fail on the next request on every instance. Client
/// certificates are revoked the same way by serial number.
struct ManageController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.delete("manage/v1/merchants/:merchantId/keys/:fingerprint", use: revokeKey)
        router.delete("manage/v1/merchants/:merchantId/certificates/:serial", use: revokeCertificate)
    }

    /// `DELETE /manage/v1/merchants/{merchantId}/certificates/{serial}`: revokes one of the
    /// merchant's client certificates by serial number (hex, colons allowed); authenticated by
    /// a key or another certificate of the merchant.
    @Sendable func revokeCertificate(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let caller = try await authenticator.caller(request, context: context, fields: FieldReader(object: [:]), allowOpenMode: false)
        let merchantId = context.parameters.get("merchantId") ?? ""
        let serial = context.parameters.get("serial") ?? ""
        guard merchantId == caller.merchant.id else {
            throw TossPayError(.transactionNotFound, reason: "가맹점을 찾을 수 없어요.")
        }
        try await ledger.revokeCertificate(merchantId: merchantId, serial: serial, callerSerial: caller.certificateSerial)
        let normalized = CertificateRevocation.normalizedSerial(serial) ?? serial
        context.logger.notice("client certificate revoked", metadata: ["merchantId": .string(merchantId), "serial": .string(normalized)])
        return Envelope.success(["merchantId": .string(merchantId), "serial": .string(normalized), "revoked": .bool(true)])
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

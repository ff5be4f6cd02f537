import Crypto
import Foundation
import Hummingbird
import TossPayCore
import TossPayStorage

/// Decides which merchant a partner API request belongs to (SPEC §2, in this order):
/// the mTLS client certificate (its common name is the merchant id), an API key in `Authorization: Basic base64("<apiKey>:")`, else the legacy body field
/// `apiKey`, else — only in open mode — the built-in sandbox merchant.
///
/// Keys are looked up by their SHA-256 hash on every request (one indexed read of the key's
/// row), so a key revoked on any instance fails on the next request, also on connections
/// already open; nothing about keys is cached. The key itself is never stored or logged.
///
/// With the sandbox off (production mode, SPEC §8) no public credential exists: the two
/// published test keys and the built-in sandbox merchant are `COMMON_INVALID_API_KEY`.
/// Presented credentials that fail count against the client address in ``throttle``.
final class MerchantAuthenticator: Sendable {
    /// The public test key, in the guide's spelling and the official site's.
    static let publicTestKeys = ["sk_test_w5INQyINqa5INQe013Nq", "sk_test_w5lNQylNqa5lNQe013Nq"]
    /// The built-in sandbox merchant.
    static let sandboxMerchant = Merchant(id: Merchant.sandboxId, name: "샌드박스 가맹점", createdAt: 0)
    /// The fingerprints (first 8 hex digits of the SHA-256) of the public test keys: never revocable.
    static let publicFingerprints = Set(publicTestKeys.map { String(hash($0).prefix(8)) })

    /// Who made a request: the merchant, and the fingerprint of the key or the serial of the
    /// client certificate it used (both nil in open mode).
    struct Caller: Sendable {
        let merchant: Merchant
        let keyFingerprint: String?
        var certificateSerial: String? = nil
    }

    let ledger: PaymentLedger
    let openMode: Bool
    /// Whether the sandbox is on; off, the public keys and the sandbox merchant are refused.
    let sandboxEnabled: Bool
    /// Whether connections carry client certificates (the server has a client CA).
    let clientCertificates: Bool
    /// Failed authentications per client address.
    let throttle: AuthFailureThrottle
    /// Proxies whose `X-Forwarded-For` names the client.
    let trustedProxies: Set<String>

    init(
        ledger: PaymentLedger, openMode: Bool, sandboxEnabled: Bool = true, clientCertificates: Bool = false,
        failureLimit: Int = 0, trustedProxies: [String] = []
    ) {
        self.ledger = ledger
        self.openMode = openMode && sandboxEnabled
        self.sandboxEnabled = sandboxEnabled
        self.clientCertificates = clientCertificates
        self.throttle = AuthFailureThrottle(limit: failureLimit)
        self.trustedProxies = Set(trustedProxies)
    }

    /// SHA-256 of a key, lower-case hex.
    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).hexString
    }

    /// A new pair of keys, `sk_live_` and `sk_test_` + 24 base-62 characters from the system's
    /// cryptographic generator, with the hashes to store.
    static func newKeyPair() -> (live: String, test: String, hashes: [(hash: String, kind: String)]) {
        let live = "sk_live_" + RandomText.base62(24)
        let test = "sk_test_" + RandomText.base62(24)
        return (live, test, [(hash(test), "TEST"), (hash(live), "LIVE")])
    }

    /// Creates the sandbox merchant and its public test keys if they are missing (in
    /// production mode too, so its rows exist for upgrades; it is refused there).
    func bootstrap() async throws {
        try await ledger.ensureMerchant(Self.sandboxMerchant, keys: Self.publicTestKeys.map { (Self.hash($0), "TEST") })
    }

    /// The merchant of a request.
    func authenticate(_ request: Request, context: TossPayRequestContext, fields: FieldReader) async throws -> Merchant {
        try await caller(request, context: context, fields: fields).merchant
    }

    /// The merchant of a request and the key it used; `allowOpenMode` false requires
    /// credentials even in open mode. The request inspector records the request for that merchant.
    func caller(
        _ request: Request, context: TossPayRequestContext, fields: FieldReader, allowOpenMode: Bool = true
    ) async throws -> Caller {
        let caller = try await identify(request, context: context, fields: fields, allowOpenMode: allowOpenMode)
        context.inspection?.authenticated(caller.merchant.id)
        return caller
    }

    /// The caller of a request, in SPEC §2's order.
    private func identify(
        _ request: Request, context: TossPayRequestContext, fields: FieldReader, allowOpenMode: Bool
    ) async throws -> Caller {
        let address = clientAddress(request, context: context)
        if clientCertificates, let der = await ServerTLS.peerCertificateDER(context.channel) {
            guard let merchantId = CertificateAuthority.commonName(derBytes: der),
                  let merchant = try await ledger.merchant(id: merchantId) else {
                throw throttle.refuse(
                    TossPayError(.commonUnauthorized, reason: "클라이언트 인증서의 가맹점을 찾을 수 없습니다."), from: address
                )
            }
            // Production mode: a certificate naming the sandbox merchant is a public credential.
            guard isAllowed(merchant) else { throw throttle.refuse(TossPayError(.commonInvalidApiKey), from: address) }
            let serial = CertificateAuthority.serialNumber(derBytes: der)
            if let serial, try await ledger.isCertificateRevoked(merchantId: merchant.id, serial: serial) {
                throw throttle.refuse(TossPayError(.commonUnauthorized, reason: "폐기된 클라이언트 인증서입니다."), from: address)
            }
            return Caller(merchant: merchant, keyFingerprint: nil, certificateSerial: serial)
        }
        if let header = request.headers[.authorization] {
            do {
                return try await caller(forKey: try Self.basicKey(header))
            } catch let error as TossPayError where Self.isCredentialFailure(error) {
                throw throttle.refuse(error, from: address)
            }
        }
        if let key = try fields.optionalString("apiKey") {
            return try await caller(forKey: key, from: address)
        }
        guard openMode, allowOpenMode else {
            throw TossPayError(.commonUnauthorized, reason: "인증 정보가 없습니다. Authorization: Basic base64(\"<apiKey>:\") 헤더를 보내주세요.")
        }
        return Caller(merchant: Self.sandboxMerchant, keyFingerprint: nil)
    }

    /// The merchant of `key`, a failure counted against `address`.
    func merchant(forKey key: String, from address: String) async throws -> Merchant {
        try await caller(forKey: key, from: address).merchant
    }

    /// The caller of `key`, a failure counted against `address`.
    func caller(forKey key: String, from address: String) async throws -> Caller {
        do {
            return try await caller(forKey: key)
        } catch let error as TossPayError where Self.isCredentialFailure(error) {
            throw throttle.refuse(error, from: address)
        }
    }

    /// The caller's merchant (its key or certificate; in open mode without credentials, the
    /// sandbox merchant) when it is the path's `{merchantId}`. Another merchant's id is 404,
    /// exactly like an unknown one (SPEC §8): no merchant can act on another's world.
    func pathMerchant(_ request: Request, context: TossPayRequestContext, fields: FieldReader) async throws -> Merchant {
        let caller = try await authenticate(request, context: context, fields: fields)
        guard context.parameters.get("merchantId") == caller.id else {
            throw TossPayError(.commonInvalidParameter, reason: "merchantId: 존재하지 않는 가맹점입니다.", httpStatus: 404)
        }
        return caller
    }

    /// The merchant a client certificate names, with mTLS on; nil otherwise (Bearer calls of
    /// the login API must then be for that merchant's app, SPEC §9).
    func certificateMerchantId(_ context: TossPayRequestContext) async -> String? {
        guard clientCertificates, let der = await ServerTLS.peerCertificateDER(context.channel) else { return nil }
        return CertificateAuthority.commonName(derBytes: der)
    }

    /// The client address of a request (the peer, or a trusted proxy's `X-Forwarded-For`).
    func clientAddress(_ request: Request, context: TossPayRequestContext) -> String {
        ClientAddress.of(request, channel: context.channel, trustedProxies: trustedProxies)
    }

    /// Whether `merchant` may act: in production mode, not the built-in sandbox merchant.
    func isAllowed(_ merchant: Merchant) -> Bool {
        sandboxEnabled || merchant.id != Merchant.sandboxId
    }

    /// A refusal of presented credentials (as opposed to none at all): counted by the throttle.
    static func isCredentialFailure(_ error: TossPayError) -> Bool {
        error.code == .commonInvalidApiKey || error.code == .commonUnauthorized
    }

    static func basicKey(_ header: String) throws(TossPayError) -> String {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic" else {
            throw TossPayError(.commonUnauthorized, reason: "Authorization 헤더는 Basic 방식이어야 합니다.")
        }
        guard let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8) else {
            throw TossPayError(.commonInvalidApiKey, reason: "Authorization 헤더의 Basic 값을 해석할 수 없습니다.")
        }
        let key = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !key.isEmpty else { throw TossPayError(.commonInvalidApiKey) }
        return key
    }

    /// The caller of `key`: its active (not revoked) row, read now; in production mode never a
    /// public test key nor the sandbox merchant.
    func caller(forKey key: String) async throws -> Caller {
        let digest = Array(SHA256.hash(data: Data(key.utf8)))
        if !sandboxEnabled, Self.constantTimeMatch(digest, in: Self.publicEntries) != nil {
            throw TossPayError(.commonInvalidApiKey)
        }
        let hash = digest.hexString
        guard let merchant = try await ledger.merchant(keyHash: hash), isAllowed(merchant) else {
            throw TossPayError(.commonInvalidApiKey)
        }
        return Caller(merchant: merchant, keyFingerprint: String(hash.prefix(8)))
    }

    /// The public test keys' digests, for ``constantTimeMatch(_:in:)``.
    static let publicEntries: [(hash: [UInt8], merchant: Merchant)] = publicTestKeys.map {
        (Array(SHA256.hash(data: Data($0.utf8))), sandboxMerchant)
    }

    /// The merchant whose key hash equals `digest`, comparing every byte of every known hash
    /// without stopping early, so the time taken says nothing about how much of a guess matched.
    static func constantTimeMatch(_ digest: [UInt8], in entries: [(hash: [UInt8], merchant: Merchant)]) -> Merchant? {
        var found: Merchant?
        for entry in entries where entry.hash.count == digest.count {
            var difference: UInt8 = 0
            for index in digest.indices { difference |= digest[index] ^ entry.hash[index] }
            if difference == 0 { found = entry.merchant }
        }
        return found
    }
}

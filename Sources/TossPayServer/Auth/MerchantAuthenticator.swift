import Crypto
import Foundation
import Hummingbird
import Synchronization
import TossPayCore
import TossPayStorage

/// Decides which merchant a partner API request belongs to (SPEC §2, in this order):
/// the mTLS client certificate (its common name is the merchant id), an API key in `Authorization: Basic base64("<apiKey>:")`, else the legacy body field
/// `apiKey`, else — only in open mode — the built-in sandbox merchant.
///
/// Keys are looked up by their SHA-256 hash; the key itself is never stored or logged.
final class MerchantAuthenticator: Sendable {
    /// The public test key, in the guide's spelling and the official site's.
    static let publicTestKeys = ["sk_test_w5INQyINqa5INQe013Nq", "sk_test_w5lNQylNqa5lNQe013Nq"]
    /// The built-in sandbox merchant.
    static let sandboxMerchant = Merchant(id: Merchant.sandboxId, name: "샌드박스 가맹점", createdAt: 0)

    let ledger: PaymentLedger
    let openMode: Bool
    /// Whether connections carry client certificates (the server has a client CA).
    let clientCertificates: Bool
    /// Key hashes already seen, with their merchants; compared in constant time.
    private let known = Mutex<[(hash: [UInt8], merchant: Merchant)]>([])

    init(ledger: PaymentLedger, openMode: Bool, clientCertificates: Bool = false) {
        self.ledger = ledger
        self.openMode = openMode
        self.clientCertificates = clientCertificates
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

    /// Creates the sandbox merchant and its public test keys if they are missing.
    func bootstrap() async throws {
        try await ledger.ensureMerchant(Self.sandboxMerchant, keys: Self.publicTestKeys.map { (Self.hash($0), "TEST") })
    }

    /// The merchant of a request.
    func authenticate(_ request: Request, context: TossPayRequestContext, fields: FieldReader) async throws -> Merchant {
        if clientCertificates, let der = await ServerTLS.peerCertificateDER(context.channel) {
            guard let merchantId = CertificateAuthority.commonName(derBytes: der),
                  let merchant = try await ledger.merchant(id: merchantId) else {
                throw TossPayError(.commonUnauthorized, reason: "클라이언트 인증서의 가맹점을 찾을 수 없습니다.")
            }
            return merchant
        }
        if let header = request.headers[.authorization] {
            return try await merchant(forKey: try Self.basicKey(header))
        }
        if let key = try fields.optionalString("apiKey") {
            return try await merchant(forKey: key)
        }
        guard openMode else {
            throw TossPayError(.commonUnauthorized, reason: "인증 정보가 없습니다. Authorization: Basic base64(\"<apiKey>:\") 헤더를 보내주세요.")
        }
        return Self.sandboxMerchant
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

    func merchant(forKey key: String) async throws -> Merchant {
        let digest = Array(SHA256.hash(data: Data(key.utf8)))
        if let merchant = Self.constantTimeMatch(digest, in: known.withLock { $0 }) { return merchant }
        // A key this instance has not seen yet (new, or made on another instance): the store
        // finds it by its hash's index; then it joins the constant-time list.
        let hash = digest.hexString
        guard let merchant = try await ledger.merchant(keyHash: hash) else { throw TossPayError(.commonInvalidApiKey) }
        known.withLock { entries in
            if !entries.contains(where: { $0.hash == digest }) { entries.append((digest, merchant)) }
        }
        return merchant
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

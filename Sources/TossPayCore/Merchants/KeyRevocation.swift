/// Whether a merchant's API key may be revoked (SPEC §8), decided from the merchant's keys as
/// loaded: storage only marks the key the decision allows.
public enum KeyRevocation {
    /// Checks that the merchant's active key with `fingerprint` (the first 8 hex digits of the
    /// key's SHA-256) may be revoked by a caller who authenticated with the key whose
    /// fingerprint is `callerFingerprint` (nil for a client certificate, the console or the CLI).
    ///
    /// - Throws: `TRANSACTION_NOT_FOUND` (404) when no active key of the merchant has that
    ///   fingerprint; `COMMON_UNAUTHORIZED` with 403 for one of the published test keys;
    ///   `COMMON_INVALID_PARAMETER` (400) for the merchant's last active key, or for the very
    ///   key the request authenticated with (revoke it with another one).
    public static func check(
        fingerprint: String, activeFingerprints: [String], publicFingerprints: Set<String>, callerFingerprint: String?
    ) throws(TossPayError) {
        guard isFingerprint(fingerprint), activeFingerprints.contains(fingerprint) else {
            throw TossPayError(.transactionNotFound, reason: "이 가맹점에 그런 지문의 활성 API 키가 없어요: \(fingerprint.prefix(16))")
        }
        guard !publicFingerprints.contains(fingerprint) else {
            throw TossPayError(.commonUnauthorized, reason: "공개된 테스트 키는 폐기할 수 없어요.", httpStatus: 403)
        }
        guard activeFingerprints.filter({ $0 != fingerprint }).count >= 1 else {
            throw TossPayError(.commonInvalidParameter, reason: "가맹점의 마지막 활성 API 키는 폐기할 수 없어요. 새 키를 먼저 발급하세요.")
        }
        guard callerFingerprint != fingerprint else {
            throw TossPayError(.commonInvalidParameter, reason: "요청을 인증한 키 자신은 폐기할 수 없어요. 같은 가맹점의 다른 키로 요청하세요.")
        }
    }

    /// Whether `text` has a fingerprint's shape: 8 lower-case hex digits.
    public static func isFingerprint(_ text: String) -> Bool {
        text.utf8.count == 8 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// Client-certificate revocation by serial number (SPEC §8): how a serial is written, and
/// whether one may be revoked.
public enum CertificateRevocation {
    /// `text` as a serial number is compared: colons removed, lower-case hex without leading
    /// zeros (`"00:A1:b2"` → `"a1b2"`); nil when it is not 1–40 hex digits (X.509 serials are
    /// at most 20 bytes).
    public static func normalizedSerial(_ text: String) -> String? {
        let digits = text.lowercased().filter { $0 != ":" }
        guard (1...40).contains(digits.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return nil
        }
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// Checks that the certificate with `serial` may be revoked by a caller who authenticated
    /// with the certificate whose serial is `callerSerial` (nil for a key, the console or the
    /// CLI); returns the normalized serial.
    ///
    /// - Throws: `COMMON_INVALID_PARAMETER` (400) for a serial that is not hex, or for the very
    ///   certificate the request authenticated with (revoke it with another credential).
    public static func check(serial: String, callerSerial: String?) throws(TossPayError) -> String {
        guard let normalized = normalizedSerial(serial) else {
            throw TossPayError.invalidParameter("serial", "인증서 일련번호는 16진수 1~40자리여야 해요.")
        }
        guard normalized != callerSerial else {
            throw TossPayError(.commonInvalidParameter, reason: "요청을 인증한 인증서 자신은 폐기할 수 없어요. 다른 인증서나 API 키로 요청하세요.")
        }
        return normalized
    }
}

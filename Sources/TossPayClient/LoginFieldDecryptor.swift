import Crypto
import Foundation

/// Decrypts the personal fields of `login-me` (name, phone, birthday, ci, gender, nationality,
/// email) with the app's key and AAD: AES-256-GCM over standard base64 of IV (12 bytes) ‖
/// ciphertext ‖ tag (16 bytes).
///
/// ```swift
/// // The key and AAD come from the Apps-in-Toss console (by e-mail); on a tosspay server from
/// // `client.loginSettings(merchantId:)` or the console.
/// let decryptor = try LoginFieldDecryptor(decryptionKey: key, aad: aad)
/// let user = try await client.loginMe(accessToken: tokens.accessToken)
/// let name = try user.name.map(decryptor.decrypt)      // "김토스"
/// let profile = try decryptor.decrypt(user)            // every field at once
/// ```
public struct LoginFieldDecryptor: Sendable {
    let key: SymmetricKey
    let aad: Data

    /// The IV's length in bytes.
    static let ivLength = 12
    /// The GCM tag's length in bytes.
    static let tagLength = 16

    /// Creates a decryptor from the app's key (base64 of 32 bytes) and AAD (text, used as its
    /// UTF-8 bytes). Throws when the key is not base64 of 32 bytes.
    public init(decryptionKey: String, aad: String) throws(LoginDecryptionError) {
        guard let bytes = Data(base64Encoded: decryptionKey.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw LoginDecryptionError("decryptionKey 가 base64 가 아닙니다.")
        }
        guard bytes.count == 32 else {
            throw LoginDecryptionError("decryptionKey 는 32바이트(AES-256)여야 합니다. (\(bytes.count)바이트)")
        }
        self.key = SymmetricKey(data: bytes)
        self.aad = Data(aad.utf8)
    }

    /// Creates a decryptor from a tosspay server's login settings.
    public init(settings: LoginSettings) throws(LoginDecryptionError) {
        try self.init(decryptionKey: settings.decryptionKey, aad: settings.aad)
    }

    /// The clear text of one field. Throws when the value is not base64, too short, was
    /// encrypted under another key or AAD, or was altered (the tag does not match).
    public func decrypt(_ field: EncryptedField) throws(LoginDecryptionError) -> String {
        guard let bytes = Data(base64Encoded: field.base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw LoginDecryptionError("암호문이 base64 가 아닙니다.")
        }
        guard bytes.count >= Self.ivLength + Self.tagLength else {
            throw LoginDecryptionError("암호문이 너무 짧습니다. (\(bytes.count)바이트; IV 12 + 태그 16 이상)")
        }
        let clear: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: bytes.prefix(Self.ivLength)),
                ciphertext: bytes.dropFirst(Self.ivLength).dropLast(Self.tagLength),
                tag: bytes.suffix(Self.tagLength)
            )
            clear = try AES.GCM.open(box, using: key, authenticating: aad)
        } catch {
            throw LoginDecryptionError("복호화에 실패했습니다. 키 또는 AAD 가 다르거나 값이 변조되었습니다.")
        }
        guard let text = String(data: clear, encoding: .utf8) else {
            throw LoginDecryptionError("복호화한 값이 UTF-8 이 아닙니다.")
        }
        return text
    }

    /// Every personal field of `user` in clear text (nil stays nil).
    public func decrypt(_ user: LoginUser) throws(LoginDecryptionError) -> LoginProfile {
        func open(_ field: EncryptedField?) throws(LoginDecryptionError) -> String? {
            guard let field else { return nil }
            return try decrypt(field)
        }
        return LoginProfile(
            name: try open(user.name), phone: try open(user.phone), birthday: try open(user.birthday), ci: try open(user.ci),
            di: try open(user.di), gender: try open(user.gender), nationality: try open(user.nationality),
            email: try open(user.email)
        )
    }
}

/// A personal field that could not be decrypted, or a key that is not an AES-256 key. The
/// reason never contains the key or the field.
public struct LoginDecryptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong (Korean).
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// `LOGIN_DECRYPTION_FAILED: ` and the reason.
    public var description: String { "LOGIN_DECRYPTION_FAILED: \(reason)" }
}

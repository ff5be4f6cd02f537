import Crypto
import Foundation
import TossPayCore

/// Seals login-me's personal fields as Toss does (SPEC §9): AES-256-GCM under the app's 32-byte
/// key with the app's AAD, each field standard base64 of IV (12 bytes) ‖ ciphertext ‖ tag (16).
struct LoginFieldCipher: Sendable {
    let key: SymmetricKey
    let aad: Data

    /// The cipher of `app`; nil when its stored key is not 32 bytes of base64 (a corrupt row).
    init?(app: LoginApp) {
        guard let bytes = Data(base64Encoded: app.decryptionKey), bytes.count == 32 else { return nil }
        key = SymmetricKey(data: bytes)
        aad = Data(app.aad.utf8)
    }

    /// `plaintext` sealed with a fresh random IV.
    func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, nonce: AES.GCM.Nonce(), authenticating: aad)
        guard let combined = box.combined else { throw TossPayError(.commonSystemError) }
        return combined.base64EncodedString()
    }

    /// Opens a sealed field (for tests and the console's preview).
    func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw TossPayError(.commonSystemError) }
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: key, authenticating: aad), as: UTF8.self)
    }

    /// New settings for `merchantId`: 32 random bytes and a random AAD.
    static func newApp(merchantId: String) -> LoginApp {
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        return LoginApp(merchantId: merchantId, decryptionKey: key, aad: "TOSSPAY-" + RandomText.base62(24))
    }
}

import Crypto
import Foundation
import TossPayStorage

/// The checkout window's proof that a confirm or close comes from the page served for one
/// payment (SPEC §8): an HMAC-SHA256 over the payToken and the payment's expiry, under a secret
/// kept in the store (every instance checks it). The page never carries the buyer's userKey;
/// the server acts for the payment's own buyer. Text form: `<expiresAt>.<64 hex digits>`.
struct CheckoutPageToken: Sendable {
    /// The setting that holds the signing secret.
    static let secretSetting = "checkout.page_secret"
    /// The header the page sends it in.
    static let header = "x-tosspay-page-token"

    let secret: String

    /// The signer with the secret every instance on the store shares, made on first start.
    static func load(from ledger: PaymentLedger) async throws -> CheckoutPageToken {
        CheckoutPageToken(secret: try await ledger.sharedSecret(secretSetting, makeNew: { RandomText.base62(43) }))
    }

    /// The token for `payToken`, valid until `expiresAt` (epoch milliseconds, sandbox clock).
    func make(payToken: String, expiresAt: Int64) -> String {
        let message = "tosspay-checkout-page|\(payToken)|\(expiresAt)"
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(expiresAt).\(Array(code).hexString)"
    }

    /// Whether `token` was made for `payToken` and is still valid at `now`. Missing, made for
    /// another payment, altered or expired are all false; the comparison takes the same time
    /// wherever the first difference is.
    func accepts(_ token: String?, payToken: String, now: Int64) -> Bool {
        guard let token, token.utf8.count <= 128, let dot = token.firstIndex(of: "."),
              let expiresAt = Int64(token[..<dot]), now < expiresAt else { return false }
        let expected = Array(make(payToken: payToken, expiresAt: expiresAt).utf8)
        let given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }
}

import TossPayCore

/// The journal accounts of one merchant's world, as ranges of names a `>= … AND < …` condition
/// finds (with the account index, in both backends' byte order): every name that starts with
/// `buyer:{merchantId}:` or `merchant:{merchantId}:` (``JournalEntry/Account``; a merchant id
/// holds no `:`, so `m_1` never reaches `m_10`'s accounts).
struct WorldAccounts: Sendable {
    /// A range of names: at or after `lower`, before `upper`.
    struct Range: Sendable {
        let lower: String
        let upper: String

        /// The names starting with `prefix`, which ends in `:`: from `prefix` to the same text
        /// ending in `;` instead (`:` is 0x3A, `;` 0x3B), exactly the names with that prefix.
        init(prefix: String) {
            lower = prefix
            upper = String(prefix.dropLast()) + ";"
        }
    }

    /// The accounts of the merchant's buyers.
    let buyers: Range
    /// The merchant's own accounts (sales, promotion, settled).
    let merchant: Range
    /// Every merchant's buyers' accounts.
    static let anyBuyer = Range(prefix: "buyer:")
    /// Every merchant's own accounts.
    static let anyMerchant = Range(prefix: "merchant:")

    init(merchantId: String) {
        buyers = Range(prefix: "buyer:\(merchantId):")
        merchant = Range(prefix: "merchant:\(merchantId):")
    }
}

/// Why a world reset was refused; nothing was deleted.
public enum WorldResetError: Error, Equatable, CustomStringConvertible {
    /// A journal entry of the merchant also posts to another merchant's accounts, so neither
    /// deleting it whole nor keeping it would leave both worlds' balances agreeing with the
    /// journal. Entries are made for one merchant's world each, so this means a damaged journal:
    /// `tosspay verify` names what is wrong.
    case entrySharedWithAnotherMerchant(entryId: Int64)

    public var description: String {
        switch self {
        case .entrySharedWithAnotherMerchant(let entryId):
            "journal entry \(entryId) posts to another merchant's accounts too; nothing was reset"
        }
    }
}

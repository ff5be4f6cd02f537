/// One balanced movement of money: postings whose amounts sum to zero.
///
/// Accounts are named `world:funding` (where sandbox money comes from),
/// `buyer:{merchantId}:{userKey}:money|bank|points|card:{code}` (a buyer lives in one merchant's
/// world, SPEC §5), and `merchant:{id}:sales|promotion|settled`.
/// A buyer account's balance is the sum of its postings (a credit card's is minus what is used).
public struct JournalEntry: Sendable, Equatable, Codable {
    /// One side of the movement.
    public struct Posting: Sendable, Equatable, Codable {
        /// The account name.
        public var account: String
        /// Signed won: positive adds to the account, negative takes from it.
        public var amount: Int64

        /// Creates a posting.
        public init(_ account: String, _ amount: Int64) {
            self.account = account
            self.amount = amount
        }
    }

    /// What kind of movement.
    public enum Kind: String, Sendable, Codable {
        /// Opening balances of a sandbox buyer.
        case open = "OPEN"
        /// Toss Money auto-charged from the linked bank account.
        case charge = "CHARGE"
        /// An execute.
        case pay = "PAY"
        /// A refund.
        case refund = "REFUND"
        /// Settlement to the merchant.
        case settle = "SETTLE"
    }

    /// The kind of movement.
    public var kind: Kind
    /// The payment it belongs to, if any.
    public var payToken: String?
    /// The postings; they sum to zero.
    public var postings: [Posting]

    /// Creates an entry; empty postings (zero amounts) are dropped.
    public init(kind: Kind, payToken: String?, postings: [Posting]) {
        self.kind = kind
        self.payToken = payToken
        self.postings = postings.filter { $0.amount != 0 }
    }

    /// Whether the postings sum to zero.
    public var isBalanced: Bool { postings.reduce(0) { $0 + $1.amount } == 0 }

    /// Account names.
    public enum Account {
        /// The source of sandbox opening balances.
        public static let funding = "world:funding"
        /// The prefix of every account of one merchant's buyer: `buyer:{merchantId}:{userKey}:`.
        /// Merchant ids never hold a `:`, so the first `:` after `buyer:` ends the merchant id.
        public static func buyer(_ merchantId: String, _ userKey: String) -> String { "buyer:\(merchantId):\(userKey):" }
        /// A buyer's Toss Money.
        public static func money(_ merchantId: String, _ userKey: String) -> String { buyer(merchantId, userKey) + "money" }
        /// A buyer's linked bank account.
        public static func bank(_ merchantId: String, _ userKey: String) -> String { buyer(merchantId, userKey) + "bank" }
        /// A buyer's Toss points.
        public static func points(_ merchantId: String, _ userKey: String) -> String { buyer(merchantId, userKey) + "points" }
        /// A buyer's card of a company.
        public static func card(_ merchantId: String, _ userKey: String, _ company: Int) -> String {
            buyer(merchantId, userKey) + "card:\(company)"
        }
        /// What a merchant is owed for sales not yet settled.
        public static func sales(_ merchantId: String) -> String { "merchant:\(merchantId):sales" }
        /// What a merchant's instant discounts cost it.
        public static func promotion(_ merchantId: String) -> String { "merchant:\(merchantId):promotion" }
        /// What was settled to a merchant.
        public static func settled(_ merchantId: String) -> String { "merchant:\(merchantId):settled" }
    }
}

/// What `checkout.mustache` shows: a notice when the payment cannot be paid here, or the order
/// with the buyer's payment methods. Text is ready to show (amounts in won, numbers masked).
struct CheckoutView: Sendable {
    /// Why the window cannot take the payment (`data-status` tells the browser tests which).
    struct Notice: Sendable {
        let title: String
        let message: String
        /// `NOT_FOUND`, `EXPIRED`, `CANCELLED`, `ERROR` or the payment's status.
        let status: String
    }

    /// The order and what the buyer can pay it with.
    struct Order: Sendable {
        let isTest: Bool
        let merchantName: String
        let productDesc: String
        let amountText: String
        /// The amount after the promotion, before points (the script takes points off).
        let paidText: String
        let promotion: PromotionLine?
        let tossMoney: TossMoney?
        let card: Card?
        let points: Points?
        /// Whether any method can pay; without one, confirming is disabled.
        let hasMethod: Bool
    }

    /// The instant discount's line.
    struct PromotionLine: Sendable {
        let name: String
        let amountText: String
    }

    /// Toss Money, with the account that tops it up.
    struct TossMoney: Sendable {
        let checked: Bool
        let balanceText: String
        let account: Account?
    }

    /// A masked bank account.
    struct Account: Sendable {
        let bankName: String
        let accountNumber: String
    }

    /// Cards, with the installment choice when the payment allows it.
    struct Card: Sendable {
        let checked: Bool
        let count: Int
        let cards: [CardOption]
        let installment: Installment?
    }

    /// One of the buyer's supported cards, masked.
    struct CardOption: Sendable {
        let code: Int
        let name: String
        let number: String
        let methodType: String
        let typeText: String
        let first: Bool
    }

    /// The installment months offered besides 일시불.
    struct Installment: Sendable {
        let months: [Int]
    }

    /// The points the buyer may use.
    struct Points: Sendable {
        let usable: Int64
        let usableText: String
        let balanceText: String
    }

    /// What `checkout.js` reads from the `checkout-data` island.
    struct Script: Encodable, Sendable {
        let payToken: String
        /// The page's ``CheckoutPageToken``; nil on a notice, which offers no action.
        let pageToken: String?
        let amount: Int64
        let promotion: Int64
        let installmentMinimum: Int64
        let productDesc: String?
    }

    /// The id of the data island.
    static let scriptId = "checkout-data"

    var notice: Notice?
    var checkout: Order?
}

import TossPayCore

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
        /// The amount to pay without points (the script shows `/quote`'s figures once the buyer
        /// changes them).
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

    /// The points the buyer may use (the amount is typed in; `/quote` checks it).
    struct Points: Sendable {
        /// The most the buyer may use.
        let usableText: String
        /// What the buyer holds.
        let balanceText: String
    }

    /// What `checkout.js` reads from the `checkout-data` island.
    struct Script: Encodable, Sendable {
        let payToken: String
        /// The page's ``CheckoutPageToken``; nil on a notice, which offers no action.
        let pageToken: String?
        let amount: Int64
        /// Core's figures without points; nil on a notice.
        let figures: Figures?
        let productDesc: String?
    }

    /// Core's ``CheckoutFigures`` as the script reads them: the same keys and values as the
    /// `success` of `POST /checkout/{payToken}/quote` (``CheckoutController/figuresJSON(_:)``).
    struct Figures: Encodable, Sendable {
        let amount: Int64
        let promotionAmount: Int64
        let pointAmount: Int64
        let discountedAmount: Int64
        let paidAmount: Int64
        let maxPoints: Int64
        let installmentAvailable: Bool

        init(_ figures: CheckoutFigures) {
            amount = figures.amount
            promotionAmount = figures.promotionAmount
            pointAmount = figures.pointAmount
            discountedAmount = figures.discountedAmount
            paidAmount = figures.paidAmount
            maxPoints = figures.maxPoints
            installmentAvailable = figures.installmentAvailable
        }
    }

    /// The id of the data island.
    static let scriptId = "checkout-data"

    var notice: Notice?
    var checkout: Order?
}

/// One payment as stored: what the merchant asked for, how the buyer chose to pay, and what
/// has moved since. Card and account numbers are kept only in masked parts.
public struct Payment: Sendable, Equatable, Codable {
    /// The unique, unguessable token.
    public var payToken: String
    /// The merchant that created it.
    public var merchantId: String
    /// The merchant's order number.
    public var orderNo: String
    /// TEST or LIVE.
    public var mode: PaymentMode
    /// The buyer (`x-toss-user-key` at creation).
    public var userKey: String
    /// The status as last written (see ``effectiveStatus(at:)`` for expiry). Only the state
    /// machine moves it (``PaymentOperations``); nothing outside TossPayCore can set it.
    public internal(set) var status: PaymentStatus
    /// What is sold.
    public var productDesc: String
    /// The total, in won.
    public var amount: Int64
    /// The applied tax split.
    public var taxSplit: TaxSplit
    /// The methods the checkout window offers.
    public var enablePayMethods: EnabledPayMethods
    /// Whether a cash receipt is issued for Toss Money.
    public var cashReceipt: Bool
    /// The cash receipt kind.
    public var cashReceiptTradeOption: CashReceiptTradeOption
    /// Whether installments are offered.
    public var installment: InstallmentOption
    /// Creation time, epoch milliseconds (sandbox clock).
    public var createdAt: Int64
    /// When a waiting payment turns PAY_CANCEL, epoch milliseconds.
    public var expiresAt: Int64
    /// The buyer's choice at checkout; nil before (and again after `DISCOUNT_CLOSED`).
    public var method: MethodChoice?
    /// When the buyer first authenticated, epoch milliseconds; kept when `DISCOUNT_CLOSED`
    /// clears ``method``, so that the orderNo stays used (SPEC §3). Nil in records written
    /// before it existed (their ``method`` tells).
    public var firstAuthenticatedAt: Int64?
    /// Set by a successful execute.
    public var execution: Execution?
    /// Sum of refunds so far, by part.
    public var refunded: RefundTotals
    /// When it was settled, epoch milliseconds.
    public var settledAt: Int64?
    /// When it was cancelled or expired, epoch milliseconds.
    public var cancelledAt: Int64?
    /// An execute or refund held in PAY_PROGRESS / REFUND_PROGRESS on request
    /// (`x-tosspay-test-progress-ms`, SPEC §11); nil otherwise.
    public var hold: ProgressHold?

    /// The buyer's choice in the checkout window.
    public struct MethodChoice: Sendable, Equatable, Codable {
        /// Toss Money or card.
        public var payMethod: PayMethod
        /// The card company, for cards.
        public var cardCompanyCode: Int?
        /// Installment months (0 = single payment), for cards.
        public var spreadOut: Int64
        /// When the buyer confirmed, epoch milliseconds.
        public var authorizedAt: Int64
        /// The merchant promotion shown at checkout, if any.
        public var promotionId: String?
        /// Its discount, in won.
        public var promotionAmount: Int64
        /// Toss points the buyer chose to use, in won.
        public var pointAmount: Int64

        /// Creates a choice.
        public init(
            payMethod: PayMethod, cardCompanyCode: Int? = nil, spreadOut: Int64 = 0, authorizedAt: Int64,
            promotionId: String? = nil, promotionAmount: Int64 = 0, pointAmount: Int64 = 0
        ) {
            self.payMethod = payMethod
            self.cardCompanyCode = cardCompanyCode
            self.spreadOut = spreadOut
            self.authorizedAt = authorizedAt
            self.promotionId = promotionId
            self.promotionAmount = promotionAmount
            self.pointAmount = pointAmount
        }

        enum CodingKeys: String, CodingKey {
            case payMethod, cardCompanyCode, spreadOut, authorizedAt, promotionId, promotionAmount, pointAmount
        }

        /// Decodes a stored choice; records written before discounts existed have none.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            payMethod = try container.decode(PayMethod.self, forKey: .payMethod)
            cardCompanyCode = try container.decodeIfPresent(Int.self, forKey: .cardCompanyCode)
            spreadOut = try container.decode(Int64.self, forKey: .spreadOut)
            authorizedAt = try container.decode(Int64.self, forKey: .authorizedAt)
            promotionId = try container.decodeIfPresent(String.self, forKey: .promotionId)
            promotionAmount = try container.decodeIfPresent(Int64.self, forKey: .promotionAmount) ?? 0
            pointAmount = try container.decodeIfPresent(Int64.self, forKey: .pointAmount) ?? 0
        }
    }

    /// What a successful execute recorded.
    public struct Execution: Sendable, Equatable, Codable {
        /// The PAY transaction's id (a UUID).
        public var transactionId: String
        /// When it completed, epoch milliseconds.
        public var paidAt: Int64
        /// Merchant instant discount.
        public var promotionAmount: Int64
        /// Toss points used.
        public var pointAmount: Int64
        /// Charged to the method: amount − promotion − points.
        public var paidAmount: Int64
        /// Card details (masked), for cards.
        public var card: CardDetails?
        /// Account details (masked), for Toss Money.
        public var account: AccountDetails?
        /// Cash receipt key, when requested and paid by Toss Money.
        public var cashReceiptMgtKey: String?

        /// Creates an execution record.
        public init(
            transactionId: String, paidAt: Int64, promotionAmount: Int64, pointAmount: Int64, paidAmount: Int64,
            card: CardDetails?, account: AccountDetails?, cashReceiptMgtKey: String?
        ) {
            self.transactionId = transactionId
            self.paidAt = paidAt
            self.promotionAmount = promotionAmount
            self.pointAmount = pointAmount
            self.paidAmount = paidAmount
            self.card = card
            self.account = account
            self.cashReceiptMgtKey = cashReceiptMgtKey
        }

        /// `discountedAmount`: promotion plus points.
        public var discountedAmount: Int64 { promotionAmount + pointAmount }
    }

    /// A card as the API shows it: masked.
    public struct CardDetails: Sendable, Equatable, Codable {
        public var companyCode: Int
        public var companyName: String
        /// `BIN6 + "******" + last4`.
        public var maskedNumber: String
        public var binNumber: String
        public var last4: String
        /// CREDIT, CHECK or PREPAYMENT.
        public var methodType: String
        /// PERSONAL, PERSONAL_FAMILY, CORP_…
        public var userType: String
        public var authorizationNo: String
        public var spreadOut: Int64
        public var noInterest: Bool

        /// Creates card details.
        public init(
            companyCode: Int, companyName: String, maskedNumber: String, binNumber: String, last4: String,
            methodType: String, userType: String, authorizationNo: String, spreadOut: Int64, noInterest: Bool
        ) {
            self.companyCode = companyCode
            self.companyName = companyName
            self.maskedNumber = maskedNumber
            self.binNumber = binNumber
            self.last4 = last4
            self.methodType = methodType
            self.userType = userType
            self.authorizationNo = authorizationNo
            self.spreadOut = spreadOut
            self.noInterest = noInterest
        }
    }

    /// A bank account as the API shows it: masked.
    public struct AccountDetails: Sendable, Equatable, Codable {
        public var bankCode: String
        public var bankName: String
        public var maskedNumber: String

        /// Creates account details.
        public init(bankCode: String, bankName: String, maskedNumber: String) {
            self.bankCode = bankCode
            self.bankName = bankName
            self.maskedNumber = maskedNumber
        }
    }

    /// Refunded amounts by part.
    public struct RefundTotals: Sendable, Equatable, Codable {
        /// Returned to the method.
        public var paid: Int64 = 0
        /// Instant discount taken back.
        public var promotion: Int64 = 0
        /// Points returned.
        public var points: Int64 = 0

        /// Creates totals.
        public init(paid: Int64 = 0, promotion: Int64 = 0, points: Int64 = 0) {
            self.paid = paid
            self.promotion = promotion
            self.points = points
        }

        /// Everything refunded.
        public var total: Int64 { paid + promotion + points }
    }

    /// Creates a new payment waiting for the buyer.
    public init(
        payToken: String, merchantId: String, userKey: String, request: MakePaymentRequest,
        createdAt: Int64, expiresAt: Int64
    ) {
        self.payToken = payToken
        self.merchantId = merchantId
        self.orderNo = request.orderNo
        self.mode = request.mode
        self.userKey = userKey
        self.status = .standby
        self.productDesc = request.productDesc
        self.amount = request.amount
        self.taxSplit = request.taxSplit
        self.enablePayMethods = request.enablePayMethods
        self.cashReceipt = request.cashReceipt
        self.cashReceiptTradeOption = request.cashReceiptTradeOption
        self.installment = request.installment
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.refunded = RefundTotals()
    }

    /// The status at `now`: a waiting payment past its expiry is PAY_CANCEL even before the
    /// background sweep has written it.
    public func effectiveStatus(at now: Int64) -> PaymentStatus {
        status.canExpire && now >= expiresAt ? .cancelled : status
    }

    /// What was paid in total (amount once executed, else 0).
    public var paidTotal: Int64 { execution == nil ? 0 : amount }

    /// What may still be refunded: paid − refunded.
    public var refundableAmount: Int64 { paidTotal - refunded.total }

    /// `discountedAmount` still standing (after refunds).
    public var currentDiscountedAmount: Int64 {
        guard let execution else { return 0 }
        return execution.discountedAmount - refunded.promotion - refunded.points
    }

    /// `paidAmount` still standing (after refunds).
    public var currentPaidAmount: Int64 {
        guard let execution else { return 0 }
        return execution.paidAmount - refunded.paid
    }

    /// This payment as shown at `now`: a waiting payment past its expiry reads PAY_CANCEL.
    public func shown(at now: Int64) -> Payment {
        var shown = self
        shown.status = effectiveStatus(at: now)
        return shown
    }

    /// Takes the status the state machine moved to.
    mutating func apply(_ machine: PaymentStateMachine) {
        status = machine.status
    }

    /// A state machine positioned at this payment's status at `now`.
    public func stateMachine(at now: Int64) -> PaymentStateMachine {
        PaymentStateMachine(status: effectiveStatus(at: now), refundableAmount: refundableAmount)
    }
}

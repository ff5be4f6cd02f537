/// A payment's status, as the partner API spells it (`payStatus`).
public enum PaymentStatus: String, Sendable, CaseIterable, Codable {
    /// Created, waiting for the buyer (결제 대기 중).
    case standby = "PAY_STANDBY"
    /// The buyer authenticated in the checkout window (구매자 인증 완료).
    case approved = "PAY_APPROVED"
    /// Cancelled by the buyer or expired (결제 취소).
    case cancelled = "PAY_CANCEL"
    /// An execute is moving money (결제 진행 중).
    case inProgress = "PAY_PROGRESS"
    /// Paid (결제 완료).
    case complete = "PAY_COMPLETE"
    /// A refund is moving money (환불 진행 중).
    case refundInProgress = "REFUND_PROGRESS"
    /// At least one refund succeeded (환불 성공).
    case refunded = "REFUND_SUCCESS"
    /// Settled to the merchant with no refunds (정산 완료).
    case settled = "SETTLEMENT_COMPLETE"
    /// Settled after one or more refunds (환불 정산 완료).
    case refundSettled = "SETTLEMENT_REFUND_COMPLETE"

    /// Whether the buyer has authenticated at some point (the orderNo can never be reused).
    public var reachedAuthentication: Bool {
        switch self {
        case .standby, .cancelled: false
        default: true
        }
    }

    /// Whether the payment waits for the buyer or for execute, and so can expire.
    public var canExpire: Bool { self == .standby || self == .approved }
}

/// The payment mode: `isTestPayment` true is TEST, false is LIVE.
public enum PaymentMode: String, Sendable, Codable {
    case test = "TEST"
    case live = "LIVE"

    /// The mode for an `isTestPayment` flag.
    public init(isTestPayment: Bool) { self = isTestPayment ? .test : .live }

    /// The `isTestPayment` flag of this mode.
    public var isTestPayment: Bool { self == .test }
}

/// How the buyer pays.
public enum PayMethod: String, Sendable, CaseIterable, Codable {
    /// Toss Money, charged from a linked bank account when short.
    case tossMoney = "TOSS_MONEY"
    /// A card.
    case card = "CARD"
}

/// Which methods the checkout window offers (`enablePayMethods`).
public enum EnabledPayMethods: String, Sendable, Codable {
    case tossMoney = "TOSS_MONEY"
    case card = "CARD"
    /// Both methods (`null` or any other value).
    case all = "ALL"

    /// The value for the request field: `TOSS_MONEY`, `CARD`, anything else is both.
    public init(field: String?) {
        switch field {
        case "TOSS_MONEY": self = .tossMoney
        case "CARD": self = .card
        default: self = .all
        }
    }

    /// Whether `method` may be used.
    public func allows(_ method: PayMethod) -> Bool {
        switch self {
        case .all: true
        case .tossMoney: method == .tossMoney
        case .card: method == .card
        }
    }
}

/// The cash receipt kind (`cashReceiptTradeOption`).
public enum CashReceiptTradeOption: String, Sendable, CaseIterable, Codable {
    case general = "GENERAL"
    case culture = "CULTURE"
    case publicTransport = "PUBLIC_TP"
}

/// Whether card installments are offered (`installment`).
public enum InstallmentOption: String, Sendable, CaseIterable, Codable {
    case use = "USE"
    case notUse = "NOT_USE"
}

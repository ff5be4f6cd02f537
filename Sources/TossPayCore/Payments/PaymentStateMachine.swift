/// The lifecycle of one payment, free of I/O: a status, events in, a decision out.
///
/// The caller (the store) performs what it decides — moving money, writing the journal — and
/// feeds back the outcome (`executeSucceeded`, `refundFailed`, …). Tests read as a table.
///
/// ```
/// PAY_STANDBY ─authorize→ PAY_APPROVED ─execute→ PAY_PROGRESS ─succeeded→ PAY_COMPLETE
///      │                      │                        └─failed→ PAY_APPROVED
///      └─cancel / expire──────┴→ PAY_CANCEL
/// PAY_COMPLETE / REFUND_SUCCESS ─refund→ REFUND_PROGRESS ─succeeded→ REFUND_SUCCESS
/// PAY_COMPLETE ─settle→ SETTLEMENT_COMPLETE;  REFUND_SUCCESS ─settle→ SETTLEMENT_REFUND_COMPLETE
/// ```
public struct PaymentStateMachine: Sendable, Equatable {
    /// What happens to a payment.
    public enum Event: Sendable, Equatable {
        /// The buyer confirmed in the checkout window.
        case authorize
        /// The buyer closed the checkout window.
        case cancel
        /// The expiry time passed while waiting.
        case expire
        /// The merchant asked to execute.
        case execute
        /// The buyer's method was debited.
        case executeSucceeded
        /// The buyer's method refused; nothing moved.
        case executeFailed
        /// The promotion the buyer authenticated with closed before execute; nothing moved and
        /// the buyer authenticates again (`DISCOUNT_CLOSED`).
        case discountClosed
        /// The merchant asked to refund.
        case refund
        /// The refund moved money.
        case refundSucceeded
        /// The refund was refused; nothing moved.
        case refundFailed
        /// The settlement period passed.
        case settle
    }

    /// What the machine decided.
    public enum Decision: Sendable, Equatable {
        /// Move to the status.
        case transition(to: PaymentStatus)
        /// Refuse the event with the code; nothing changes.
        case refuse(ErrorCode)
    }

    /// The current status.
    public private(set) var status: PaymentStatus
    /// What is still refundable, in won.
    public private(set) var refundableAmount: Int64
    /// The status a refund in progress returns to if it fails.
    private var statusBeforeRefund: PaymentStatus?

    /// A machine for a payment in `status` with `refundableAmount` won still refundable.
    public init(status: PaymentStatus, refundableAmount: Int64 = 0) {
        self.status = status
        self.refundableAmount = refundableAmount
    }

    /// Decides what `event` does, and moves to the new status when it is a transition.
    @discardableResult
    public mutating func handle(_ event: Event) -> Decision {
        let decision = decide(event)
        if case .transition(let next) = decision {
            if next == .refundInProgress { statusBeforeRefund = status }
            status = next
        }
        return decision
    }

    /// The decision for `event` in the current status, without moving.
    public func decide(_ event: Event) -> Decision {
        let notAble = Decision.refuse(.commonItsNotAbleToChangeStatus)
        switch (status, event) {
        case (.standby, .authorize): return .transition(to: .approved)
        case (_, .authorize): return notAble

        case (.standby, .cancel), (.approved, .cancel): return .transition(to: .cancelled)
        case (.standby, .expire), (.approved, .expire): return .transition(to: .cancelled)
        case (_, .cancel), (_, .expire): return notAble

        case (.standby, .execute): return .refuse(.executePayNotApproved)
        case (.approved, .execute): return .transition(to: .inProgress)
        case (.inProgress, .execute): return .refuse(.transactionPendingError)
        case (.cancelled, .execute): return notAble
        case (_, .execute): return .refuse(.paymentExistingPayment)
        case (.inProgress, .executeSucceeded): return .transition(to: .complete)
        case (.inProgress, .executeFailed): return .transition(to: .approved)
        case (.inProgress, .discountClosed): return .transition(to: .standby)
        case (_, .executeSucceeded), (_, .executeFailed), (_, .discountClosed): return notAble

        case (.complete, .refund), (.refunded, .refund):
            return refundableAmount > 0 ? .transition(to: .refundInProgress) : .refuse(.refundAlreadyRefunded)
        case (.refundInProgress, .refund): return .refuse(.transactionPendingError)
        case (_, .refund): return .refuse(.commonRefundError)
        case (.refundInProgress, .refundSucceeded): return .transition(to: .refunded)
        case (.refundInProgress, .refundFailed): return .transition(to: statusBeforeRefund ?? .complete)
        case (_, .refundSucceeded), (_, .refundFailed): return notAble

        case (.complete, .settle): return .transition(to: .settled)
        case (.refunded, .settle): return .transition(to: .refundSettled)
        case (_, .settle): return notAble
        }
    }

    /// Records that `amount` won was refunded.
    public mutating func recordRefund(_ amount: Int64) {
        refundableAmount -= amount
    }
}

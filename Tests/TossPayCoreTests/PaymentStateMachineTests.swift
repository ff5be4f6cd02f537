import Testing
@testable import TossPayCore

/// SPEC §3 "Status codes" and the execute / refund rules, as one table of
/// (status, event) → decision over every status and every event.
@Suite("Payment state machine")
struct PaymentStateMachineTests {
    typealias Event = PaymentStateMachine.Event
    typealias Decision = PaymentStateMachine.Decision

    static let allEvents: [Event] = [
        .authorize, .cancel, .expire, .execute, .executeSucceeded, .executeFailed, .discountClosed,
        .refund, .refundSucceeded, .refundFailed, .settle,
    ]

    struct Row: Sendable, CustomTestStringConvertible {
        let status: PaymentStatus
        let event: Event
        let expected: Decision

        var testDescription: String { "\(status.rawValue) + \(event) → \(expected)" }
    }

    static let notAble = Decision.refuse(.commonItsNotAbleToChangeStatus)
    static func to(_ status: PaymentStatus) -> Decision { .transition(to: status) }

    /// Written out by hand from the spec. A payment that was paid has 1,000 won refundable
    /// (500 once partly refunded).
    static let table: [Row] = [
        // PAY_STANDBY: waiting for the buyer.
        Row(status: .standby, event: .authorize, expected: to(.approved)),
        Row(status: .standby, event: .cancel, expected: to(.cancelled)),
        Row(status: .standby, event: .expire, expected: to(.cancelled)),
        Row(status: .standby, event: .execute, expected: .refuse(.executePayNotApproved)),
        Row(status: .standby, event: .executeSucceeded, expected: notAble),
        Row(status: .standby, event: .executeFailed, expected: notAble),
        Row(status: .standby, event: .discountClosed, expected: notAble),
        Row(status: .standby, event: .refund, expected: .refuse(.commonRefundError)),
        Row(status: .standby, event: .refundSucceeded, expected: notAble),
        Row(status: .standby, event: .refundFailed, expected: notAble),
        Row(status: .standby, event: .settle, expected: notAble),
        // PAY_APPROVED: the buyer authenticated; a second checkout is refused.
        Row(status: .approved, event: .authorize, expected: notAble),
        Row(status: .approved, event: .cancel, expected: to(.cancelled)),
        Row(status: .approved, event: .expire, expected: to(.cancelled)),
        Row(status: .approved, event: .execute, expected: to(.inProgress)),
        Row(status: .approved, event: .executeSucceeded, expected: notAble),
        Row(status: .approved, event: .executeFailed, expected: notAble),
        Row(status: .approved, event: .discountClosed, expected: notAble),
        Row(status: .approved, event: .refund, expected: .refuse(.commonRefundError)),
        Row(status: .approved, event: .refundSucceeded, expected: notAble),
        Row(status: .approved, event: .refundFailed, expected: notAble),
        Row(status: .approved, event: .settle, expected: notAble),
        // PAY_CANCEL: nothing more can happen; a refund is COMMON_REFUND_ERROR.
        Row(status: .cancelled, event: .authorize, expected: notAble),
        Row(status: .cancelled, event: .cancel, expected: notAble),
        Row(status: .cancelled, event: .expire, expected: notAble),
        Row(status: .cancelled, event: .execute, expected: notAble),
        Row(status: .cancelled, event: .executeSucceeded, expected: notAble),
        Row(status: .cancelled, event: .executeFailed, expected: notAble),
        Row(status: .cancelled, event: .discountClosed, expected: notAble),
        Row(status: .cancelled, event: .refund, expected: .refuse(.commonRefundError)),
        Row(status: .cancelled, event: .refundSucceeded, expected: notAble),
        Row(status: .cancelled, event: .refundFailed, expected: notAble),
        Row(status: .cancelled, event: .settle, expected: notAble),
        // PAY_PROGRESS: an execute is in flight.
        Row(status: .inProgress, event: .authorize, expected: notAble),
        Row(status: .inProgress, event: .cancel, expected: notAble),
        Row(status: .inProgress, event: .expire, expected: notAble),
        Row(status: .inProgress, event: .execute, expected: .refuse(.transactionPendingError)),
        Row(status: .inProgress, event: .executeSucceeded, expected: to(.complete)),
        Row(status: .inProgress, event: .executeFailed, expected: to(.approved)),
        Row(status: .inProgress, event: .discountClosed, expected: to(.standby)),
        Row(status: .inProgress, event: .refund, expected: .refuse(.commonRefundError)),
        Row(status: .inProgress, event: .refundSucceeded, expected: notAble),
        Row(status: .inProgress, event: .refundFailed, expected: notAble),
        Row(status: .inProgress, event: .settle, expected: notAble),
        // PAY_COMPLETE: paid.
        Row(status: .complete, event: .authorize, expected: notAble),
        Row(status: .complete, event: .cancel, expected: notAble),
        Row(status: .complete, event: .expire, expected: notAble),
        Row(status: .complete, event: .execute, expected: .refuse(.paymentExistingPayment)),
        Row(status: .complete, event: .executeSucceeded, expected: notAble),
        Row(status: .complete, event: .executeFailed, expected: notAble),
        Row(status: .complete, event: .discountClosed, expected: notAble),
        Row(status: .complete, event: .refund, expected: to(.refundInProgress)),
        Row(status: .complete, event: .refundSucceeded, expected: notAble),
        Row(status: .complete, event: .refundFailed, expected: notAble),
        Row(status: .complete, event: .settle, expected: to(.settled)),
        // REFUND_PROGRESS (reached from PAY_COMPLETE): a refund is in flight.
        Row(status: .refundInProgress, event: .authorize, expected: notAble),
        Row(status: .refundInProgress, event: .cancel, expected: notAble),
        Row(status: .refundInProgress, event: .expire, expected: notAble),
        Row(status: .refundInProgress, event: .execute, expected: .refuse(.paymentExistingPayment)),
        Row(status: .refundInProgress, event: .executeSucceeded, expected: notAble),
        Row(status: .refundInProgress, event: .executeFailed, expected: notAble),
        Row(status: .refundInProgress, event: .discountClosed, expected: notAble),
        Row(status: .refundInProgress, event: .refund, expected: .refuse(.transactionPendingError)),
        Row(status: .refundInProgress, event: .refundSucceeded, expected: to(.refunded)),
        Row(status: .refundInProgress, event: .refundFailed, expected: to(.complete)),
        Row(status: .refundInProgress, event: .settle, expected: notAble),
        // REFUND_SUCCESS with something still refundable.
        Row(status: .refunded, event: .authorize, expected: notAble),
        Row(status: .refunded, event: .cancel, expected: notAble),
        Row(status: .refunded, event: .expire, expected: notAble),
        Row(status: .refunded, event: .execute, expected: .refuse(.paymentExistingPayment)),
        Row(status: .refunded, event: .executeSucceeded, expected: notAble),
        Row(status: .refunded, event: .executeFailed, expected: notAble),
        Row(status: .refunded, event: .discountClosed, expected: notAble),
        Row(status: .refunded, event: .refund, expected: to(.refundInProgress)),
        Row(status: .refunded, event: .refundSucceeded, expected: notAble),
        Row(status: .refunded, event: .refundFailed, expected: notAble),
        Row(status: .refunded, event: .settle, expected: to(.refundSettled)),
        // SETTLEMENT_COMPLETE: no refunds after settlement.
        Row(status: .settled, event: .authorize, expected: notAble),
        Row(status: .settled, event: .cancel, expected: notAble),
        Row(status: .settled, event: .expire, expected: notAble),
        Row(status: .settled, event: .execute, expected: .refuse(.paymentExistingPayment)),
        Row(status: .settled, event: .executeSucceeded, expected: notAble),
        Row(status: .settled, event: .executeFailed, expected: notAble),
        Row(status: .settled, event: .discountClosed, expected: notAble),
        Row(status: .settled, event: .refund, expected: .refuse(.commonRefundError)),
        Row(status: .settled, event: .refundSucceeded, expected: notAble),
        Row(status: .settled, event: .refundFailed, expected: notAble),
        Row(status: .settled, event: .settle, expected: notAble),
        // SETTLEMENT_REFUND_COMPLETE: likewise final.
        Row(status: .refundSettled, event: .authorize, expected: notAble),
        Row(status: .refundSettled, event: .cancel, expected: notAble),
        Row(status: .refundSettled, event: .expire, expected: notAble),
        Row(status: .refundSettled, event: .execute, expected: .refuse(.paymentExistingPayment)),
        Row(status: .refundSettled, event: .executeSucceeded, expected: notAble),
        Row(status: .refundSettled, event: .executeFailed, expected: notAble),
        Row(status: .refundSettled, event: .discountClosed, expected: notAble),
        Row(status: .refundSettled, event: .refund, expected: .refuse(.commonRefundError)),
        Row(status: .refundSettled, event: .refundSucceeded, expected: notAble),
        Row(status: .refundSettled, event: .refundFailed, expected: notAble),
        Row(status: .refundSettled, event: .settle, expected: notAble),
    ]

    /// A machine in `status` as a real payment would be: paid ones have money refundable,
    /// REFUND_PROGRESS is reached by a refund from PAY_COMPLETE.
    static func machine(in status: PaymentStatus) throws -> PaymentStateMachine {
        switch status {
        case .standby, .approved, .cancelled, .inProgress:
            return PaymentStateMachine(status: status, refundableAmount: 0)
        case .complete, .settled:
            return PaymentStateMachine(status: status, refundableAmount: 1_000)
        case .refunded, .refundSettled:
            return PaymentStateMachine(status: status, refundableAmount: 500)
        case .refundInProgress:
            var machine = PaymentStateMachine(status: .complete, refundableAmount: 1_000)
            try #require(machine.handle(.refund) == .transition(to: .refundInProgress))
            return machine
        }
    }

    @Test("every status × event pair is in the table exactly once")
    func tableCoversEveryStatusAndEvent() {
        #expect(Self.table.count == PaymentStatus.allCases.count * Self.allEvents.count)
        for status in PaymentStatus.allCases {
            for event in Self.allEvents {
                let rows = Self.table.filter { $0.status == status && $0.event == event }
                #expect(rows.count == 1, "\(status.rawValue) + \(event)")
            }
        }
    }

    @Test("each status and event gives the decision of the spec", arguments: table)
    func decisionFollowsTheTable(_ row: Row) throws {
        var machine = try Self.machine(in: row.status)
        #expect(machine.decide(row.event) == row.expected)
        let decision = machine.handle(row.event)
        #expect(decision == row.expected)
        switch row.expected {
        case .transition(let next): #expect(machine.status == next)
        case .refuse: #expect(machine.status == row.status, "a refusal changes nothing")
        }
    }

    @Test func refundWithNothingRefundableIsAlreadyRefunded() {
        var fromComplete = PaymentStateMachine(status: .complete, refundableAmount: 0)
        #expect(fromComplete.handle(.refund) == .refuse(.refundAlreadyRefunded))
        #expect(fromComplete.status == .complete)
        var fromRefunded = PaymentStateMachine(status: .refunded, refundableAmount: 0)
        #expect(fromRefunded.handle(.refund) == .refuse(.refundAlreadyRefunded))
        #expect(fromRefunded.status == .refunded)
    }

    @Test func failedRefundReturnsToPayCompleteWhenThatWasTheStatusBefore() {
        var machine = PaymentStateMachine(status: .complete, refundableAmount: 1_000)
        #expect(machine.handle(.refund) == .transition(to: .refundInProgress))
        #expect(machine.handle(.refundFailed) == .transition(to: .complete))
        #expect(machine.status == .complete)
        #expect(machine.refundableAmount == 1_000)
    }

    @Test func failedRefundReturnsToRefundSuccessWhenThatWasTheStatusBefore() {
        var machine = PaymentStateMachine(status: .refunded, refundableAmount: 600)
        #expect(machine.handle(.refund) == .transition(to: .refundInProgress))
        #expect(machine.handle(.refundFailed) == .transition(to: .refunded))
        #expect(machine.status == .refunded)
    }

    @Test func partialRefundsRepeatUntilNothingIsRefundable() {
        var machine = PaymentStateMachine(status: .complete, refundableAmount: 1_000)
        #expect(machine.handle(.refund) == .transition(to: .refundInProgress))
        machine.recordRefund(400)
        #expect(machine.handle(.refundSucceeded) == .transition(to: .refunded))
        #expect(machine.refundableAmount == 600)
        #expect(machine.handle(.refund) == .transition(to: .refundInProgress))
        machine.recordRefund(600)
        #expect(machine.handle(.refundSucceeded) == .transition(to: .refunded))
        #expect(machine.refundableAmount == 0)
        #expect(machine.handle(.refund) == .refuse(.refundAlreadyRefunded))
        #expect(machine.handle(.settle) == .transition(to: .refundSettled))
        #expect(machine.handle(.refund) == .refuse(.commonRefundError))
    }

    @Test func failedExecuteLeavesThePaymentApprovedAndExecutableAgain() {
        var machine = PaymentStateMachine(status: .approved)
        #expect(machine.handle(.execute) == .transition(to: .inProgress))
        #expect(machine.handle(.executeFailed) == .transition(to: .approved))
        #expect(machine.handle(.execute) == .transition(to: .inProgress))
        #expect(machine.handle(.executeSucceeded) == .transition(to: .complete))
        #expect(machine.handle(.execute) == .refuse(.paymentExistingPayment))
    }

    @Test func theHappyPathRunsFromStandbyToSettlement() {
        var machine = PaymentStateMachine(status: .standby)
        #expect(machine.handle(.authorize) == .transition(to: .approved))
        #expect(machine.handle(.execute) == .transition(to: .inProgress))
        #expect(machine.handle(.executeSucceeded) == .transition(to: .complete))
        #expect(machine.handle(.settle) == .transition(to: .settled))
        #expect(machine.status == .settled)
    }

    @Test func onlyWaitingPaymentsCanExpire() {
        let expiring = PaymentStatus.allCases.filter(\.canExpire)
        #expect(Set(expiring) == [.standby, .approved])
    }

    @Test func onlyStandbyAndCancelledNeverReachedAuthentication() {
        let notReached = PaymentStatus.allCases.filter { !$0.reachedAuthentication }
        #expect(Set(notReached) == [.standby, .cancelled])
    }

    @Test func aWaitingPaymentPastItsExpiryIsCancelledAndCannotBeExecuted() throws {
        var request = MakePaymentRequest(
            orderNo: "order-1", productDesc: "상품", amount: 1_000,
            taxSplit: TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0), mode: .test
        )
        request.installment = .use
        var payment = Payment(payToken: "tok", merchantId: "m", userKey: "u", request: request, createdAt: 0, expiresAt: 900_000)
        #expect(payment.effectiveStatus(at: 899_999) == .standby)
        #expect(payment.effectiveStatus(at: 900_000) == .cancelled)
        payment.status = .approved
        var machine = payment.stateMachine(at: 900_000)
        #expect(machine.status == .cancelled)
        #expect(machine.handle(.execute) == .refuse(.commonItsNotAbleToChangeStatus))
        payment.status = .complete
        #expect(payment.effectiveStatus(at: 10_000_000) == .complete, "a paid payment never expires")
    }
}

import Foundation
public import TossPayCore

/// Progress states on demand (SPEC §11): an execute or refund committed in PAY_PROGRESS or
/// REFUND_PROGRESS with a deadline, a real wait outside any transaction, then the completion —
/// the ordinary operation, which alone moves money — in a second transaction. A hold whose
/// completion never came is returned by ``returnAbandonedHolds(now:batchSize:)``.
extension PaymentLedger {
    /// Runs `completion` after `millis` even if the request that asked for it goes away: the
    /// hold is always completed on time by the instance that made it.
    static func afterHold<T: Sendable>(_ millis: Int64, _ completion: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task {
            try? await Task.sleep(for: .milliseconds(millis))
            return try await completion()
        }
        return try await task.value
    }

    /// Execute held for `holdMillis` (1–60,000): PAY_PROGRESS at once, then the execute.
    public func execute(merchant: Merchant, userKey: String, request: ExecutePaymentRequest, holdMillis: Int64) async throws -> Payment {
        let holdId = Self.newIdentifier()
        let deadline = SandboxClock.systemMillis() + holdMillis
        try await write("execute_hold", merchantId: merchant.id) { transaction, now in
            let begun = try PaymentOperations.beginExecuteHold(
                request, merchantId: merchant.id, userKey: userKey, payment: try await transaction.payment(token: request.payToken),
                holdId: holdId, deadline: deadline, now: now
            )
            try await transaction.save(begun.effects)
        }
        let ledger = self
        let outcome = try await Self.afterHold(holdMillis) {
            try await ledger.write("execute", merchantId: merchant.id) { transaction, now -> Result<PaymentOperations.ExecuteDecision, TossPayError> in
                let released = try PaymentOperations.releaseHold(try await transaction.payment(token: request.payToken), holdId: holdId)
                do {
                    let decision = try PaymentOperations.execute(
                        request, merchantId: merchant.id, userKey: userKey, rows: try await Self.executeRows(released, in: transaction),
                        transactionId: Self.newIdentifier(), now: now
                    )
                    try await transaction.save(decision.effects)
                    return .success(decision)
                } catch let refusal as TossPayError {
                    // The method refused: the payment goes back to PAY_APPROVED, nothing moved.
                    try await transaction.save(LedgerEffects(updatedPayments: [released]))
                    return .failure(refusal)
                }
            }
        }
        switch outcome {
        case .success(.paid(_, let payment)): return payment
        case .success(.discountClosed): throw PaymentOperations.discountClosedError
        case .failure(let refusal): throw refusal
        }
    }

    /// Refund held for `holdMillis`: REFUND_PROGRESS at once, then the refund.
    public func refund(merchant: Merchant, userKey: String, request: RefundPaymentRequest, holdMillis: Int64) async throws -> RefundOutcome {
        let holdId = Self.newIdentifier()
        let deadline = SandboxClock.systemMillis() + holdMillis
        try await write("refund_hold", merchantId: merchant.id) { transaction, now in
            let begun = try PaymentOperations.beginRefundHold(
                request, merchantId: merchant.id, userKey: userKey, payment: try await transaction.payment(token: request.payToken),
                holdId: holdId, deadline: deadline, now: now
            )
            try await transaction.save(begun.effects)
        }
        let ledger = self
        let outcome = try await Self.afterHold(holdMillis) {
            try await ledger.write("refund", merchantId: merchant.id) { transaction, now -> Result<RefundOutcome, TossPayError> in
                let released = try PaymentOperations.releaseHold(try await transaction.payment(token: request.payToken), holdId: holdId)
                do {
                    let decision = try PaymentOperations.refund(
                        request, merchantId: merchant.id, userKey: userKey,
                        rows: try await Self.refundRows(released, request: request, in: transaction),
                        transactionId: Self.newIdentifier(), refundNo: Self.newIdentifier(), now: now
                    )
                    // A repeated refundNo writes nothing but must still release the hold.
                    var effects = decision.effects
                    if effects.updatedPayments.isEmpty { effects.updatedPayments = [released] }
                    try await transaction.save(effects)
                    return .success(decision.outcome)
                } catch let refusal as TossPayError {
                    try await transaction.save(LedgerEffects(updatedPayments: [released]))
                    return .failure(refusal)
                }
            }
        }
        return try outcome.get()
    }

    /// Returns holds abandoned past deadline + 5 s (wall clock `now`) to where they were; returns
    /// how many. Any instance may do it; on PostgreSQL the rows are claimed `SKIP LOCKED`.
    @discardableResult
    public func returnAbandonedHolds(now: Int64 = SandboxClock.systemMillis(), batchSize: Int = 200) async throws -> Int {
        try await write("return_holds") { transaction in
            let effects = PaymentOperations.returnAbandonedHolds(try await transaction.heldPayments(limit: batchSize), now: now)
            try await transaction.save(effects)
            return effects.updatedPayments.count
        }
    }
}

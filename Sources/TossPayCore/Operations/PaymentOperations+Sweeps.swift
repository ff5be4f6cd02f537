extension PaymentOperations {
    /// Writes PAY_CANCEL, as of their expiry, on the waiting payments among `due` whose expiry
    /// is at or before `now`; others are left alone.
    public static func expire(_ due: [Payment], now: Int64) -> LedgerEffects {
        var effects = LedgerEffects()
        for var payment in due where payment.expiresAt <= now {
            var machine = PaymentStateMachine(status: payment.status)
            guard case .transition = machine.handle(.expire) else { continue }
            payment.apply(machine)
            payment.cancelledAt = payment.expiresAt
            effects.updatedPayments.append(payment)
        }
        return effects
    }

    /// Settles the paid payments among `due` whose settlement period has passed at `now`:
    /// PAY_COMPLETE → SETTLEMENT_COMPLETE, REFUND_SUCCESS → SETTLEMENT_REFUND_COMPLETE, moving
    /// what the merchant is owed (sales less refunds, less the promotion it funded) from
    /// `sales` and `promotion` to `settled`.
    public static func settle(_ due: [Payment], policy: PaymentPolicy, now: Int64) -> LedgerEffects {
        var effects = LedgerEffects()
        for var payment in due {
            guard let execution = payment.execution, execution.paidAt <= now - policy.settlementPeriodMillis else { continue }
            var machine = payment.stateMachine(at: now)
            guard case .transition = machine.handle(.settle) else { continue }
            payment.apply(machine)
            payment.settledAt = now
            let sales = payment.amount - payment.refunded.total
            let promotion = execution.promotionAmount - payment.refunded.promotion
            effects.updatedPayments.append(payment)
            effects.journal.append(JournalEntry(kind: .settle, payToken: payment.payToken, postings: [
                .init(JournalEntry.Account.sales(payment.merchantId), -sales),
                .init(JournalEntry.Account.promotion(payment.merchantId), promotion),
                .init(JournalEntry.Account.settled(payment.merchantId), sales - promotion),
            ]))
        }
        return effects
    }
}

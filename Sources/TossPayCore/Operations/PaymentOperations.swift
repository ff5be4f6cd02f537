/// Every payment operation's decision, free of I/O: from the rows the store loaded, the request
/// and `now` to the ``LedgerEffects`` to write, or a ``TossPayError``.
///
/// The ledger in TossPayStorage loads, calls one of these, and saves what it returns — nothing
/// else. Identifiers that need randomness (payTokens, transaction ids) are made by the caller
/// and passed in, so that every decision is a function of its arguments.
public enum PaymentOperations {
    /// The payment if it belongs to `merchantId` and has `mode`; otherwise not found, so that a
    /// merchant cannot learn whether another merchant's token exists.
    public static func owned(_ payment: Payment?, merchantId: String, mode: PaymentMode) throws(TossPayError) -> Payment {
        guard let payment, payment.merchantId == merchantId, payment.mode == mode else {
            throw TossPayError(.transactionNotFound)
        }
        return payment
    }

    /// The payment, or `TRANSACTION_NOT_FOUND`.
    public static func existing(_ payment: Payment?) throws(TossPayError) -> Payment {
        guard let payment else { throw TossPayError(.transactionNotFound) }
        return payment
    }

    /// The payment when it is `merchantId`'s (any merchant's when nil), or `TRANSACTION_NOT_FOUND`:
    /// another merchant's payment is answered exactly like an unknown one (SPEC §8).
    public static func existing(_ payment: Payment?, merchantId: String?) throws(TossPayError) -> Payment {
        guard let payment, merchantId == nil || payment.merchantId == merchantId else { throw TossPayError(.transactionNotFound) }
        return payment
    }

    /// The buyer as loaded, or the standard one made on first use with its creation to store.
    static func buyer(_ loaded: SandboxUser?, merchantId: String, userKey: String) -> (SandboxUser, BuyerCreation?) {
        if let loaded { return (loaded, nil) }
        let buyer = SandboxUser.standard(merchantId: merchantId, userKey: userKey)
        return (buyer, BuyerCreation(buyer: buyer, openingEntry: buyer.openingEntry))
    }

    /// Moves `machine` with `event`, or throws its refusal with the payment's status in the reason.
    static func handle(_ event: PaymentStateMachine.Event, _ machine: inout PaymentStateMachine, shown status: PaymentStatus) throws(TossPayError) {
        if case .refuse(let code) = machine.handle(event) {
            throw TossPayError(code, reason: "\(TossPayError(code).reason) (payStatus: \(status.rawValue))")
        }
    }

    /// `COMMON_BREAK_TIME_OF_BANK` inside a maintenance window.
    static func checkBankOpen(_ windows: [MaintenanceWindow], at now: Int64) throws(TossPayError) {
        if let window = windows.first(where: { $0.contains(milliseconds: now) }) {
            throw TossPayError(.commonBreakTimeOfBank, reason: "지금은 은행 점검 시간입니다. (\(window) KST) 점검이 끝난 후 사용해주세요.")
        }
    }
}

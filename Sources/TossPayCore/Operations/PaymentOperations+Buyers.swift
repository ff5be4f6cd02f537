extension PaymentOperations {
    /// Creates or replaces a buyer (sandbox set-up); the journal records the change of balances
    /// from what was stored (`previous`), or the opening balances of a new buyer.
    public static func saveBuyer(_ buyer: SandboxUser, previous: SandboxUser?) -> LedgerEffects {
        guard let previous else {
            return LedgerEffects(createdBuyer: BuyerCreation(buyer: buyer, openingEntry: buyer.adjustmentEntry(from: nil)))
        }
        return LedgerEffects(updatedBuyer: buyer, journal: [buyer.adjustmentEntry(from: previous)])
    }
}

extension PaymentOperations {
    /// The buyer as stored, or the standard buyer made in `merchantId`'s world on its first use
    /// with what to store.
    public static func buyerOnFirstUse(_ loaded: SandboxUser?, merchantId: String, userKey: String) -> (SandboxUser, LedgerEffects) {
        let (user, creation) = buyer(loaded, merchantId: merchantId, userKey: userKey)
        return (user, LedgerEffects(createdBuyer: creation))
    }
}

/// What one operation writes, as Core decided it: the store writes all of it in one
/// transaction, in the order of the properties, and decides nothing.
public struct LedgerEffects: Sendable, Equatable {
    /// A buyer seen for the first time, stored only if no other transaction stored it first.
    public var createdBuyer: BuyerCreation?
    /// A new payment (its orderNo's first use is recorded with it).
    public var createdPayment: Payment?
    /// Payments whose state changed.
    public var updatedPayments: [Payment]
    /// A buyer whose balances changed.
    public var updatedBuyer: SandboxUser?
    /// A promotion whose budget changed.
    public var updatedPromotion: Promotion?
    /// A new PAY or REFUND step.
    public var step: PaymentTransaction?
    /// Balanced journal entries.
    public var journal: [JournalEntry]

    /// Effects; nothing by default.
    public init(
        createdBuyer: BuyerCreation? = nil, createdPayment: Payment? = nil, updatedPayments: [Payment] = [],
        updatedBuyer: SandboxUser? = nil, updatedPromotion: Promotion? = nil, step: PaymentTransaction? = nil,
        journal: [JournalEntry] = []
    ) {
        self.createdBuyer = createdBuyer
        self.createdPayment = createdPayment
        self.updatedPayments = updatedPayments
        self.updatedBuyer = updatedBuyer
        self.updatedPromotion = updatedPromotion
        self.step = step
        self.journal = journal
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool { self == LedgerEffects() }
}

/// A buyer created on first use, with the journal entry that brings its balances into the world.
public struct BuyerCreation: Sendable, Equatable {
    /// The new buyer.
    public var buyer: SandboxUser
    /// The entry moving its opening balances from `world:funding`.
    public var openingEntry: JournalEntry

    /// A creation.
    public init(buyer: SandboxUser, openingEntry: JournalEntry) {
        self.buyer = buyer
        self.openingEntry = openingEntry
    }
}

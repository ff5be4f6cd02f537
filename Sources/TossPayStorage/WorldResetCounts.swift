/// What ``StoreTransaction/resetWorld(merchantId:settingKeys:)`` removed from one merchant's
/// sandbox world: rows by kind.
public struct WorldResetCounts: Sendable, Equatable {
    /// Payments, TEST and LIVE.
    public var payments = 0
    /// Their PAY and REFUND steps.
    public var transactions = 0
    /// Journal entries (each removed whole, with all of its postings).
    public var journalEntries = 0
    /// Buyers.
    public var buyers = 0
    /// Order numbers whose first use was remembered (the reuse history of SPEC §3).
    public var orderNumbers = 0
    /// Promotions.
    public var promotions = 0
    /// Toss login authorization codes, access and refresh tokens.
    public var loginGrants = 0
    /// Persons' consents to the app's terms.
    public var loginConsents = 0
    /// Unlink callback deliveries, pending or done (the delivery log).
    public var loginCallbacks = 0
    /// Settings among the keys the caller named.
    public var settings = 0

    /// No rows.
    public init() {}
}

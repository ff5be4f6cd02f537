/// The lifecycle's configurable periods (SPEC §3, §5).
public struct PaymentPolicy: Sendable, Equatable {
    /// How long a payment waits in PAY_STANDBY / PAY_APPROVED before it expires.
    public var expiryMillis: Int64
    /// How long after payment a payment is settled.
    public var settlementPeriodMillis: Int64
    /// How long an orderNo stays reusable after its first use.
    public var orderNoReuseMillis: Int64

    /// Creates a policy; the defaults are the spec's (15 minutes, 1 year, 2 years).
    public init(
        expiryMillis: Int64 = 15 * 60 * 1000, settlementPeriodMillis: Int64 = 365 * 86_400_000,
        orderNoReuseMillis: Int64 = 2 * 365 * 86_400_000
    ) {
        self.expiryMillis = expiryMillis
        self.settlementPeriodMillis = settlementPeriodMillis
        self.orderNoReuseMillis = orderNoReuseMillis
    }
}

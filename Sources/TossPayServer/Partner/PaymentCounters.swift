import Metrics
import TossPayCore

/// The partner API's business counters, one handle per metric and mode made once (a handle per
/// request would look the metric up in the registry on every call).
struct PaymentCounters: Sendable {
    let created: Counter
    let executed: Counter
    let executedWon: Counter
    let refunds: Counter
    let refundedWon: Counter

    init(mode: PaymentMode) {
        let dimensions = [("mode", mode.rawValue)]
        created = Counter(label: "tosspay_payments_created_total", dimensions: dimensions)
        executed = Counter(label: "tosspay_payments_executed_total", dimensions: dimensions)
        executedWon = Counter(label: "tosspay_executed_won_total", dimensions: dimensions)
        refunds = Counter(label: "tosspay_refunds_total", dimensions: dimensions)
        refundedWon = Counter(label: "tosspay_refunded_won_total", dimensions: dimensions)
    }

    /// The handles of TEST and LIVE, made when first used (after the metrics system is bootstrapped).
    static let test = PaymentCounters(mode: .test)
    static let live = PaymentCounters(mode: .live)

    static func of(_ mode: PaymentMode) -> PaymentCounters { mode == .test ? test : live }
}

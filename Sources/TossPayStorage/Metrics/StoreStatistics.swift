public import Metrics
import Synchronization

/// Statement and round-trip counts per ledger operation, kept as swift-metrics counters (shown
/// in `/metrics`, read by `tosspay bench`):
///
/// - `tosspay_store_operations_total{operation}`: transactions run (a retried one counts again);
/// - `tosspay_store_statements_total{operation}`: SQL statements they sent, transaction control included;
/// - `tosspay_store_round_trips_total{operation}`: waits for the database.
///
/// A SQLite write batch's shared `BEGIN IMMEDIATE` and `COMMIT` count under operation `commit`.
public enum StoreStatistics {
    /// The metric names.
    public static let operationsLabel = "tosspay_store_operations_total"
    /// The metric names.
    public static let statementsLabel = "tosspay_store_statements_total"
    /// The metric names.
    public static let roundTripsLabel = "tosspay_store_round_trips_total"

    /// Counter handles, made once per operation name (after the metrics system is bootstrapped).
    private static let handles = Mutex<[String: (Counter, Counter, Counter)]>([:])

    /// Records one transaction of `operation`.
    static func record(_ operation: String, _ counter: StatementCounter) {
        let totals = counter.totals
        record(operation, statements: totals.statements, roundTrips: totals.roundTrips)
    }

    /// Records one transaction of `operation` that sent `statements` in `roundTrips`.
    static func record(_ operation: String, statements: Int, roundTrips: Int) {
        let (operations, statementCounter, roundTripCounter) = handles.withLock { handles in
            if let existing = handles[operation] { return existing }
            let dimensions = [("operation", operation)]
            let made = (
                Counter(label: operationsLabel, dimensions: dimensions),
                Counter(label: statementsLabel, dimensions: dimensions),
                Counter(label: roundTripsLabel, dimensions: dimensions)
            )
            handles[operation] = made
            return made
        }
        operations.increment()
        statementCounter.increment(by: statements)
        roundTripCounter.increment(by: roundTrips)
    }
}

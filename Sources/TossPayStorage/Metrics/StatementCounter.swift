import Synchronization

/// Counts what one transaction (or one write in a SQLite batch) sent to the database:
/// statements, and round trips — each wait for the database: a hop to SQLite's thread pool or a
/// PostgreSQL request and its answer. Today every statement is one round trip; batching makes
/// them differ.
final class StatementCounter: Sendable {
    private let counts = Mutex<(statements: Int, roundTrips: Int)>((0, 0))

    /// One statement sent in one round trip.
    func statement() {
        counts.withLock { $0.statements += 1; $0.roundTrips += 1 }
    }

    /// What was counted.
    var totals: (statements: Int, roundTrips: Int) { counts.withLock { $0 } }
}

import Synchronization

/// Counts what one transaction (or one write in a SQLite batch) sent to the database:
/// statements, and round trips — each wait for the database: a PostgreSQL request and its
/// answer, or a SQLite write's hop to the writer's thread and back. On SQLite a statement runs
/// on the thread that is already there, so it is no round trip of its own (decision 59).
final class StatementCounter: Sendable {
    private let counts = Mutex<(statements: Int, roundTrips: Int)>((0, 0))

    /// One statement sent in one round trip (PostgreSQL).
    func statement() {
        counts.withLock { $0.statements += 1; $0.roundTrips += 1 }
    }

    /// One statement run on the current thread, without a round trip (SQLite).
    func inlineStatement() {
        counts.withLock { $0.statements += 1 }
    }

    /// One round trip without a statement of its own (a SQLite write's hop to the writer).
    func roundTrip() {
        counts.withLock { $0.roundTrips += 1 }
    }

    /// What was counted.
    var totals: (statements: Int, roundTrips: Int) { counts.withLock { $0 } }
}

import Logging
import Synchronization

/// The single writer of a SQLite database, with group commit, on its own thread.
///
/// Writes queue here and one loop runs them in order on the one write connection. Whatever has
/// queued while a commit was on its way to disk runs as the next batch: one `BEGIN IMMEDIATE`,
/// each write inside its own `SAVEPOINT` (a failing write is rolled back alone, exactly as if
/// it had been its own transaction), and one `COMMIT` — one fsync for the whole batch. Each
/// caller is answered only after that commit is durable. Under load this turns N fsyncs into
/// one; alone, a write waits for nothing.
///
/// The loop is a task preferring ``SQLiteWriterThread``: the batch's statements run there
/// synchronously through ``SQLiteHandle``, so a write costs one hop to the writer and one back,
/// however many statements it runs (decision 59).
final class SQLiteWriter: Sendable {
    /// One queued write; `run` performs it and answers its caller.
    struct Job: Sendable {
        /// The ledger operation it runs for (``StoreOperation``).
        let operation: String
        let perform: @Sendable (SQLiteStoreTransaction) async throws -> any Sendable
        let answer: @Sendable (Result<any Sendable, any Error>) -> Void
    }

    /// The most writes in one transaction.
    static let maximumBatch = 64

    let connection: SQLiteHandle
    let logger: Logger
    private let thread: SQLiteWriterThread
    private let pending = Mutex<(jobs: [Job], closed: Bool)>(([], false))
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let loop = Mutex<Task<Void, Never>?>(nil)

    init(connection: SQLiteHandle, logger: Logger) {
        self.connection = connection
        self.logger = logger
        thread = SQLiteWriterThread()
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let task = Task(executorPreference: thread) { [self] in await self.runLoop() }
        loop.withLock { $0 = task }
    }

    /// Queues `work` and returns its result once the batch holding it is committed.
    func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let result: any Sendable = try await withCheckedThrowingContinuation { continuation in
            let job = Job(operation: StoreOperation.current, perform: { try await work($0) }, answer: { continuation.resume(with: $0) })
            let accepted = pending.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.jobs.append(job)
                return true
            }
            guard accepted else {
                continuation.resume(throwing: StoreError.unavailable)
                return
            }
            wake.yield()
        }
        guard let value = result as? T else { throw StoreError.unexpectedRow("result of a write") }
        return value
    }

    /// Stops taking writes, finishes the queued ones, ends the loop and its thread.
    func shutdown() async {
        stopTaking()
        await loop.withLock { $0 }?.value
        do {
            try await thread.shutdown()
        } catch {
            logger.error("the SQLite writer's thread did not stop", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }

    /// For an owner released without ``shutdown()``: stops taking writes and lets the loop
    /// finish the queued ones and stop its thread in the background.
    func abandon() {
        stopTaking()
        Task.detached { [self] in await shutdown() }
    }

    private func stopTaking() {
        pending.withLock { $0.closed = true }
        wake.finish()
    }

    private func runLoop() async {
        for await _ in wakeups {
            await drain()
        }
        await drain()
    }

    private func drain() async {
        while true {
            let batch = pending.withLock { state -> [Job] in
                let count = min(Self.maximumBatch, state.jobs.count)
                let taken = Array(state.jobs.prefix(count))
                state.jobs.removeFirst(count)
                return taken
            }
            if batch.isEmpty { return }
            await commit(batch)
        }
    }

    private func commit(_ batch: [Job]) async {
        var results: [Result<any Sendable, any Error>] = []
        do {
            try connection.execute("BEGIN IMMEDIATE")
        } catch {
            for job in batch { job.answer(.failure(error)) }
            return
        }
        do {
            for job in batch {
                let transaction = SQLiteStoreTransaction(connection: connection, counter: StatementCounter())
                transaction.counter.roundTrip()
                defer { StoreStatistics.record(job.operation, transaction.counter) }
                try await transaction.query("SAVEPOINT job")
                do {
                    let value = try await job.perform(transaction)
                    try await transaction.query("RELEASE job")
                    results.append(.success(value))
                } catch {
                    // Undo this write alone; the batch goes on.
                    try await transaction.query("ROLLBACK TO job")
                    try await transaction.query("RELEASE job")
                    results.append(.failure(error))
                }
            }
            try connection.execute("COMMIT")
            StoreStatistics.record("commit", statements: 2, roundTrips: 0)
        } catch {
            // The transaction itself failed: nothing of the batch is kept.
            do {
                try connection.execute("ROLLBACK")
            } catch let rollbackError {
                logger.error("rollback failed", metadata: ["error.type": "\(String(reflecting: type(of: rollbackError)))"])
            }
            for job in batch { job.answer(.failure(error)) }
            return
        }
        for (job, result) in zip(batch, results) { job.answer(result) }
    }
}

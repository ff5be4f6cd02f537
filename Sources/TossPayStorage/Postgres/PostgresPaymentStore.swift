import Foundation
public import Logging
import PostgresNIO
import TossPayCore

/// The PostgreSQL store: many `tosspay serve` instances may share one database.
///
/// Exactly once across instances rests on the database, not on a single writer: each write is
/// one READ COMMITTED transaction that locks what it decides on (see ``PostgresStoreTransaction``),
/// unique constraints refuse a second PAY step or a repeated refundNo, and a write that loses a
/// race the database detects (serialization failure, deadlock, a key another instance inserted
/// first) is run again from the start, a bounded number of times with jittered back-off. Work
/// that is retried is the whole `write` closure, so it sees the winner's result and decides
/// again. Commits are durable when `COMMIT` returns (`synchronous_commit` on, the default).
public final class PostgresPaymentStore: PaymentStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// How many times a write is tried before ``StoreError/conflict(attempts:)``.
    let maximumAttempts: Int

    /// The advisory lock key that makes starting instances run migrations one at a time.
    static let migrationLockKey = PostgresStoreTransaction.lockKey("tosspay.schema_migrations")

    /// The constraints whose violation a retry resolves: the winner's row is then read instead
    /// of inserted (a merchant, key, buyer, setting or promotion created by two instances at once).
    static let retryableConstraints: Set<String> = [
        "merchants_pkey", "api_keys_pkey", "users_pkey", "settings_pkey", "promotions_pkey", "order_numbers_pkey",
    ]

    /// Connects to `url` (`postgres://user:password@host:port/database`, see
    /// ``PostgresDatabaseURL``), brings the schema up to date and returns the store.
    ///
    /// - Parameters:
    ///   - url: where the database is.
    ///   - startTimeout: how long to wait for the database at start.
    public static func open(url: String, startTimeout: Duration = .seconds(30), logger: Logger) async throws -> PostgresPaymentStore {
        let address = try PostgresDatabaseURL(url)
        let client = PostgresClient(configuration: address.clientConfiguration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let store = PostgresPaymentStore(client: client, runner: runner, logger: logger)
        do {
            try await withDeadline(startTimeout) { try await store.migrate() }
            logger.info("opened PostgreSQL store", metadata: ["db": "\(address)"])
            return store
        } catch {
            runner.cancel()
            await runner.value
            throw Self.storeError(error)
        }
    }

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger, maximumAttempts: Int = 12) {
        self.client = client
        self.runner = runner
        self.logger = logger
        self.maximumAttempts = maximumAttempts
    }

    /// Applies the migrations not yet applied, in one transaction holding an advisory lock: a
    /// second instance starting at the same time waits, then finds them applied.
    func migrate() async throws {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                    logger: logger
                )
                var applied: Set<Int> = []
                for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
                    applied.insert(version)
                }
                try Migration.checkKnown(applied, known: Migration.postgres)
                for migration in Migration.postgres where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, applied_at)
                        VALUES (\(migration.version), \(migration.name), \(Int64(Date().timeIntervalSince1970)))
                        """,
                        logger: logger
                    )
                    logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await run(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", forWrite: true, work)
            } catch let error as PSQLError where Self.isRetryable(error) {
                guard attempt < maximumAttempts else {
                    logger.warning("write kept conflicting", metadata: ["attempts": "\(attempt)", "sqlstate": "\(Self.sqlState(error) ?? "-")"])
                    throw StoreError.conflict(attempts: attempt)
                }
                logger.debug("retrying write", metadata: ["attempt": "\(attempt)", "sqlstate": "\(Self.sqlState(error) ?? "-")"])
                try await Task.sleep(for: Self.backoff(attempt: attempt))
            } catch {
                throw Self.storeError(error)
            }
        }
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        do {
            return try await run(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", forWrite: false, work)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `work` in one transaction on a leased connection: COMMIT if it returns, ROLLBACK if
    /// it throws.
    private func run<T: Sendable>(
        begin: PostgresQuery, forWrite: Bool, _ work: @escaping @Sendable (any StoreTransaction) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        let operation = StoreOperation.current
        return try await client.withConnection { connection in
            let transaction = PostgresStoreTransaction(connection: connection, logger: logger, forWrite: forWrite)
            defer { StoreStatistics.record(operation, transaction.counter) }
            try await transaction.query(begin)
            do {
                let result = try await work(transaction)
                guard !transaction.hasFailed else { throw StoreError.unexpectedRow("a failed statement (the transaction was aborted)") }
                try await transaction.query("COMMIT")
                return result
            } catch {
                do {
                    transaction.counter.statement()
                    try await connection.query("ROLLBACK", logger: logger)
                } catch let rollbackError {
                    logger.error("rollback failed", metadata: ["error.type": "\(String(reflecting: type(of: rollbackError)))"])
                }
                throw error
            }
        }
    }

    public func close() async throws {
        runner.cancel()
        await runner.value
    }

    // MARK: Errors

    static func sqlState(_ error: PSQLError) -> String? { error.serverInfo?[.sqlState] }

    /// Serialization failure, deadlock, or a key another transaction inserted first.
    static func isRetryable(_ error: PSQLError) -> Bool {
        switch sqlState(error) {
        case "40001", "40P01": return true
        case "23505": return error.serverInfo?[.constraintName].map(retryableConstraints.contains) ?? false
        default: return false
        }
    }

    /// Jittered exponential back-off: up to 2 ms, 4 ms, … capped at 250 ms.
    static func backoff(attempt: Int) -> Duration {
        let ceiling = min(250.0, 2.0 * pow(2.0, Double(attempt - 1)))
        return .microseconds(Int64(Double.random(in: 0.2...1.0) * ceiling * 1_000))
    }

    /// Errors for callers: the app's own errors as they are, database errors as a
    /// ``StoreError`` that carries no SQL and no bound value.
    static func storeError(_ error: any Error) -> any Error {
        switch error {
        case let error as PSQLError:
            switch error.code {
            case .server:
                let state = sqlState(error) ?? "XX000"
                return state == "23505" ? StoreError.duplicate : StoreError.database(sqlState: state)
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
                 .sslUnsupported, .failedToAddSSLHandler, .queryCancelled:
                return StoreError.unavailable
            default:
                return StoreError.database(sqlState: "client \(error.code)")
            }
        case is PostgresDecodingError:
            return StoreError.unexpectedRow("a column of the expected type")
        default:
            return error
        }
    }
}

/// Runs `body`, failing with ``StoreError/unavailable`` if it has not finished after `timeout`.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else { throw StoreError.unavailable }
        return result
    }
}

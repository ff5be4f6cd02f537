import Synchronization
import Foundation
public import Logging
import TossPayCore

/// The SQLite store: one file, WAL journal, `synchronous=FULL` so a commit is on disk before
/// ``write(_:)`` returns.
///
/// All writes go through one connection in order (``SQLiteWriter``, the single writer on its own
/// thread, which commits whatever queued meanwhile as one batch); reads run on their caller's
/// thread on connections of their own (``SQLiteReaderPool``), each read one snapshot. Statements
/// go straight to SQLite's C API, prepared once per connection (``SQLiteHandle``).
public final class SQLitePaymentStore: PaymentStore {
    private let writeQueue: SQLiteWriter
    private let readers: SQLiteReaderPool
    private let logger: Logger
    /// Set once ``close()`` finished.
    private let closed = Mutex(false)

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - readConnections: how many idle read connections are kept.
    public static func open(path: String, readConnections: Int = 2, logger: Logger) async throws -> SQLitePaymentStore {
        let writer = try SQLiteHandle.open(path: path)
        do {
            try configure(writer)
            try writer.execute("PRAGMA journal_mode = WAL")
            try writer.execute("PRAGMA synchronous = FULL")
            try migrate(writer, logger: logger)
            let readers = SQLiteReaderPool(path: path, keep: readConnections)
            // Opens one read connection now, so a file that cannot be read fails here.
            readers.give(try readers.take())
            return SQLitePaymentStore(writer: writer, readers: readers, logger: logger)
        } catch {
            writer.close()
            throw error
        }
    }

    private init(writer: SQLiteHandle, readers: SQLiteReaderPool, logger: Logger) {
        self.writeQueue = SQLiteWriter(connection: writer, logger: logger)
        self.readers = readers
        self.logger = logger
    }

    /// Settings every connection of the store gets.
    static func configure(_ connection: SQLiteHandle) throws {
        try connection.execute("PRAGMA foreign_keys = ON")
        try connection.execute("PRAGMA busy_timeout = 10000")
    }

    static func migrate(_ connection: SQLiteHandle, logger: Logger) throws {
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)")
        let rows = try connection.query("SELECT version FROM schema_migrations")
        let applied = Set(rows.compactMap { row -> Int? in
            guard case .integer(let version)? = row.column("version") else { return nil }
            return version
        })
        try Migration.checkKnown(applied, known: Migration.sqlite)
        for migration in Migration.sqlite where !applied.contains(migration.version) {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                for statement in migration.statements {
                    try connection.execute(statement)
                }
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.integer(migration.version), .text(migration.name), .integer(Int(Date().timeIntervalSince1970))]
                )
                try connection.execute("COMMIT")
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await writeQueue.write(work)
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let operation = StoreOperation.current
        let connection = try readers.take()
        defer { readers.give(connection) }
        let transaction = SQLiteStoreTransaction(connection: connection, counter: StatementCounter())
        defer { StoreStatistics.record(operation, transaction.counter) }
        try await transaction.query("BEGIN")
        do {
            let result = try await work(transaction)
            try await transaction.query("COMMIT")
            return result
        } catch {
            try? await transaction.query("ROLLBACK")
            throw error
        }
    }

    public func close() async throws {
        await writeQueue.shutdown()
        readers.close()
        writeQueue.connection.close()
        closed.withLock { $0 = true }
    }

    /// A store released without a finished ``close()`` (its owner threw first) stops its writer
    /// and closes its connections here.
    deinit {
        guard !closed.withLock({ $0 }) else { return }
        readers.close()
        writeQueue.abandon()
    }
}

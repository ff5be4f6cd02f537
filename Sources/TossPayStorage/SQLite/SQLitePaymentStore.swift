import Synchronization
import Foundation
public import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import TossPayCore

/// The SQLite store: one file, WAL journal, `synchronous=FULL` so a commit is on disk before
/// ``write(_:)`` returns.
///
/// All writes go through one connection in order (``SQLiteWriter``, the single writer, which
/// commits whatever queued meanwhile as one batch); reads use a small pool of their own
/// connections, each read one snapshot.
public final class SQLitePaymentStore: PaymentStore {
    private let writer: SQLiteConnection
    private let writeQueue: SQLiteWriter
    private let readers: ReaderPool
    private let logger: Logger
    /// Set once ``close()`` finished.
    private let closed = Mutex(false)

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - readConnections: how many connections serve reads.
    public static func open(path: String, readConnections: Int = 2, logger: Logger) async throws -> SQLitePaymentStore {
        let writer = try await openConnection(path: path, logger: logger)
        do {
            try await writer.run("PRAGMA journal_mode = WAL")
            try await writer.run("PRAGMA synchronous = FULL")
            try await migrate(writer, logger: logger)
            var readers: [SQLiteConnection] = []
            for _ in 0..<max(1, readConnections) {
                let reader = try await openConnection(path: path, logger: logger)
                try await reader.run("PRAGMA query_only = ON")
                readers.append(reader)
            }
            return SQLitePaymentStore(writer: writer, readers: ReaderPool(readers), logger: logger)
        } catch {
            try? await writer.close()
            throw error
        }
    }

    private init(writer: SQLiteConnection, readers: ReaderPool, logger: Logger) {
        self.writer = writer
        self.writeQueue = SQLiteWriter(connection: writer, logger: logger)
        self.readers = readers
        self.logger = logger
    }

    private static func openConnection(path: String, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        try await connection.run("PRAGMA foreign_keys = ON")
        try await connection.run("PRAGMA busy_timeout = 10000")
        return connection
    }

    static func migrate(_ connection: SQLiteConnection, logger: Logger) async throws {
        try await connection.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)")
        let rows = try await connection.query("SELECT version FROM schema_migrations")
        let applied = Set(rows.compactMap { $0.column("version")?.integer })
        try Migration.checkKnown(applied, known: Migration.sqlite)
        for migration in Migration.sqlite where !applied.contains(migration.version) {
            try await connection.run("BEGIN IMMEDIATE")
            do {
                for statement in migration.statements {
                    try await connection.run(statement)
                }
                try await connection.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.integer(migration.version), .text(migration.name), .integer(Int(Date().timeIntervalSince1970))]
                )
                try await connection.run("COMMIT")
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            } catch {
                try? await connection.run("ROLLBACK")
                throw error
            }
        }
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await writeQueue.write(work)
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let operation = StoreOperation.current
        return try await readers.withConnection { connection in
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
    }

    public func close() async throws {
        await writeQueue.shutdown()
        try await readers.closeAll()
        try await writer.close()
        closed.withLock { $0 = true }
    }

    /// A store released without a finished ``close()`` (its owner threw first) closes its
    /// connections here rather than leave SQLiteNIO to stop the process. Each close keeps its
    /// connection alive until done.
    deinit {
        guard !closed.withLock({ $0 }) else { return }
        _ = writer.close()
        for reader in readers.connections { _ = reader.close() }
    }
}

/// A fixed set of read connections handed out one task at a time.
actor ReaderPool {
    private var idle: [SQLiteConnection]
    private var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []
    private var all: [SQLiteConnection]
    /// Every connection of the pool (for a last-resort close).
    nonisolated let connections: [SQLiteConnection]

    init(_ connections: [SQLiteConnection]) {
        idle = connections
        all = connections
        self.connections = connections
    }

    private func take() async -> SQLiteConnection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func give(_ connection: SQLiteConnection) {
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    nonisolated func withConnection<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let connection = await take()
        do {
            let result = try await body(connection)
            await give(connection)
            return result
        } catch {
            await give(connection)
            throw error
        }
    }

    func closeAll() async throws {
        for connection in all {
            try await connection.close()
        }
    }
}

extension SQLiteConnection {
    /// Runs a statement whose rows, if any, are not needed.
    func run(_ sql: String, _ binds: [SQLiteData] = []) async throws {
        _ = try await query(sql, binds)
    }
}

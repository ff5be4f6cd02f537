import Synchronization

/// Read connections to one SQLite file, handed to one reader at a time.
///
/// A read runs on its caller's thread (a read of a few indexed rows takes microseconds, far less
/// than a hop to another thread and back), so the pool never makes a reader wait: with every
/// kept connection busy it opens another, and keeps at most ``keep`` of them once given back.
final class SQLiteReaderPool: Sendable {
    private let path: String
    private let keep: Int
    private let state = Mutex<(idle: [SQLiteHandle], closed: Bool)>(([], false))

    /// A pool for the database at `path` keeping up to `keep` idle connections.
    init(path: String, keep: Int) {
        self.path = path
        self.keep = max(1, keep)
    }

    /// An idle connection, or a new one; ``StoreError/unavailable`` once closed.
    func take() throws -> SQLiteHandle {
        let idle = try state.withLock { state -> SQLiteHandle? in
            guard !state.closed else { throw StoreError.unavailable }
            return state.idle.popLast()
        }
        if let idle { return idle }
        let connection = try SQLiteHandle.open(path: path)
        do {
            try SQLitePaymentStore.configure(connection)
            try connection.execute("PRAGMA query_only = ON")
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Returns a connection taken with ``take()``; closes it if the pool has enough or is closed.
    func give(_ connection: SQLiteHandle) {
        let kept = state.withLock { state -> Bool in
            guard !state.closed, state.idle.count < keep else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes the idle connections; connections in use close when given back.
    func close() {
        let idle = state.withLock { state -> [SQLiteHandle] in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { connection.close() }
    }
}

import Synchronization
import TossPayStorage

/// A store that works like the one it wraps until ``down`` is set, then fails every read and
/// write, as a database that has gone away does.
final class OutageStore: PaymentStore {
    /// The failure every call throws while the store is down.
    struct Unavailable: Error {}

    let base: any PaymentStore
    let down = Atomic<Bool>(false)

    init(_ base: any PaymentStore) {
        self.base = base
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        guard !down.load(ordering: .sequentiallyConsistent) else { throw Unavailable() }
        return try await base.write(work)
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        guard !down.load(ordering: .sequentiallyConsistent) else { throw Unavailable() }
        return try await base.read(work)
    }

    func close() async throws {
        try await base.close()
    }
}

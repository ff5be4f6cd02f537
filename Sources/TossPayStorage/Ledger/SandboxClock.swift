import Foundation
import Synchronization

/// The sandbox clock: wall-clock time plus an offset that only moves forward.
///
/// Expiry, settlement and maintenance windows read this clock, so advancing it lets a merchant
/// test a 15-minute expiry or a year-long settlement period in a second. The offset is stored
/// (setting `clock.offsetMillis`) so a restart keeps the time.
public final class SandboxClock: Sendable {
    static let settingKey = "clock.offsetMillis"
    private let offset: Mutex<Int64>
    private let wallClock: @Sendable () -> Int64

    /// Creates a clock with `offsetMillis` already applied.
    public init(offsetMillis: Int64 = 0, wallClock: @escaping @Sendable () -> Int64 = SandboxClock.systemMillis) {
        self.offset = Mutex(offsetMillis)
        self.wallClock = wallClock
    }

    /// Milliseconds since the Unix epoch from the system clock.
    public static func systemMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The sandbox time, epoch milliseconds.
    public func now() -> Int64 { wallClock() + offset.withLock { $0 } }

    /// The sandbox time, with the offset as `transaction` sees it stored. Another server instance
    /// on the same database may have advanced the clock; this reads the stored offset without
    /// holding it (one small query) so every instance decides with the same time.
    public func now(in transaction: any StoreTransaction) async throws -> Int64 {
        if let stored = try await transaction.latestSetting(Self.settingKey), let value = Int64(stored) {
            offset.withLock { $0 = max($0, value) }
        }
        return now()
    }

    /// How far ahead of the wall clock the sandbox is, in milliseconds.
    public var offsetMillis: Int64 { offset.withLock { $0 } }

    /// Loads the stored offset.
    public func load(from store: any PaymentStore) async throws {
        let stored = try await store.read { try await $0.setting(Self.settingKey) }
        if let stored, let value = Int64(stored) {
            offset.withLock { $0 = max($0, value) }
        }
    }

    /// Moves the clock forward by `millis` and stores the new offset.
    public func advance(by millis: Int64, store: any PaymentStore) async throws {
        let updated = try await store.write { transaction in
            let current = Int64(try await transaction.setting(Self.settingKey) ?? "0") ?? 0
            let next = current + millis
            try await transaction.setSetting(Self.settingKey, String(next))
            return next
        }
        offset.withLock { $0 = updated }
    }
}

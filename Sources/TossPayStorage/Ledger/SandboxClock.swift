import Foundation
import Synchronization

/// The sandbox clocks: wall-clock time plus an offset that moves forward, one per merchant
/// (SPEC §5: each merchant's world has its own clock) — and back to the base once, when the
/// merchant resets its world (``resettingOffset(merchantId:_:)``).
///
/// Expiry, settlement and maintenance windows read a merchant's clock, so advancing it lets the
/// merchant test a 15-minute expiry or a year-long settlement period in a second without moving
/// any other merchant's time. A merchant's offset is stored as setting
/// `clock.offsetMillis.merchant.{id}`. Merchants that never advanced their clock run at the
/// base offset, setting `clock.offsetMillis` — the one clock of earlier versions, which every
/// merchant inherits on upgrade and nothing moves any more. A merchant's offset is never below
/// the base, so the base time is a lower bound of every merchant's time.
public final class SandboxClock: Sendable {
    static let settingKey = "clock.offsetMillis"
    static let merchantKeyPrefix = "clock.offsetMillis.merchant."
    private let base: Mutex<Int64>
    private let wallClock: @Sendable () -> Int64
    /// Merchants' offsets as last read or written, when this process is the store's only server
    /// (SQLite): then no write of a clock can come from elsewhere, and an operation need not read
    /// it (issue 14). Nil on PostgreSQL, where another instance may advance a clock at any time
    /// and every operation reads its merchant's offset in its own transaction.
    private let remembered: Mutex<RememberedOffsets>?

    /// Creates a clock whose base offset is `offsetMillis`; `remembersOffsets` keeps merchants'
    /// offsets in memory (only for a store no other server process writes).
    public init(
        offsetMillis: Int64 = 0, remembersOffsets: Bool = false, wallClock: @escaping @Sendable () -> Int64 = SandboxClock.systemMillis
    ) {
        self.base = Mutex(offsetMillis)
        self.wallClock = wallClock
        self.remembered = remembersOffsets ? Mutex(RememberedOffsets()) : nil
    }

    /// Milliseconds since the Unix epoch from the system clock.
    public static func systemMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The setting holding `merchantId`'s own offset.
    static func key(merchantId: String) -> String { merchantKeyPrefix + merchantId }

    /// The base time (wall clock plus the base offset): no merchant's clock is behind it.
    public func now() -> Int64 { wallClock() + baseOffsetMillis }

    /// The base offset, milliseconds.
    public var baseOffsetMillis: Int64 { base.withLock { $0 } }

    /// `merchantId`'s offset as `transaction` sees it stored (latest committed value, not held):
    /// another server instance on the same database may have advanced it.
    public func offset(merchantId: String, in transaction: any StoreTransaction) async throws -> Int64 {
        let looked = remembered?.withLock { $0.lookUp(merchantId) }
        if let known = looked?.offset { return known }
        let base = baseOffsetMillis
        var offset = base
        if let stored = try await transaction.latestSetting(Self.key(merchantId: merchantId)), let value = Int64(stored) {
            offset = max(value, base)
        }
        if let ticket = looked?.ticket {
            let read = offset
            remembered?.withLock { $0.remember(read, merchantId: merchantId, ticket: ticket) }
        }
        return offset
    }

    /// `merchantId`'s time, epoch milliseconds (one small read of its offset).
    public func now(merchantId: String, in transaction: any StoreTransaction) async throws -> Int64 {
        wallClock() + (try await offset(merchantId: merchantId, in: transaction))
    }

    /// Every merchant whose own clock is ahead of the base, with its time now.
    public func aheadOfBase(in transaction: any StoreTransaction) async throws -> [(merchantId: String, now: Int64)] {
        let base = baseOffsetMillis
        let wall = wallClock()
        return try await transaction.settings(prefix: Self.merchantKeyPrefix).compactMap { key, value in
            guard let offset = Int64(value), offset > base else { return nil }
            return (String(key.dropFirst(Self.merchantKeyPrefix.count)), wall + offset)
        }.sorted { $0.merchantId < $1.merchantId }
    }

    /// Loads the stored base offset (at start-up).
    public func load(from store: any PaymentStore) async throws {
        let stored = try await store.read { try await $0.setting(Self.settingKey) }
        if let stored, let value = Int64(stored) {
            base.withLock { $0 = max($0, value) }
        }
    }

    /// Moves `merchantId`'s clock forward by `millis` and stores its new offset; returns it.
    @discardableResult
    public func advance(merchantId: String, by millis: Int64, store: any PaymentStore) async throws -> Int64 {
        let base = baseOffsetMillis
        return try await changingOffset(of: merchantId) {
            let next = try await store.write { transaction in
                let key = Self.key(merchantId: merchantId)
                let current = max(Int64(try await transaction.setting(key) ?? "") ?? base, base)
                let next = current + millis
                try await transaction.setSetting(key, String(next))
                return next
            }
            return (next, next)
        }
    }

    /// Runs `write`, which deletes `merchantId`'s own offset (setting ``key(merchantId:)``) in
    /// one committed transaction, and returns what it returns: the merchant's clock is back at
    /// the base time (the wall clock, unless an earlier version's clock was advanced). The one
    /// move backwards (`POST /sandbox/v1/reset`); every instance sees it: on PostgreSQL each
    /// operation reads the offset in its own transaction, and on SQLite this process, the only
    /// server, forgets what it remembered.
    public func resettingOffset<T: Sendable>(merchantId: String, _ write: () async throws -> T) async throws -> T {
        let base = baseOffsetMillis
        return try await changingOffset(of: merchantId) { (try await write(), base) }
    }

    /// Runs `write`, a committed change of `merchantId`'s offset that answers its result and the
    /// offset it stored, keeping what this process remembers right (see ``RememberedOffsets``).
    private func changingOffset<T>(of merchantId: String, _ write: () async throws -> (result: T, offset: Int64)) async throws -> T {
        guard let ticket = remembered?.withLock({ $0.beginChange(merchantId) }) else { return try await write().result }
        do {
            let (result, offset) = try await write()
            remembered?.withLock { $0.endChange(merchantId, ticket: ticket, offset: offset) }
            return result
        } catch {
            remembered?.withLock { $0.endChange(merchantId, ticket: ticket, offset: nil) }
            throw error
        }
    }
}

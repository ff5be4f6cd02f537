/// What a ``SandboxClock`` remembers of merchants' clock offsets on SQLite, where its process is
/// the store's only server (issue 14: an operation then need not read its merchant's offset).
///
/// A clock moves backwards once, at a reset, so "keep the larger value" no longer decides which
/// of two racing updates is the newer. Instead, per merchant, every clock write (advance, reset)
/// counts once as it begins and once as it ends, and memory keeps only values nothing can have
/// overtaken:
/// - a write that began and ended with no other write beginning or ending meanwhile stores the
///   offset it committed; any overlap forgets the merchant, and the next read goes to the store;
/// - an offset read from the store is kept only if no write was under way when the read began
///   and none began or ended before it was kept — so a read from a snapshot older than a reset's
///   commit never brings the old offset back;
/// - while a write is under way the merchant is not remembered: operations read the store, which
///   on SQLite's single writer already shows a reset queued before them.
struct RememberedOffsets: Sendable {
    /// The offsets known to be current, milliseconds.
    private var offsets: [String: Int64] = [:]
    /// Clock writes under way.
    private var writing: [String: Int] = [:]
    /// Clock writes begun or ended, ever.
    private var changes: [String: UInt64] = [:]

    /// The remembered offset, or else (when no write is under way) the ticket that lets a read
    /// from the store be remembered.
    func lookUp(_ merchantId: String) -> (offset: Int64?, ticket: UInt64?) {
        if let offset = offsets[merchantId] { return (offset, nil) }
        return (nil, writing[merchantId] == nil ? changes[merchantId, default: 0] : nil)
    }

    /// Keeps `offset`, read from the store after ``lookUp(_:)`` gave `ticket`, unless a write
    /// began or ended since.
    mutating func remember(_ offset: Int64, merchantId: String, ticket: UInt64) {
        guard writing[merchantId] == nil, changes[merchantId, default: 0] == ticket else { return }
        offsets[merchantId] = offset
    }

    /// A write of the merchant's offset begins; returns its ticket for ``endChange(_:ticket:offset:)``.
    mutating func beginChange(_ merchantId: String) -> UInt64 {
        offsets[merchantId] = nil
        writing[merchantId, default: 0] += 1
        let ticket = changes[merchantId, default: 0] &+ 1
        changes[merchantId] = ticket
        return ticket
    }

    /// The write with `ticket` ended, having committed `offset` (nil: it failed).
    mutating func endChange(_ merchantId: String, ticket: UInt64, offset: Int64?) {
        let count = changes[merchantId, default: 0] &+ 1
        changes[merchantId] = count
        let stillWriting = writing[merchantId, default: 1] - 1
        writing[merchantId] = stillWriting > 0 ? stillWriting : nil
        // Alone from beginning to end: its offset is the latest committed one.
        offsets[merchantId] = stillWriting == 0 && count == ticket &+ 1 ? offset : nil
    }
}

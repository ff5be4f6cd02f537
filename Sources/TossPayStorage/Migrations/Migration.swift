/// One numbered, append-only schema change. Applied migrations are recorded in
/// `schema_migrations`; a database is brought up to date at start-up.
public struct Migration: Sendable {
    /// The version, starting at 1, one more than the previous.
    public let version: Int
    /// What it does.
    public let name: String
    /// The statements, run in one transaction.
    public let statements: [String]

    /// Refuses a database that has a migration this build does not know (SPEC §8 "Upgrades"):
    /// a newer tosspay wrote it, and an older instance must not serve it. Upgrade by stopping
    /// every instance, then starting the new version.
    static func checkKnown(_ applied: Set<Int>, known: [Migration]) throws {
        let latest = known.map(\.version).max() ?? 0
        if let newest = applied.max(), newest > latest {
            throw StoreError.schemaTooNew(found: newest, known: latest)
        }
    }

    /// Every SQLite migration in order.
    public static let sqlite: [Migration] = [
        .sqlite0001Initial, .sqlite0002Promotions, .sqlite0003ConsoleIndex, .sqlite0004KeyRevocation, .sqlite0005MaskCardNumbers,
        .sqlite0006BuyersPerMerchant, .sqlite0007Login, .sqlite0008LoginCallbacks, .sqlite0009ConsoleKeyset,
        .sqlite0010RequestLog,
    ]

    /// Every PostgreSQL migration in order; the versions and names are the SQLite ones (one
    /// numbering), the statements each backend's own.
    public static let postgres: [Migration] = [
        .postgres0001Initial, .postgres0002Promotions, .postgres0003ConsoleIndex, .postgres0004KeyRevocation,
        .postgres0005MaskCardNumbers, .postgres0006BuyersPerMerchant, .postgres0007Login, .postgres0008LoginCallbacks,
        .postgres0009ConsoleKeyset, .postgres0010RequestLog,
    ]
}

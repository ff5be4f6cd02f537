/// One numbered, append-only schema change. Applied migrations are recorded in
/// `schema_migrations`; a database is brought up to date at start-up.
public struct Migration: Sendable {
    /// The version, starting at 1, one more than the previous.
    public let version: Int
    /// What it does.
    public let name: String
    /// The statements, run in one transaction.
    public let statements: [String]

    /// Every SQLite migration in order.
    public static let sqlite: [Migration] = [
        .sqlite0001Initial, .sqlite0002Promotions, .sqlite0003ConsoleIndex, .sqlite0004KeyRevocation, .sqlite0005MaskCardNumbers,
    ]

    /// Every PostgreSQL migration in order; the versions and names are the SQLite ones (one
    /// numbering), the statements each backend's own.
    public static let postgres: [Migration] = [
        .postgres0001Initial, .postgres0002Promotions, .postgres0003ConsoleIndex, .postgres0004KeyRevocation,
        .postgres0005MaskCardNumbers,
    ]
}

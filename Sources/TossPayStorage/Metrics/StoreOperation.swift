/// The name of the ledger operation a store transaction runs for, so that statement and
/// round-trip counts are kept per operation (``StoreStatistics``). The ledger binds it around
/// each operation; a store reads it when the transaction starts.
public enum StoreOperation {
    /// The operation the current task works for; `other` outside the ledger's operations.
    @TaskLocal public static var current: String = "other"
}

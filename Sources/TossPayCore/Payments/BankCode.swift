/// A bank from `reference/bank-codes.tsv` (Toss Money's linked account).
public struct BankCode: Sendable, Hashable {
    /// The three-digit code, e.g. `092`.
    public let code: String
    /// The bank's name, e.g. `토스뱅크`.
    public let name: String

    /// The bank with `code`, or nil if the table does not list it.
    public init?(code: String) {
        guard let entry = Self.table.first(where: { $0.code == code }) else { return nil }
        self.code = entry.code
        self.name = entry.name
    }

    /// Toss Bank (092), the default charge account of sandbox buyers.
    public static let tossBank = BankCode(uncheckedCode: "092", name: "토스뱅크")

    private init(uncheckedCode: String, name: String) {
        self.code = uncheckedCode
        self.name = name
    }
}

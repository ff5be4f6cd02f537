/// A card company from `reference/card-companies.tsv`.
public struct CardCompany: Sendable, Hashable {
    /// The company (acquirer) code, 1–10.
    public let code: Int
    /// The company's name, e.g. `신한`.
    public let name: String

    /// The company with `code`, or nil if the table does not list it.
    public init?(code: Int) {
        guard let entry = Self.table.first(where: { $0.code == code }) else { return nil }
        self.code = entry.code
        self.name = entry.name
    }

    /// Whether the company takes payments. Citi (9, `씨티(미지원)`) does not.
    public var isSupported: Bool { code != 9 }

    /// Every company that takes payments, in table order.
    public static var supported: [CardCompany] {
        table.compactMap { CardCompany(code: $0.code) }.filter(\.isSupported)
    }
}

import TossPayCore

/// The table that keeps each JSON record type, as named in ``StoreError/corruptRow(table:column:)``.
enum RecordTable {
    static func name(of type: Any.Type) -> String {
        switch type {
        case is Payment.Type: "payments"
        case is PaymentTransaction.Type: "transactions"
        case is SandboxUser.Type: "users"
        case is Promotion.Type: "promotions"
        default: String(describing: type)
        }
    }
}

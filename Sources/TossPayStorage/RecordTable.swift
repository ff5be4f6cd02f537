import TossPayCore

/// The table that keeps each JSON record type, as named in ``StoreError/corruptRow(table:column:)``.
enum RecordTable {
    static func name(of type: Any.Type) -> String {
        switch type {
        case is Payment.Type: "payments"
        case is PaymentTransaction.Type: "transactions"
        case is SandboxUser.Type: "users"
        case is Promotion.Type: "promotions"
        case is LoginApp.Type: "login_apps"
        case is LoginConsent.Type: "login_consents"
        case is LoginGrant.Type: "login_grants"
        case is LoginCallbackDelivery.Type: "login_callbacks"
        default: String(describing: type)
        }
    }
}

/// What `console-workspace.mustache` shows: keys, certificates, and one page of payments with
/// the filters that chose them. Text is ready to show; the template escapes it.
struct ConsoleWorkspaceView: Sendable {
    /// Keys issued just now, shown this once.
    struct NewKeys: Sendable {
        let live: String
        let test: String
    }

    /// One API key: kind, fingerprint, date, and whether it is revoked or may be.
    struct KeyRow: Sendable {
        let kind: String
        let fingerprint: String
        let createdAt: String
        /// When it was revoked; nil while active.
        let revokedAt: String?
        /// Whether the row offers a revoke button (active and not a published test key; the
        /// last active key is refused when tried, with the reason).
        let revocable: Bool
    }

    /// What the server does with client certificates.
    struct Certificates: Sendable {
        /// The console can issue one (the server has the client CA's key).
        let canIssue: Bool
        /// The server asks clients for certificates.
        let required: Bool
        let merchantId: String
    }

    /// One choice of a filter's `<select>`.
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// The filter form as the request filled it.
    struct FilterFields: Sendable {
        let statusOptions: [Option]
        let modeOptions: [Option]
        let orderNo: String
        let userKey: String
        let from: String
        let to: String
    }

    /// One payment of the list.
    struct PaymentRow: Sendable {
        let payToken: String
        let createdAt: String
        let orderNo: String
        let productDesc: String
        let amountText: String
        let refundedText: String
        let statusLabel: String
        let mode: String
        let userKey: String
    }

    let merchant: ConsoleHeader
    let message: String?
    let error: String?
    let newKeys: NewKeys?
    let keys: [KeyRow]
    let certificates: Certificates
    let filters: FilterFields
    let hasPayments: Bool
    let payments: [PaymentRow]
    /// Links (keyset pages, same filters): the newest page when this is another one, and the
    /// neighbouring pages when there are any.
    let firstLink: String?
    let previousLink: String?
    let nextLink: String?
}

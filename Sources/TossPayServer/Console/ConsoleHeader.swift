import TossPayStorage

/// The signed-in merchant as `console-header.mustache` shows it.
struct ConsoleHeader: Sendable {
    let name: String
    let id: String

    init(_ merchant: Merchant) {
        name = merchant.name
        id = merchant.id
    }
}

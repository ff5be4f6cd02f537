/// What the console's short pages (a missing payment, no certificates) show besides their
/// fixed text: the signed-in merchant's header.
struct ConsoleMerchantView: Sendable {
    let merchant: ConsoleHeader
}

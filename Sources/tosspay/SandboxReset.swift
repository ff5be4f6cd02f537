import ArgumentParser
import TossPayClient

extension Sandbox {
    /// `tosspay sandbox reset`: `POST /sandbox/v1/reset` for the merchant of `--api-key` (or the
    /// certificate; on loopback without credentials, the built-in sandbox merchant).
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Empty the merchant's sandbox world and set its clock back to the wall clock.",
            discussion: """
            Removes the merchant's payments (TEST and LIVE), buyers, order-number history, promotions, bank maintenance \
            windows, login codes, tokens and consents, unlink callback deliveries and request-inspector entries; keeps its \
            API keys, certificates and login settings. No other merchant's world changes.
            """
        )
        @OptionGroup var client: ClientOptions

        /// The kinds in the order the server lists them; any other kind follows, by name.
        static let kinds = [
            "payments", "transactions", "journalEntries", "buyers", "orderNumbers", "promotions", "bankMaintenanceWindows",
            "loginGrants", "loginConsents", "loginCallbacks", "requests",
        ]

        func run() async throws {
            try await client.run { client in
                let reset = try await client.resetSandbox()
                let kinds = Self.kinds.filter { reset.removed[$0] != nil } + reset.removed.keys.filter { !Self.kinds.contains($0) }.sorted()
                let counts = kinds.map { "\($0) \(reset.removed[$0] ?? 0)" }.joined(separator: ", ")
                var removed = JSONObject()
                for kind in kinds { removed[kind] = .int(reset.removed[kind] ?? 0) }
                return (
                    "reset \(reset.merchantId): removed \(counts); clock \(reset.now) (offset \(reset.offsetSeconds) s)",
                    [
                        "merchantId": .string(reset.merchantId), "removed": .object(removed),
                        "clock": .object([
                            "now": .string(reset.now), "epochMillis": .int(reset.epochMillis),
                            "offsetSeconds": .int(reset.offsetSeconds), "movedBackSeconds": .int(reset.movedBackSeconds),
                        ]),
                    ]
                )
            }
        }
    }
}

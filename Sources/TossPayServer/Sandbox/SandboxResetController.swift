import Hummingbird
import Logging
import TossPayCore
import TossPayStorage

/// `POST /sandbox/v1/reset` (issue 15 §3): the caller's merchant starts again from an empty
/// world — its test runs can each begin from a known state. Authenticated like every sandbox
/// control (its key or certificate; open mode without credentials: the sandbox merchant), and
/// acting on that merchant's world only (SPEC §8).
struct SandboxResetController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator

    func addRoutes(to router: Router<TossPayRequestContext>) {
        router.group("sandbox/v1").post("reset", use: reset)
    }

    /// Empties the caller's world (``PaymentLedger/resetWorld(merchantId:)``: payments TEST and
    /// LIVE, buyers, order-number history, promotions, maintenance windows, login codes, tokens
    /// and consents, callback deliveries, inspector entries), keeps its keys, certificates and
    /// login settings, and sets its clock back to the wall clock. Takes no body (any body is
    /// ignored); answers what was removed and the clock.
    @Sendable func reset(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.authenticate(request, context: context, fields: FieldReader(object: [:]))
        let reset = try await ledger.resetWorld(merchantId: merchant.id)
        let removed = Self.removed(reset)
        var metadata: Logger.Metadata = ["merchantId": .string(merchant.id)]
        for (name, count) in removed { metadata["removed.\(name)"] = "\(count)" }
        var counts = JSONObject()
        for (name, count) in removed { counts[name] = .int(count) }
        context.logger.info("sandbox world reset", metadata: metadata)
        let clock = try await ledger.clock(merchantId: merchant.id)
        return Envelope.success([
            "merchantId": .string(merchant.id),
            "removed": .object(counts),
            "clock": .object([
                "now": .string(KoreaTime.format(milliseconds: clock.now)),
                "epochMillis": .int(clock.now),
                "offsetSeconds": .int(clock.offsetMillis / 1000),
                "movedBackSeconds": .int(reset.clockMovedBackMillis / 1000),
            ]),
        ])
    }

    /// What was removed, in the order and by the names the API answers.
    static func removed(_ reset: PaymentLedger.WorldReset) -> [(name: String, count: Int)] {
        let rows = reset.removed
        return [
            ("payments", rows.payments), ("transactions", rows.transactions), ("journalEntries", rows.journalEntries),
            ("buyers", rows.buyers), ("orderNumbers", rows.orderNumbers), ("promotions", rows.promotions),
            ("bankMaintenanceWindows", reset.maintenanceWindows), ("loginGrants", rows.loginGrants),
            ("loginConsents", rows.loginConsents), ("loginCallbacks", rows.loginCallbacks), ("requests", reset.requests),
        ]
    }
}

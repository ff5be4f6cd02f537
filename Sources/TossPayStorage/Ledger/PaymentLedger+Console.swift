public import TossPayCore

extension PaymentLedger {
    /// One payment as the console shows it: with its effective status and its steps.
    public struct ConsolePayment: Sendable {
        /// The payment, its status the effective one now.
        public var payment: Payment
        /// Its PAY and REFUND steps in order.
        public var transactions: [PaymentTransaction]
    }

    /// The merchant's payments matching `query`, newest first, each with its effective status.
    public func payments(matching query: PaymentQuery) async throws -> [Payment] {
        try await read("console_payments", merchantId: query.merchantId) { transaction, now in
            try await transaction.payments(matching: query).map { $0.shown(at: now) }
        }
    }

    /// One of `merchantId`'s payments with its steps; `nil` if it is not theirs or does not exist.
    public func consolePayment(payToken: String, merchantId: String) async throws -> ConsolePayment? {
        try await read("console_payment", merchantId: merchantId) { transaction, now in
            guard let payment = try await transaction.payment(token: payToken), payment.merchantId == merchantId else {
                return nil
            }
            return ConsolePayment(payment: payment.shown(at: now), transactions: try await transaction.transactions(payToken: payToken))
        }
    }

    /// A merchant's API keys (kinds, dates and fingerprints; never the keys).
    public func apiKeys(merchantId: String) async throws -> [ApiKeyRecord] {
        try await store.read { try await $0.apiKeys(merchantId: merchantId) }
    }

    /// Adds key hashes to an existing merchant; the earlier keys stay valid.
    public func addKeys(merchantId: String, keys: [(hash: String, kind: String)]) async throws {
        let clock = self.clock
        try await store.write { transaction in
            guard try await transaction.merchant(id: merchantId) != nil else { throw TossPayError(.commonUnauthorized) }
            try await transaction.addKeys(merchantId: merchantId, keys: keys, createdAt: try await clock.now(merchantId: merchantId, in: transaction))
        }
    }

    /// The secret that signs console sessions, made on first use and kept in the store, so
    /// every server instance on one database accepts the same sessions.
    public func consoleSecret(makeNew: @escaping @Sendable () -> String) async throws -> String {
        try await sharedSecret(Self.consoleSecretKey, makeNew: makeNew)
    }

    static let consoleSecretKey = "console.session_secret"
}

public import TossPayCore

extension PaymentLedger {
    /// Buyers a load spreads its payments over: each default buyer's bank balance covers this
    /// many payments of ``loadAmount``.
    public static let loadPaymentsPerBuyer = 5_000
    /// The amount of each loaded payment, in won.
    public static let loadAmount: Int64 = 1_000

    /// Stores `count` paid payments of `merchant` (`tosspay bench --load`), numbered from
    /// `first`: each one made, authorized with Toss Money and executed by the same Core decisions
    /// as the partner API, `chunk` payments per write transaction. The journal and the buyers
    /// stay exactly as if each had come over HTTP, so `tosspay verify` stays clean.
    ///
    /// - Returns: how many payments were stored.
    public func load(merchant: Merchant, first: Int, count: Int, chunk: Int = 500) async throws -> Int {
        let policy = settings
        var stored = 0
        while stored < count {
            let start = first + stored
            let size = min(chunk, count - stored)
            try await write("load", merchantId: merchant.id) { transaction, now in
                for number in start..<(start + size) {
                    try await Self.loadOne(number, merchant: merchant, policy: policy, now: now, in: transaction)
                }
            }
            stored += size
        }
        return stored
    }

    private static func loadOne(
        _ number: Int, merchant: Merchant, policy: PaymentPolicy, now: Int64, in transaction: any StoreTransaction
    ) async throws {
        let orderNo = "load-\(number)"
        let userKey = "load-buyer-\(number / loadPaymentsPerBuyer)"
        let split = try TaxSplit.resolve(amount: loadAmount, taxFree: 0, taxable: nil, vat: nil, serviceFee: nil)
        let request = MakePaymentRequest(orderNo: orderNo, productDesc: "bench load", amount: loadAmount, taxSplit: split, mode: .test)
        let rows = try await makeRows(merchantId: merchant.id, orderNo: orderNo, userKey: userKey, in: transaction)
        let made = try PaymentOperations.make(
            request, merchantId: merchant.id, userKey: userKey, rows: rows, payToken: PayToken.generate(), policy: policy, now: now
        )
        try await transaction.save(made.effects)
        let authorized = try PaymentOperations.authorize(
            made.payment, userKey: userKey, choice: CheckoutChoice(payMethod: .tossMoney),
            buyer: try await transaction.user(merchantId: merchant.id, key: userKey),
            promotions: [], now: now
        )
        try await transaction.save(authorized.effects)
        let executeRows = try await executeRows(authorized.payment, in: transaction)
        let decision = try PaymentOperations.execute(
            ExecutePaymentRequest(payToken: authorized.payment.payToken, orderNo: orderNo, mode: .test),
            merchantId: merchant.id, userKey: userKey, rows: executeRows, transactionId: newIdentifier(), now: now
        )
        guard case .paid(let effects, _) = decision else { throw PaymentOperations.discountClosedError }
        try await transaction.save(effects)
    }
}

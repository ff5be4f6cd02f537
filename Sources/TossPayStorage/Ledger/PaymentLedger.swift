import Foundation
public import TossPayCore

/// The payment operations of SPEC §3, each one transaction of the store: load the rows, ask
/// ``PaymentOperations`` (TossPayCore) for the decision, save its effects. No rule lives here.
/// A refused operation throws a ``TossPayError`` and writes nothing.
public struct PaymentLedger: Sendable {
    /// The store.
    public let store: any PaymentStore
    /// The sandbox clock.
    public let clock: SandboxClock
    /// The lifecycle's periods.
    public let settings: Settings

    /// The lifecycle's periods: expiry, settlement, orderNo reuse.
    public typealias Settings = PaymentPolicy
    /// A buyer's choice in the checkout window.
    public typealias CheckoutChoice = PaymentOperations.CheckoutChoice
    /// What a refund answers.
    public typealias RefundOutcome = PaymentOperations.RefundOutcome

    /// Creates a ledger.
    public init(store: any PaymentStore, clock: SandboxClock, settings: Settings = Settings()) {
        self.store = store
        self.clock = clock
        self.settings = settings
    }

    /// The most times an operation runs again after a concurrent first use of its buyer.
    static let maximumAttempts = 3

    /// Runs `work` in one write transaction; runs it again, from the loads, when its save met a
    /// buyer another transaction had just created.
    func write<T: Sendable>(_ operation: String, _ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let store = self.store
        return try await StoreOperation.$current.withValue(operation) {
            var attempt = 1
            while true {
                do {
                    return try await store.write(work)
                } catch LedgerRetry.buyerCreatedConcurrently where attempt < Self.maximumAttempts {
                    attempt += 1
                }
            }
        }
    }

    /// Runs `work` in one write transaction with `merchantId`'s sandbox time.
    func write<T: Sendable>(
        _ operation: String, merchantId: String, _ work: @escaping @Sendable (any StoreTransaction, Int64) async throws -> T
    ) async throws -> T {
        let clock = self.clock
        return try await write(operation) { transaction in
            try await work(transaction, try await clock.now(merchantId: merchantId, in: transaction))
        }
    }

    /// Runs `work` against a snapshot.
    func read<T: Sendable>(_ operation: String, _ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let store = self.store
        return try await StoreOperation.$current.withValue(operation) { try await store.read(work) }
    }

    /// Runs `work` against a snapshot with `merchantId`'s sandbox time.
    func read<T: Sendable>(
        _ operation: String, merchantId: String, _ work: @escaping @Sendable (any StoreTransaction, Int64) async throws -> T
    ) async throws -> T {
        let clock = self.clock
        return try await read(operation) { transaction in
            try await work(transaction, try await clock.now(merchantId: merchantId, in: transaction))
        }
    }

    /// Runs `work` on the store with `operation` named for the statement counts.
    func labelled<T: Sendable>(_ operation: String, _ work: () async throws -> T) async throws -> T {
        try await StoreOperation.$current.withValue(operation) { try await work() }
    }

    // MARK: Merchants

    /// Finds the merchant owning an API key by the key's hash.
    public func merchant(keyHash: String) async throws -> Merchant? {
        try await labelled("authenticate") { try await store.read { try await $0.merchant(keyHash: keyHash) } }
    }

    /// The merchant with `id`.
    public func merchant(id: String) async throws -> Merchant? {
        try await store.read { try await $0.merchant(id: id) }
    }

    /// Creates a merchant with the hashes of its keys.
    public func createMerchant(_ merchant: Merchant, keys: [(hash: String, kind: String)]) async throws {
        try await store.write { try await $0.insert(merchant, keys: keys) }
    }

    /// Creates the merchant if it does not exist yet.
    public func ensureMerchant(_ merchant: Merchant, keys: [(hash: String, kind: String)]) async throws {
        try await store.write { transaction in
            guard try await transaction.merchant(id: merchant.id) == nil else { return }
            try await transaction.insert(merchant, keys: keys)
        }
    }

    // MARK: Buyers

    /// The buyer with `userKey` in `merchantId`'s world, created the standard way on first use
    /// (with its opening entry).
    public func user(_ userKey: String, merchantId: String) async throws -> SandboxUser {
        if let user = try await read("buyer", { try await $0.user(merchantId: merchantId, key: userKey) }) { return user }
        return try await write("buyer") { transaction in
            let loaded = try await transaction.user(merchantId: merchantId, key: userKey)
            let (user, effects) = PaymentOperations.buyerOnFirstUse(loaded, merchantId: merchantId, userKey: userKey)
            try await transaction.save(effects)
            return user
        }
    }

    /// Creates or replaces a buyer in its merchant's world; the journal records the change of balances.
    public func saveUser(_ user: SandboxUser) async throws {
        try await write("save_buyer") { transaction in
            let previous = try await transaction.user(merchantId: user.merchantId, key: user.userKey)
            try await transaction.save(PaymentOperations.saveBuyer(user, previous: previous))
        }
    }

    // MARK: make-payment

    /// Creates a payment, applying the orderNo reuse rules.
    public func makePayment(merchant: Merchant, userKey: String, request: MakePaymentRequest) async throws -> Payment {
        let policy = settings
        return try await write("make", merchantId: merchant.id) { transaction, now in
            let rows = try await Self.makeRows(merchantId: merchant.id, orderNo: request.orderNo, userKey: userKey, in: transaction)
            let decision = try PaymentOperations.make(
                request, merchantId: merchant.id, userKey: userKey, rows: rows, payToken: PayToken.generate(), policy: policy, now: now
            )
            try await transaction.save(decision.effects)
            return decision.payment
        }
    }

    /// What make loads: the merchant's earlier payments of the orderNo, its first use, the buyer.
    static func makeRows(
        merchantId: String, orderNo: String, userKey: String, in transaction: any StoreTransaction
    ) async throws -> PaymentOperations.MakeRows {
        PaymentOperations.MakeRows(
            previous: try await transaction.payments(merchantId: merchantId, orderNo: orderNo),
            orderNoFirstUse: try await transaction.orderNoFirstUse(merchantId: merchantId, orderNo: orderNo),
            buyer: try await transaction.user(merchantId: merchantId, key: userKey)
        )
    }

    // MARK: Checkout

    /// The buyer authenticates and picks a method: PAY_STANDBY → PAY_APPROVED.
    public func authorize(payToken: String, userKey: String, choice: CheckoutChoice) async throws -> Payment {
        try await authorize(payToken: payToken, userKey: userKey, choice: choice, merchantId: nil)
    }

    /// Authorize for a caller acting on `merchantId`'s world only: another merchant's payment is
    /// `TRANSACTION_NOT_FOUND`, exactly like an unknown one (SPEC §8). Nil: the checkout window,
    /// which acts for the payment's buyer.
    public func authorize(payToken: String, userKey: String, choice: CheckoutChoice, merchantId: String?) async throws -> Payment {
        let clock = self.clock
        return try await write("authorize") { transaction in
            let payment = try PaymentOperations.existing(try await transaction.payment(token: payToken), merchantId: merchantId)
            let now = try await clock.now(merchantId: payment.merchantId, in: transaction)
            let buyer = try await transaction.user(merchantId: payment.merchantId, key: payment.userKey)
            let promotions = try await transaction.promotions(merchantId: payment.merchantId)
            let decision = try PaymentOperations.authorize(
                payment, userKey: userKey, choice: choice, buyer: buyer, promotions: promotions, now: now
            )
            try await transaction.save(decision.effects)
            return decision.payment
        }
    }

    /// The buyer closes the checkout window: PAY_STANDBY / PAY_APPROVED → PAY_CANCEL.
    /// With a `userKey`, it must be the payment's buyer.
    public func cancel(payToken: String, userKey: String?) async throws -> Payment {
        try await cancel(payToken: payToken, userKey: userKey, merchantId: nil)
    }

    /// Cancel for a caller acting on `merchantId`'s world only (nil: the checkout window).
    public func cancel(payToken: String, userKey: String?, merchantId: String?) async throws -> Payment {
        let clock = self.clock
        return try await write("cancel") { transaction in
            let payment = try PaymentOperations.existing(try await transaction.payment(token: payToken), merchantId: merchantId)
            let now = try await clock.now(merchantId: payment.merchantId, in: transaction)
            let decision = try PaymentOperations.cancel(payment, userKey: userKey, now: now)
            try await transaction.save(decision.effects)
            return decision.payment
        }
    }

    /// A payment by token for the checkout window (any merchant), as shown now on its merchant's
    /// clock, with that time.
    public func checkoutView(payToken: String) async throws -> (payment: Payment, now: Int64) {
        let clock = self.clock
        return try await read("checkout_view") { transaction in
            let payment = try PaymentOperations.existing(try await transaction.payment(token: payToken))
            let now = try await clock.now(merchantId: payment.merchantId, in: transaction)
            return (payment.shown(at: now), now)
        }
    }

    // MARK: execute-payment

    /// Executes an authenticated payment: PAY_APPROVED → PAY_PROGRESS → PAY_COMPLETE, debiting
    /// the buyer's method exactly once. When the promotion chosen at authorize has closed, the
    /// payment goes back to PAY_STANDBY (committed) and the call fails with `DISCOUNT_CLOSED`.
    public func execute(merchant: Merchant, userKey: String, request: ExecutePaymentRequest) async throws -> Payment {
        let decision = try await write("execute", merchantId: merchant.id) { transaction, now in
            let rows = try await Self.executeRows(try await transaction.payment(token: request.payToken), in: transaction)
            let decision = try PaymentOperations.execute(
                request, merchantId: merchant.id, userKey: userKey, rows: rows, transactionId: Self.newIdentifier(), now: now
            )
            try await transaction.save(decision.effects)
            return decision
        }
        switch decision {
        case .paid(_, let payment): return payment
        case .discountClosed: throw PaymentOperations.discountClosedError
        }
    }

    /// What execute loads for `payment`: its buyer, the merchant's promotions when the payment
    /// was authorized with one (only then are they locked), the maintenance windows in force.
    static func executeRows(_ payment: Payment?, in transaction: any StoreTransaction) async throws -> PaymentOperations.ExecuteRows {
        PaymentOperations.ExecuteRows(
            payment: payment,
            buyer: try await payment.asyncMap { try await transaction.user(merchantId: $0.merchantId, key: $0.userKey) } ?? nil,
            promotions: payment?.method?.promotionId == nil
                ? [] : try await payment.asyncMap { try await transaction.promotions(merchantId: $0.merchantId) } ?? [],
            maintenanceWindows: try await payment.asyncMap { try await transaction.maintenanceWindows(merchantId: $0.merchantId) } ?? []
        )
    }

    // MARK: refund-payment

    /// Refunds everything still refundable, or `request.amount`. A repeated `refundNo` with the
    /// same body returns the first result.
    public func refund(merchant: Merchant, userKey: String, request: RefundPaymentRequest) async throws -> RefundOutcome {
        try await write("refund", merchantId: merchant.id) { transaction, now in
            let rows = try await Self.refundRows(try await transaction.payment(token: request.payToken), request: request, in: transaction)
            let decision = try PaymentOperations.refund(
                request, merchantId: merchant.id, userKey: userKey, rows: rows, transactionId: Self.newIdentifier(),
                refundNo: Self.newIdentifier(), now: now
            )
            try await transaction.save(decision.effects)
            return decision.outcome
        }
    }

    /// What refund loads for `payment`: the earlier refund with the request's refundNo, the
    /// steps, the buyer and the maintenance windows in force.
    static func refundRows(
        _ payment: Payment?, request: RefundPaymentRequest, in transaction: any StoreTransaction
    ) async throws -> PaymentOperations.RefundRows {
        let token = request.payToken
        return PaymentOperations.RefundRows(
            payment: payment,
            earlierRefund: try await request.refundNo.asyncMap { try await transaction.refund(payToken: token, refundNo: $0) } ?? nil,
            steps: try await payment.asyncMap { try await transaction.transactions(payToken: $0.payToken) } ?? [],
            buyer: try await payment.asyncMap { try await transaction.user(merchantId: $0.merchantId, key: $0.userKey) } ?? nil,
            maintenanceWindows: try await payment.asyncMap { try await transaction.maintenanceWindows(merchantId: $0.merchantId) } ?? []
        )
    }

    // MARK: get-payment-status

    /// What status answers: the payment (its status as of now) and its steps.
    public struct StatusOutcome: Sendable {
        /// The payment, with an expired wait already shown as PAY_CANCEL.
        public var payment: Payment
        /// PAY and REFUND steps in order.
        public var transactions: [PaymentTransaction]
    }

    /// Looks a payment up by its payToken; the request's orderNo must be the payment's.
    public func status(merchant: Merchant, request: PaymentStatusRequest) async throws -> StatusOutcome {
        try await read("status", merchantId: merchant.id) { transaction, now in
            let byToken = try await transaction.payment(token: request.payToken)
            let payment = try PaymentOperations.statusPayment(request, merchantId: merchant.id, byToken: byToken, now: now)
            return StatusOutcome(payment: payment, transactions: try await transaction.transactions(payToken: payment.payToken))
        }
    }

    // MARK: Background work

    /// Writes PAY_CANCEL on waiting payments past their expiry, each on its merchant's clock;
    /// returns how many were due. Merchants whose clock is ahead of the base go first, one batch
    /// each, then one batch of every merchant's payments due by the base time.
    @discardableResult
    public func expireDue(batchSize: Int = 200) async throws -> Int {
        let clock = self.clock
        return try await write("expire") { transaction in
            var count = 0
            for (merchantId, now) in try await clock.aheadOfBase(in: transaction) {
                count += try await Self.expire(merchantId: merchantId, now: now, batchSize: batchSize, in: transaction)
            }
            return count + (try await Self.expire(merchantId: nil, now: clock.now(), batchSize: batchSize, in: transaction))
        }
    }

    /// Expires one batch of `merchantId`'s (nil: every merchant's) payments due by `now`.
    static func expire(merchantId: String?, now: Int64, batchSize: Int, in transaction: any StoreTransaction) async throws -> Int {
        let due = try await transaction.expiredPayments(merchantId: merchantId, now: now, limit: batchSize)
        try await transaction.save(PaymentOperations.expire(due, now: now))
        return due.count
    }

    /// Settles paid payments whose settlement period has passed on their merchant's clock (of
    /// `merchantId` only, when given: a settlement run acts on the caller's world); returns how
    /// many were due.
    @discardableResult
    public func settleDue(merchantId: String? = nil, batchSize: Int = 200) async throws -> Int {
        let clock = self.clock
        let policy = settings
        return try await write("settle") { transaction in
            if let merchantId {
                let now = try await clock.now(merchantId: merchantId, in: transaction)
                return try await Self.settle(merchantId: merchantId, now: now, policy: policy, batchSize: batchSize, in: transaction)
            }
            var count = 0
            for (merchantId, now) in try await clock.aheadOfBase(in: transaction) {
                count += try await Self.settle(merchantId: merchantId, now: now, policy: policy, batchSize: batchSize, in: transaction)
            }
            return count + (try await Self.settle(merchantId: nil, now: clock.now(), policy: policy, batchSize: batchSize, in: transaction))
        }
    }

    /// Settles one batch of `merchantId`'s (nil: every merchant's) payments due by `now`.
    static func settle(
        merchantId: String?, now: Int64, policy: PaymentPolicy, batchSize: Int, in transaction: any StoreTransaction
    ) async throws -> Int {
        let due = try await transaction.settleablePayments(merchantId: merchantId, paidBefore: now - policy.settlementPeriodMillis, limit: batchSize)
        try await transaction.save(PaymentOperations.settle(due, policy: policy, now: now))
        return due.count
    }

    // MARK: Sandbox set-up

    /// Creates or replaces a promotion.
    public func savePromotion(_ promotion: Promotion) async throws {
        try await store.write { try await $0.save(promotion) }
    }

    /// Deletes a merchant's promotion; false when it has none with `promotionId`. A payment
    /// authorized with it meets `DISCOUNT_CLOSED` at execute.
    public func deletePromotion(_ promotionId: String, merchantId: String) async throws -> Bool {
        try await store.write { try await $0.deletePromotion(id: promotionId, merchantId: merchantId) }
    }

    /// A merchant's promotions.
    public func promotions(merchantId: String) async throws -> [Promotion] {
        try await store.read { try await $0.promotions(merchantId: merchantId) }
    }

    /// The server-wide windows (configuration `bank.maintenance`), for merchants without their own.
    static let maintenanceKey = "bank.maintenance"

    /// The setting of one merchant's own windows (SPEC §5: each merchant has its own world).
    static func maintenanceKey(merchantId: String) -> String { "bank.maintenance.merchant." + merchantId }

    /// The bank maintenance windows in force for `merchantId`'s payments.
    public func maintenanceWindows(merchantId: String) async throws -> [MaintenanceWindow] {
        try await store.read { try await $0.maintenanceWindows(merchantId: merchantId) }
    }

    /// Replaces `merchantId`'s own bank maintenance windows; other merchants keep theirs.
    public func setMaintenanceWindows(_ windows: [MaintenanceWindow], merchantId: String) async throws {
        let key = Self.maintenanceKey(merchantId: merchantId)
        try await store.write { try await $0.setSetting(key, windows.map(\.description).joined(separator: ",")) }
    }

    /// Replaces the server-wide bank maintenance windows (merchants without their own).
    public func setMaintenanceWindows(_ windows: [MaintenanceWindow]) async throws {
        try await store.write { try await $0.setSetting(Self.maintenanceKey, windows.map(\.description).joined(separator: ",")) }
    }

    // MARK: Shared secrets

    /// The secret stored as setting `key`, made with `makeNew` on first use, so that every server
    /// instance on one database signs and checks with the same one.
    public func sharedSecret(_ key: String, makeNew: @escaping @Sendable () -> String) async throws -> String {
        if let secret = try await store.read({ try await $0.setting(key) }) { return secret }
        return try await store.write { transaction in
            if let secret = try await transaction.latestSetting(key) { return secret }
            let secret = makeNew()
            try await transaction.setSetting(key, secret)
            return secret
        }
    }

    /// The buyer with `userKey` in `merchantId`'s world as a page shows it, writing nothing: the
    /// standard buyer when none is stored yet.
    public func buyerAsShown(_ userKey: String, merchantId: String) async throws -> SandboxUser {
        let stored = try await read("buyer") { try await $0.user(merchantId: merchantId, key: userKey) }
        return PaymentOperations.buyerOnFirstUse(stored, merchantId: merchantId, userKey: userKey).0
    }

    // MARK: Clock

    /// The base sandbox time, epoch milliseconds: for stamps outside any merchant's world (a new
    /// merchant's creation). No merchant's clock is behind it.
    public func now() -> Int64 { clock.now() }

    /// `merchantId`'s sandbox time and its offset from the wall clock, milliseconds, as stored
    /// now (another instance on a shared database may have moved it).
    public func clock(merchantId: String) async throws -> (now: Int64, offsetMillis: Int64) {
        let clock = self.clock
        return try await read("clock") { transaction in
            let offset = try await clock.offset(merchantId: merchantId, in: transaction)
            return (try await clock.now(merchantId: merchantId, in: transaction), offset)
        }
    }

    /// Moves `merchantId`'s sandbox clock forward by `millis` and writes down the expiries it
    /// caused; no other merchant's time moves.
    public func advanceClock(merchantId: String, byMillis millis: Int64) async throws {
        try await labelled("advance_clock") { try await clock.advance(merchantId: merchantId, by: millis, store: store) }
        try await expireDue()
    }

    /// A new random identifier for a step or a refund (a lowercase UUID).
    static func newIdentifier() -> String { UUID().uuidString.lowercased() }
}

extension Optional {
    /// `map` with an async throwing transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

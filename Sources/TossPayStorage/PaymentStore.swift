public import Logging
public import TossPayCore

/// The durable home of merchants, payments, buyers and the journal.
///
/// Every change runs inside ``write(_:)`` as one transaction: it is committed — on disk — before
/// `write` returns, or not at all. Writes to one database go through one writer, so a caller
/// never sees another write half done; batching commits later changes only the writer.
public protocol PaymentStore: Sendable {
    /// Runs `work` in one write transaction and commits it durably. If `work` throws, nothing
    /// it did is kept.
    func write<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T
    /// Runs `work` against a consistent snapshot; writes are not allowed.
    func read<T: Sendable>(_ work: @escaping @Sendable (any StoreTransaction) async throws -> T) async throws -> T
    /// Closes the store; later calls fail.
    func close() async throws
}

/// A merchant.
public struct Merchant: Sendable, Equatable, Codable {
    /// The merchant's id, e.g. `m_…`.
    public var id: String
    /// Display name.
    public var name: String
    /// Creation time, epoch milliseconds.
    public var createdAt: Int64

    /// Creates a merchant.
    public init(id: String, name: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }

    /// The built-in sandbox merchant, owner of the public test key.
    public static let sandboxId = "sandbox"
}

/// What one transaction can read and write. Implementations hold the rows they read for the
/// transaction's duration (a single writer for SQLite; in a PostgreSQL write transaction, row
/// locks on the payment, buyer and promotions read, an advisory lock on an orderNo or setting
/// key, and `SKIP LOCKED` claims of due payments so server instances never take the same one).
public protocol StoreTransaction: Sendable {
    /// The merchant with `id`.
    func merchant(id: String) async throws -> Merchant?
    /// The merchant owning the active (not revoked) API key whose SHA-256 hash is `keyHash`.
    func merchant(keyHash: String) async throws -> Merchant?
    /// Stores a merchant and the hashes of its API keys (`kind` TEST or LIVE).
    func insert(_ merchant: Merchant, keys: [(hash: String, kind: String)]) async throws
    /// Adds API key hashes to an existing merchant, made at `createdAt`.
    func addKeys(merchantId: String, keys: [(hash: String, kind: String)], createdAt: Int64) async throws
    /// A merchant's API keys (never the keys themselves), revoked ones included, oldest first.
    func apiKeys(merchantId: String) async throws -> [ApiKeyRecord]
    /// Marks a merchant's active keys whose fingerprint (first 8 hex digits of the hash) is
    /// `fingerprint` revoked at `at`; returns how many it marked.
    func revokeKeys(merchantId: String, fingerprint: String, at: Int64) async throws -> Int

    /// The payment with `token`, of any merchant.
    func payment(token: String) async throws -> Payment?
    /// A merchant's payments with `orderNo`, newest first.
    func payments(merchantId: String, orderNo: String) async throws -> [Payment]
    /// When a merchant first used `orderNo`, epoch milliseconds.
    func orderNoFirstUse(merchantId: String, orderNo: String) async throws -> Int64?
    /// Stores a new payment; records the orderNo's first use if it is new.
    func insert(_ payment: Payment) async throws
    /// Writes a payment's changed state.
    func update(_ payment: Payment) async throws
    /// Payments waiting (PAY_STANDBY, PAY_APPROVED) whose expiry is at or before `now`: one
    /// merchant's, or every merchant's when `merchantId` is nil.
    func expiredPayments(merchantId: String?, now: Int64, limit: Int) async throws -> [Payment]
    /// Paid payments (PAY_COMPLETE, REFUND_SUCCESS) paid at or before `paidBefore`: one
    /// merchant's, or every merchant's when `merchantId` is nil.
    func settleablePayments(merchantId: String?, paidBefore: Int64, limit: Int) async throws -> [Payment]
    /// Payments held in PAY_PROGRESS or REFUND_PROGRESS (SPEC §11), at most `limit`; in a
    /// PostgreSQL write transaction claimed `SKIP LOCKED`, so instances never take the same one.
    func heldPayments(limit: Int) async throws -> [Payment]
    /// Every payment, in creation order, a page at a time (for verification).
    func allPayments(after token: String?, limit: Int) async throws -> [Payment]
    /// A merchant's payments matching `query`, newest first.
    func payments(matching query: PaymentQuery) async throws -> [Payment]

    /// A payment's PAY and REFUND steps in order.
    func transactions(payToken: String) async throws -> [PaymentTransaction]
    /// The refund of a payment with `refundNo`.
    func refund(payToken: String, refundNo: String) async throws -> PaymentTransaction?
    /// Stores a step.
    func insert(_ transaction: PaymentTransaction) async throws

    /// The buyer with `userKey` in `merchantId`'s world (SPEC §5: a userKey names a buyer within
    /// one merchant).
    func user(merchantId: String, key: String) async throws -> SandboxUser?
    /// Stores a buyer in its merchant's world (insert or replace).
    func save(_ user: SandboxUser) async throws
    /// Stores a buyer unless one with its key exists; returns whether it was stored. Two
    /// transactions creating one buyer at once both succeed: one inserts, the other gets false
    /// (and then reads the stored buyer).
    func insertIfAbsent(_ user: SandboxUser) async throws -> Bool

    /// Appends balanced entries to the journal.
    func append(_ entries: [JournalEntry]) async throws
    /// The sum of every posting to each account whose name starts with `prefix`.
    func accountBalances(prefix: String) async throws -> [String: Int64]
    /// The sum of all postings of each entry that does not balance (should be none).
    func unbalancedEntries() async throws -> [(entryId: Int64, sum: Int64)]
    /// The journal's postings for one payment.
    func journal(payToken: String) async throws -> [JournalEntry]

    /// A merchant's promotions.
    func promotions(merchantId: String) async throws -> [Promotion]
    /// Stores a promotion (insert or replace).
    func save(_ promotion: Promotion) async throws
    /// Deletes a merchant's promotion; returns whether there was one.
    func deletePromotion(id: String, merchantId: String) async throws -> Bool

    /// An app's login settings (SPEC §9).
    func loginApp(merchantId: String) async throws -> LoginApp?
    /// Stores an app's login settings unless it has some; returns whether it stored them.
    func insertIfAbsent(_ app: LoginApp) async throws -> Bool
    /// Replaces an app's login settings.
    func save(_ app: LoginApp) async throws
    /// A person's consent to an app's terms.
    func loginConsent(merchantId: String, person: String) async throws -> LoginConsent?
    /// The consent of the person with `userKey` in an app.
    func loginConsent(merchantId: String, userKey: Int64) async throws -> LoginConsent?
    /// Stores a consent (insert or replace).
    func save(_ consent: LoginConsent) async throws
    /// Deletes the consent of `userKey` in an app; returns whether there was one.
    func deleteLoginConsent(merchantId: String, userKey: Int64) async throws -> Bool
    /// A code or token by the SHA-256 of its text (held until commit in a write transaction).
    func loginGrant(hash: String) async throws -> LoginGrant?
    /// Stores a new code or token.
    func insert(_ grant: LoginGrant) async throws
    /// Writes a grant's use or revocation.
    func update(_ grant: LoginGrant) async throws
    /// Revokes every live grant of `userKey` in an app at `at`; returns how many.
    func revokeLoginGrants(merchantId: String, userKey: Int64, at: Int64) async throws -> Int
    /// The persons testers created, oldest first (the built-in ones are not stored).
    func loginPersons(limit: Int) async throws -> [String]
    /// Stores a person unless it exists.
    func insertLoginPerson(_ person: String, createdAt: Int64) async throws

    /// Stores a new unlink callback delivery; returns its id.
    func insert(_ delivery: LoginCallbackDelivery) async throws -> Int64
    /// Claims the pending delivery due longest ago (at or before `now`, not claimed by another
    /// instance) until `now + leaseMillis`; nil when none is due.
    func claimLoginCallback(now: Int64, leaseMillis: Int64) async throws -> LoginCallbackDelivery?
    /// Writes a delivery's attempts and state, releasing its claim.
    func update(_ delivery: LoginCallbackDelivery) async throws
    /// An app's deliveries, newest first.
    func loginCallbacks(merchantId: String, limit: Int) async throws -> [LoginCallbackDelivery]
    /// One of an app's deliveries.
    func loginCallback(id: Int64, merchantId: String) async throws -> LoginCallbackDelivery?

    /// Deletes `merchantId`'s sandbox world (`POST /sandbox/v1/reset`): its payments, TEST and
    /// LIVE, with their PAY / REFUND steps; every journal entry of those payments or posting to
    /// the merchant's accounts (`buyer:{id}:…`, `merchant:{id}:…`), each whole with all of its
    /// postings, so every entry left still sums to zero; its buyers, order-number history,
    /// promotions, login codes and tokens, consents and unlink callback deliveries; and the
    /// settings named in `settingKeys`. Nothing else: the merchant, its keys and its login
    /// settings stay (what to keep is the caller's decision; this only deletes). An entry that
    /// also posts to another merchant's accounts refuses the reset
    /// (``WorldResetError/entrySharedWithAnotherMerchant(entryId:)``). On PostgreSQL the
    /// transaction first holds the world tables against concurrent writes (reads go on), so no
    /// operation of the merchant commits half inside the reset.
    func resetWorld(merchantId: String, settingKeys: [String]) async throws -> WorldResetCounts

    /// Stores request-inspector entries in order (each gets the next id), then keeps only the
    /// newest `keep` entries of each merchant in the batch.
    func appendRequestLog(_ entries: [RequestLogEntry], keep: Int) async throws
    /// A merchant's inspector entries matching `query`, newest first.
    func requestLog(matching query: RequestLogQuery) async throws -> [RequestLogEntry]
    /// Deletes every inspector entry of `merchantId`; returns how many there were. (To also
    /// drop entries still on their way from a server's queue, use ``clearRequestLog(merchantId:at:)``.)
    @discardableResult
    func deleteRequestLog(merchantId: String) async throws -> Int

    /// A stored setting. In a write transaction the key is held until commit (even while it is
    /// missing), so a read-then-write of one setting never loses a concurrent update.
    func setting(_ key: String) async throws -> String?
    /// A setting's latest committed value, without holding it: for a value this transaction only
    /// looks at and another server instance may have changed (the sandbox clock's offset).
    func latestSetting(_ key: String) async throws -> String?
    /// The latest committed values of `keys` (those that exist), without holding them: one
    /// statement for several settings.
    func latestSettings(_ keys: [String]) async throws -> [String: String]
    /// The latest committed settings whose key starts with `prefix`, without holding them.
    func settings(prefix: String) async throws -> [String: String]
    /// Stores a setting.
    func setSetting(_ key: String, _ value: String) async throws
}

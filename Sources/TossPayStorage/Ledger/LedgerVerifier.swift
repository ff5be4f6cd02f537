import TossPayCore

/// Checks the invariants of SPEC §4 over a whole store: for every payment,
/// paid − refunded = refundable ≥ 0 and its status agrees with its PAY / REFUND steps; every
/// journal entry balances; every buyer's stored balances (in its merchant's world) equal the
/// journal's sums.
public struct LedgerVerifier: Sendable {
    /// One broken invariant.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The payment (or `user:MERCHANT:KEY`, or `journal`) it concerns.
        public var subject: String
        /// What is wrong.
        public var problem: String

        public var description: String { "\(subject): \(problem)" }
    }

    /// What a run found.
    public struct Report: Sendable {
        /// Payments checked.
        public var payments = 0
        /// Buyers checked.
        public var buyers = 0
        /// Journal entries that do not sum to zero are violations; this counts the rest.
        public var violations: [Violation] = []
    }

    let store: any PaymentStore

    /// A verifier over `store`.
    public init(store: any PaymentStore) {
        self.store = store
    }

    /// Checks everything, a page of payments at a time, each page in one read snapshot.
    public func run(pageSize: Int = 500) async throws -> Report {
        var report = Report()
        var after: String?
        var buyers = Set<BuyerID>()
        while true {
            let cursor = after
            let page = try await store.read { transaction -> [(Payment, [PaymentTransaction], [JournalEntry])] in
                var rows: [(Payment, [PaymentTransaction], [JournalEntry])] = []
                for payment in try await transaction.allPayments(after: cursor, limit: pageSize) {
                    rows.append((payment, try await transaction.transactions(payToken: payment.payToken), try await transaction.journal(payToken: payment.payToken)))
                }
                return rows
            }
            for (payment, steps, journal) in page {
                report.violations += Self.check(payment, steps, journal)
                buyers.insert(BuyerID(merchantId: payment.merchantId, userKey: payment.userKey))
            }
            report.payments += page.count
            guard let last = page.last else { break }
            after = last.0.payToken
        }
        let unbalanced = try await store.read { try await $0.unbalancedEntries() }
        for entry in unbalanced {
            report.violations.append(Violation(subject: "journal", problem: "entry \(entry.entryId) sums to \(entry.sum), not 0"))
        }
        let balances = try await store.read { try await $0.accountBalances(prefix: "buyer:") }
        buyers.formUnion(Self.buyers(in: balances.keys))
        for buyer in buyers.sorted() {
            let subject = "user:\(buyer.merchantId):\(buyer.userKey)"
            guard let user = try await store.read({ try await $0.user(merchantId: buyer.merchantId, key: buyer.userKey) }) else {
                report.violations.append(Violation(subject: subject, problem: "journal accounts exist but the buyer is not stored"))
                continue
            }
            report.buyers += 1
            for (account, expected) in user.accountBalances.sorted(by: { $0.key < $1.key }) where (balances[account] ?? 0) != expected {
                report.violations.append(Violation(
                    subject: subject, problem: "\(account) holds \(expected) but the journal sums to \(balances[account] ?? 0)"
                ))
            }
        }
        return report
    }

    /// One merchant's buyer.
    struct BuyerID: Hashable, Comparable {
        var merchantId: String
        var userKey: String

        static func < (lhs: BuyerID, rhs: BuyerID) -> Bool { (lhs.merchantId, lhs.userKey) < (rhs.merchantId, rhs.userKey) }
    }

    /// The buyers named by `buyer:{merchantId}:{key}:{money|bank|points|card:N}` accounts (a
    /// merchant id holds no `:`; a key may).
    static func buyers(in accounts: some Sequence<String>) -> Set<BuyerID> {
        var buyers = Set<BuyerID>()
        for account in accounts where account.hasPrefix("buyer:") {
            var parts = account.dropFirst("buyer:".count).split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { continue }
            let merchantId = String(parts.removeFirst())
            if parts.count >= 3, parts[parts.count - 2] == "card" { parts.removeLast(2) } else { parts.removeLast() }
            buyers.insert(BuyerID(merchantId: merchantId, userKey: parts.joined(separator: ":")))
        }
        return buyers
    }

    /// The invariants of one payment.
    static func check(_ payment: Payment, _ steps: [PaymentTransaction], _ journal: [JournalEntry]) -> [Violation] {
        var problems: [String] = []
        let pays = steps.filter { $0.stepType == .pay }
        let refunds = steps.filter { $0.stepType == .refund }
        let refundedBySteps = refunds.reduce(Int64(0)) { $0 - $1.transactionAmount }
        if pays.count > 1 { problems.append("\(pays.count) PAY steps: charged more than once") }
        let paid = pays.first?.transactionAmount ?? 0
        if let pay = pays.first, pay.transactionAmount != payment.amount {
            problems.append("PAY step of \(pay.transactionAmount) for an amount of \(payment.amount)")
        }
        if refunds.contains(where: { $0.transactionAmount >= 0 }) { problems.append("a REFUND step is not negative") }
        if paid - refundedBySteps != payment.refundableAmount {
            problems.append("paid \(paid) − refunded \(refundedBySteps) ≠ refundable \(payment.refundableAmount)")
        }
        if payment.refundableAmount < 0 { problems.append("refundable \(payment.refundableAmount) is negative") }
        if payment.refunded.total != refundedBySteps {
            problems.append("refund totals \(payment.refunded.total) ≠ REFUND steps \(refundedBySteps)")
        }
        if payment.refunded.paid < 0 || payment.refunded.promotion < 0 || payment.refunded.points < 0 {
            problems.append("a refunded part is negative")
        }
        if let execution = payment.execution {
            if execution.paidAmount + execution.promotionAmount + execution.pointAmount != payment.amount {
                problems.append("paid \(execution.paidAmount) + discount \(execution.discountedAmount) ≠ amount \(payment.amount)")
            }
            if payment.refunded.paid > execution.paidAmount || payment.refunded.promotion > execution.promotionAmount
                || payment.refunded.points > execution.pointAmount {
                problems.append("a part was refunded beyond what was paid")
            }
        }
        switch payment.status {
        case .standby, .approved, .cancelled:
            if !pays.isEmpty || !refunds.isEmpty { problems.append("\(payment.status.rawValue) with PAY/REFUND steps") }
            if payment.execution != nil { problems.append("\(payment.status.rawValue) with an execution") }
        case .complete, .settled:
            if pays.count != 1 { problems.append("\(payment.status.rawValue) without exactly one PAY step") }
            if !refunds.isEmpty { problems.append("\(payment.status.rawValue) with REFUND steps") }
        case .refunded, .refundSettled:
            if pays.count != 1 || refunds.isEmpty { problems.append("\(payment.status.rawValue) without a PAY and a REFUND step") }
        case .inProgress:
            // Only a progress hold (SPEC §11) leaves it stored, and no money has moved yet.
            if payment.hold?.kind != .execute { problems.append("PAY_PROGRESS stored without an execute hold") }
            if !pays.isEmpty || !refunds.isEmpty { problems.append("PAY_PROGRESS with PAY/REFUND steps") }
        case .refundInProgress:
            if payment.hold?.kind != .refund { problems.append("REFUND_PROGRESS stored without a refund hold") }
            if pays.count != 1 { problems.append("REFUND_PROGRESS without exactly one PAY step") }
        }
        // What the journal says the merchant is owed for this payment.
        let sales = JournalEntry.Account.sales(payment.merchantId)
        let settled = JournalEntry.Account.settled(payment.merchantId)
        let salesSum = journal.flatMap(\.postings).filter { $0.account == sales }.reduce(Int64(0)) { $0 + $1.amount }
        let settledSum = journal.flatMap(\.postings).filter { $0.account == settled }.reduce(Int64(0)) { $0 + $1.amount }
        let owed = paid - refundedBySteps
        let isSettled = payment.status == .settled || payment.status == .refundSettled
        if !isSettled && salesSum != owed { problems.append("journal sales \(salesSum) ≠ paid − refunded \(owed)") }
        if isSettled && (salesSum != 0 || settledSum == 0 && owed - (payment.execution?.promotionAmount ?? 0) + payment.refunded.promotion != 0) {
            problems.append("settled but the journal still owes \(salesSum) in sales")
        }
        if let unbalanced = journal.first(where: { !$0.isBalanced }) {
            problems.append("a \(unbalanced.kind.rawValue) journal entry does not balance")
        }
        return problems.map { Violation(subject: payment.payToken, problem: $0) }
    }
}

import ArgumentParser
import Foundation
import TossPayStorage

/// `tosspay verify --database …`: checks SPEC §4's invariants over the whole store.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that money is conserved: paid − refunded = refundable ≥ 0, statuses agree with steps, the journal balances.",
        discussion: "Prints each violation with the payment it concerns; exits 1 when there is any."
    )

    @Option(help: "The database: a SQLite file path, or a postgres:// URL.")
    var database: String = "tosspay.sqlite"

    func run() async throws {
        let report = try await Merchants.withStore(database, mustExist: true) { try await LedgerVerifier(store: $0).run() }
        for violation in report.violations { print("VIOLATION \(violation)") }
        print("checked \(report.payments) payments and \(report.buyers) buyers: \(report.violations.isEmpty ? "no violations" : "\(report.violations.count) violations")")
        if !report.violations.isEmpty { throw ExitCode(1) }
    }
}

import ArgumentParser
import TossPayCore

/// The `tosspay` command: serves the payment system (more subcommands follow).
@main
struct TossPay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tosspay",
        abstract: "A local Toss Pay (Apps-in-Toss) payment server and tools.",
        version: TossPayVersion.current,
        subcommands: [Serve.self, Pay.self, Sandbox.self, LoginCommand.self, Merchants.self, Certs.self, Verify.self, Bench.self, Fixtures.self, Logs.self]
    )
}

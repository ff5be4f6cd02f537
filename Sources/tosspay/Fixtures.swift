import ArgumentParser
import Foundation
import TossPayCore

/// `tosspay fixtures apply FILE`: brings a server's world to a known state from a JSON file.
struct Fixtures: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a server's world to a known state: run a fixtures file's requests in order.",
        subcommands: [Apply.self]
    )

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a fixtures file's steps to a server, in order; stop at the first that fails.",
            discussion: """
            FILE is {"fixtures": [{"name", "path", "method", "headers", "body"}, ...]}. A JSON string that is exactly \
            "${name:path}" (e.g. "${make:success.payToken}", "${st:success.transactions[0].transactionId}") is replaced by \
            the value at that path in the earlier step's response, with its JSON type; in headers, and as a whole path \
            segment, too. Exits 1 when the file is wrong or a step fails (its name and the FAIL envelope are printed), \
            3 when the server did not answer. docs/testing.md §13 describes the format.
            """
        )

        @Argument(help: "The fixtures file (JSON).")
        var file: String

        @Option(help: "Server origin (TOSSPAY_BASE_URL).")
        var baseURL: String = ProcessInfo.processInfo.environment["TOSSPAY_BASE_URL"] ?? "http://127.0.0.1:8080"

        @Option(help: "API key sent as Basic auth (TOSSPAY_API_KEY) by every step without its own Authorization header. Omit on a loopback server in open mode.")
        var apiKey: String?

        func validate() throws {
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
                throw ValidationError("--base-url must start with http:// or https://")
            }
        }

        func run() async throws {
            let fixtures = try Fixtures.load(file)
            let runner = FixtureRunner(baseURL: baseURL, apiKey: apiKey ?? ProcessInfo.processInfo.environment["TOSSPAY_API_KEY"])
            do {
                try await runner.run(fixtures) { step in
                    print("\(step.name): \(step.method) \(step.path) → \(step.status)")
                }
            } catch {
                FileHandle.standardError.write(Data("fixtures: \(error)\n".utf8))
                if case .noAnswer = error { throw ExitCode(3) }
                throw ExitCode(1)
            }
            print("applied \(fixtures.steps.count) step\(fixtures.steps.count == 1 ? "" : "s") from \(file)")
        }
    }

    /// Reads and checks a fixtures file; a file that cannot be read or is wrong exits 1 with the
    /// reason (naming the step).
    static func load(_ path: String) throws -> FixtureFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("fixtures: cannot read \(path)\n".utf8))
            throw ExitCode(1)
        }
        do {
            return try FixtureFile(parsing: Array(data))
        } catch {
            FileHandle.standardError.write(Data("fixtures: \(path): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

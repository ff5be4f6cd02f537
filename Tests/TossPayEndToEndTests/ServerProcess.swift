import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TossPayTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real `tosspay serve` process on a free loopback port, for tests about processes:
/// durability across SIGKILL, clean shutdown on SIGTERM, configuration from the environment.
final class ServerProcess: @unchecked Sendable {
    let process: ChildProcess
    let port: Int
    let databasePath: String
    let logPath: String

    /// The built `tosspay` (see `ChildProcess.tosspayBinary()`).
    static func binaryPath() throws -> String { try ChildProcess.tosspayBinary() }

    /// A port nobody listens on right now.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestFailure("socket() failed") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestFailure("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the server on `databasePath` and waits until `/health` answers. With a
    /// `databaseURL` (PostgreSQL) the server uses that instead, and `databasePath` only names the log.
    init(
        databasePath: String, databaseURL: String? = nil, port: Int? = nil, arguments extra: [String] = [],
        environment: [String: String] = [:], portViaEnvironment: Bool = false
    ) async throws {
        self.port = try port ?? Self.freePort()
        self.databasePath = databasePath
        self.logPath = databasePath + ".\(self.port).log"
        var arguments = ["serve", "--database", databaseURL ?? databasePath] + extra
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOSSPAY_") }
        if portViaEnvironment {
            env["TOSSPAY_HTTP_PORT"] = String(self.port)
        } else {
            arguments += ["--port", String(self.port)]
        }
        env.merge(environment) { $1 }
        let process = try ChildProcess(
            executable: try Self.binaryPath(), arguments: arguments, environment: env,
            standardOutput: logPath, standardError: logPath
        )
        self.process = process
        try await waitUntilHealthy()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func waitUntilHealthy(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TestFailure("server exited early: \(logTail())") }
            if let health = try? await LiveHTTP.shared.get("\(baseURL)/health"), health.status == .ok { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("server did not become healthy: \(logTail())")
    }

    func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }

    /// SIGKILL: no chance to flush or clean up.
    func kill9() {
        process.killAndWait()
    }

    /// SIGTERM, then waits up to `timeout` for the exit; returns the exit status (nil if it hung).
    func terminate(timeout: Duration = .seconds(15)) async -> Int32? {
        process.send(SIGTERM)
        if let status = await process.waitForExit(timeout: timeout) { return status }
        kill9()
        return nil
    }
}

/// What a finished `tosspay` command printed and how it exited.
struct CommandRun {
    /// The exit status (`nil`: killed after the timeout).
    let status: Int32?
    /// Standard output and standard error, interleaved.
    let output: String
}

/// Runs `tosspay arguments…` in `directory` to the end (killed after `timeout`). The environment
/// is this process's without `TOSSPAY_*` variables, plus `environment`.
func runTossPay(
    _ arguments: [String], in directory: String, environment: [String: String] = [:], timeout: Duration = .seconds(60)
) async throws -> CommandRun {
    let outputPath = directory + "/tosspay-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOSSPAY_") }
    env.merge(environment) { $1 }
    let process = try ChildProcess(
        executable: try ServerProcess.binaryPath(), arguments: arguments, environment: env,
        currentDirectory: directory, standardOutput: outputPath, standardError: outputPath
    )
    let status = await process.waitForExit(timeout: timeout)
    if status == nil { process.killAndWait() }
    return CommandRun(status: status, output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
}

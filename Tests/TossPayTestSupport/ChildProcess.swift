import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for tests that run the real `tosspay` binary.
///
/// Foundation's `Process.run()` on Linux crashes now and then (a read past a buffer while it
/// lists `/proc/self/fd`, swift-corelibs-foundation#5472): a test suite that spawns a few dozen
/// processes met it in about one run in five. This type spawns directly, closes every inherited
/// descriptor above standard error in the child, sends its output to files and reaps the child
/// with `waitpid`.
public final class ChildProcess: @unchecked Sendable {
    /// The built `tosspay` executable: `$TOSSPAY_BINARY`, else `.build/debug/tosspay` (or
    /// `.build/release/tosspay`) of this package.
    public static func tosspayBinary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["TOSSPAY_BINARY"] { return path }
        let root = URL(fileURLWithPath: packageRoot())
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/tosspay").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ChildProcessError("tosspay binary not found: run `swift build` first or set TOSSPAY_BINARY")
    }

    /// The child's process id.
    public let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments` and exactly `environment`. Standard output and error
    /// are appended to the files at `standardOutput` / `standardError` (created if missing;
    /// `nil` means `/dev/null`); standard input is `/dev/null`.
    public init(
        executable: String, arguments: [String], environment: [String: String],
        currentDirectory: String? = nil, standardOutput: String? = nil, standardError: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let outputFlags = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput ?? "/dev/null", outputFlags, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardError ?? "/dev/null", outputFlags, 0o644)
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, 3)
        }
        if let currentDirectory {
            guard let changeDirectory = Self.addChangeDirectory else {
                throw ChildProcessError("posix_spawn_file_actions_addchdir_np is not available")
            }
            let status = currentDirectory.withCString { changeDirectory(&actions, $0) }
            guard status == 0 else { throw ChildProcessError("addchdir failed: \(status)") }
        }

        // Default signal handling and an empty mask in the child, whatever the test runner set.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw ChildProcessError("posix_spawn \(executable) failed: \(String(cString: strerror(status)))")
        }
        self.pid = child
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return reap(blocking: false) == nil
    }

    /// The exit code, or the number of the signal that ended it; `nil` while it runs.
    public var terminationStatus: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return reap(blocking: false)
    }

    /// Sends `signal` to the child if it is still running.
    public func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if reap(blocking: false) == nil { kill(pid, signal) }
    }

    /// Waits for the exit, polling; returns the status, or `nil` if `timeout` passed first.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = terminationStatus { return status }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// SIGKILL, then waits for the exit; returns the status.
    @discardableResult
    public func killAndWait() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let status = reap(blocking: false) { return status }
        kill(pid, SIGKILL)
        return reap(blocking: true) ?? SIGKILL
    }

    /// Called with `lock` held.
    private func reap(blocking: Bool) -> Int32? {
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        while true {
            let result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
            if result == pid { break }
            if result == -1 && errno == EINTR { continue }
            // 0: still running. -1 (ECHILD): not ours to reap any more; report it as gone.
            if result == 0 { return nil }
            exitStatus = -1
            return exitStatus
        }
        let signal = raw & 0x7f
        exitStatus = signal == 0 ? (raw >> 8) & 0xff : signal
        return exitStatus
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            _ = waitpid(pid, &raw, 0)
        }
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module hides.
    private static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// glibc 2.29's `posix_spawn_file_actions_addchdir_np`, likewise.
    private static let addChangeDirectory: AddChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<Function>(_ name: String) -> Function? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }
}

/// Why a child process could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

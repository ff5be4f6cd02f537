import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What `tosspay bench` reads about a process and the machine from `/proc` (Linux): CPU time,
/// resident memory, context switches, the command line a server was started with, and which
/// process listens on a port.
enum BenchProc {
    /// Clock ticks per second (`utime` / `stime` in `/proc/PID/stat` count these).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// A process's counters at one moment.
    struct Usage: Sendable {
        var cpuTicks: Int = 0
        var rssKiB: Int = 0
        var threads: Int = 0
        var voluntarySwitches: Int = 0
        var involuntarySwitches: Int = 0

        var cpuSeconds: Double { Double(cpuTicks) / BenchProc.ticksPerSecond }
        var rssMiB: Double { Double(rssKiB) / 1024 }
    }

    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// utime + stime (fields 14 and 15 of `/proc/PID/stat`, all threads), VmRSS, the thread
    /// count, and the context switches summed over `/proc/PID/task/*/status`. Nil when the
    /// process is gone or not readable.
    static func usage(pid: Int32) -> Usage? {
        guard let stat = read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so field n is fields[n - 3].
        guard fields.count > 17, let utime = Int(fields[11]), let stime = Int(fields[12]) else { return nil }
        var usage = Usage(cpuTicks: utime + stime, threads: Int(fields[17]) ?? 0)
        if let status = read("/proc/\(pid)/status") {
            usage.rssKiB = statusValue(status, "VmRSS:") ?? 0
        }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for task in tasks {
            guard let status = read("/proc/\(pid)/task/\(task)/status") else { continue }
            usage.voluntarySwitches += statusValue(status, "voluntary_ctxt_switches:") ?? 0
            usage.involuntarySwitches += statusValue(status, "nonvoluntary_ctxt_switches:") ?? 0
        }
        return usage
    }

    /// The number after `key` on its line of a `/proc/…/status` text (`VmRSS:  46000 kB` → 46000).
    static func statusValue(_ text: String, _ key: String) -> Int? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
        return line.dropFirst(key.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
    }

    /// The whole machine's CPU time from `/proc/stat`: busy and total ticks over all cores.
    struct MachineCPU: Sendable {
        var busy: Int = 0
        var total: Int = 0
    }

    static func machineCPU() -> MachineCPU {
        guard let text = read("/proc/stat"), let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return MachineCPU() }
        let values = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard values.count >= 5 else { return MachineCPU() }
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        let total = values.prefix(8).reduce(0, +)
        let idle = values[3] + values[4]
        return MachineCPU(busy: total - idle, total: total)
    }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The 1-minute load average.
    static func loadAverage() -> String {
        read("/proc/loadavg")?.split(separator: " ").first.map(String.init) ?? "?"
    }

    /// A process's arguments (`/proc/PID/cmdline`), without the executable.
    static func arguments(pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).dropFirst().map { String(decoding: $0, as: UTF8.self) }
    }

    /// A process's environment (`/proc/PID/environ`), readable for the same user.
    static func environment(pid: Int32) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return [:] }
        var values: [String: String] = [:]
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        return values
    }

    /// The value of `--name value` or `--name=value` in `arguments`.
    static func option(_ name: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == name, index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// The process listening on TCP `port` (any address), found through `/proc/net/tcp{,6}`
    /// and the socket links in `/proc/*/fd`. Nil when none is visible to this user.
    static func listener(port: Int) -> Int32? {
        var inodes: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = read(table) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let columns = line.split(separator: " ")
                guard columns.count > 9, columns[3] == "0A",
                      let colon = columns[1].lastIndex(of: ":"),
                      Int(columns[1][columns[1].index(after: colon)...], radix: 16) == port else { continue }
                inodes.insert("socket:[\(columns[9])]")
            }
        }
        guard !inodes.isEmpty else { return nil }
        let ownPid = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != ownPid else { continue }
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            for descriptor in descriptors {
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)"),
                   inodes.contains(target) {
                    return pid
                }
            }
        }
        return nil
    }

    /// The working directory of a process (to resolve its relative database path).
    static func workingDirectory(pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
    }
}

/// Times `count` flushes of a small file in `directory`: each overwrites one 4 KiB block of a
/// 64 KiB file (as SQLite rewrites its WAL's pages) and then calls `fsync` — or `fdatasync`,
/// which SQLite uses on Linux. Returns the durations in microseconds.
enum BenchFsync {
    struct Result: Sendable {
        var fsync: [UInt64] = []
        var fdatasync: [UInt64] = []
    }

    static func measure(directory: String, count: Int) throws -> Result {
        let path = directory + "/.tosspay-bench-fsync-\(getpid())-\(UUID().uuidString.prefix(8))"
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer {
            close(descriptor)
            unlink(path)
        }
        let block = [UInt8](repeating: 0x5a, count: 4096)
        for index in 0..<16 {
            _ = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, 4096, off_t(index * 4096)) }
        }
        fsync(descriptor)
        var result = Result()
        for round in 0..<(count * 2) {
            let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, 4096, off_t((round % 16) * 4096)) }
            guard written == 4096 else { throw BenchError("write to \(path) failed: \(String(cString: strerror(errno)))") }
            let start = ContinuousClock.now
            let status = round % 2 == 0 ? fsync(descriptor) : fdatasync(descriptor)
            let micros = Bench.micros(since: start)
            guard status == 0 else { throw BenchError("fsync of \(path) failed: \(String(cString: strerror(errno)))") }
            if round % 2 == 0 { result.fsync.append(micros) } else { result.fdatasync.append(micros) }
        }
        return result
    }
}

/// A `tosspay serve` child that `tosspay bench --serve` starts on a free loopback port with
/// `--rate-limit 0`, its output appended to a log file; stopped with SIGTERM at the end.
/// Spawned with `posix_spawn` (Foundation's `Process` crashes now and then on Linux,
/// swift-corelibs-foundation#5472).
final class BenchServer: @unchecked Sendable {
    let pid: pid_t
    let port: Int
    let database: String
    let arguments: [String]
    let logPath: String
    private var exited = false

    init(database: String, extraArguments: [String], logPath: String) throws {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        port = try Self.freePort()
        self.database = database
        arguments = ["serve", "--port", String(port), "--rate-limit", "0", "--database", database] + extraArguments
        self.logPath = logPath

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server gets no TOSSPAY_* settings from bench's environment: what it runs with is
        // exactly the printed command line.
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOSSPAY_") }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    var isRunning: Bool {
        guard !exited else { return false }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == 0 { return true }
        exited = true
        return false
    }

    /// SIGTERM, then up to 15 s for the exit, then SIGKILL.
    func stop() async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if !isRunning { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        _ = waitpid(pid, &raw, 0)
        exited = true
    }

    func logTail() -> String {
        String((BenchProc.read(logPath) ?? "").suffix(2000))
    }

    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw BenchError("socket() failed") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw BenchError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A daily bank maintenance window in KST, e.g. `23:30-00:30` (it may cross midnight). Toss
/// Money execute and refund inside a window fail with `COMMON_BREAK_TIME_OF_BANK`.
public struct MaintenanceWindow: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Start, seconds after KST midnight (inclusive).
    public var start: Int64
    /// End, seconds after KST midnight (exclusive).
    public var end: Int64

    /// Parses `HH:MM-HH:MM`.
    public init(parsing text: String) throws(TossPayError) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let start = Self.seconds(ends[0]), let end = Self.seconds(ends[1]), start != end else {
            throw .invalidParameter("windows", "점검 시간은 HH:MM-HH:MM 형식이어야 합니다. (\(text.prefix(40)))")
        }
        self.start = start
        self.end = end
    }

    static func seconds(_ text: Substring) -> Int64? {
        let parts = text.trimmingPrefix(" ").split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hours = Int64(parts[0]), let minutes = Int64(parts[1]),
              (0...23).contains(hours), (0...59).contains(minutes) else { return nil }
        return hours * 3600 + minutes * 60
    }

    /// Whether the instant `milliseconds` (epoch) falls inside the window.
    public func contains(milliseconds: Int64) -> Bool {
        let second = KoreaTime.secondOfDay(milliseconds: milliseconds)
        return start < end ? (start..<end).contains(second) : (second >= start || second < end)
    }

    public var description: String {
        func text(_ seconds: Int64) -> String { KoreaTime.pad(seconds / 3600, 2) + ":" + KoreaTime.pad(seconds % 3600 / 60, 2) }
        return "\(text(start))-\(text(end))"
    }

    /// Parses a comma-separated list; an empty text is no windows.
    public static func parseList(_ text: String) throws(TossPayError) -> [MaintenanceWindow] {
        var windows: [MaintenanceWindow] = []
        for part in text.split(separator: ",") where !part.allSatisfy(\.isWhitespace) {
            windows.append(try MaintenanceWindow(parsing: String(part)))
        }
        return windows
    }
}

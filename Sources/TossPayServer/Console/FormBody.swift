import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body, as the console's HTML forms send.
struct FormBody: Sendable {
    /// The fields; a repeated name keeps its first value.
    let fields: [String: String]

    /// Parses `text` (`a=1&b=x+y`); undecodable parts are skipped.
    init(_ text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(halves[0]), !name.isEmpty else { continue }
            let value = halves.count > 1 ? Self.decode(halves[1]) : ""
            if fields[name] == nil, let value { fields[name] = value }
        }
        self.fields = fields
    }

    /// Reads and parses a request's body (at most 16 KiB).
    static func read(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: 16 * 1024)
        return FormBody(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// The field `name`, trimmed; `nil` when missing or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

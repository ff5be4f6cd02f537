import Foundation

/// A fresh temporary directory holding a real SQLite file, removed by ``remove()``.
public struct TemporaryDatabase: Sendable {
    public let directory: String
    public var path: String { directory + "/tosspay.sqlite" }

    public init() throws {
        directory = try temporaryDirectory("database")
    }

    public func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

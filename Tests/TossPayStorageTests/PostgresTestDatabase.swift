import Foundation
import Logging
import PostgresNIO
import TossPayStorage

/// A fresh PostgreSQL database on the server of `TOSSPAY_TEST_POSTGRES_URL` (scripts/test.sh
/// starts a throwaway cluster and sets it), dropped again by ``drop()``.
struct PostgresTestDatabase: Sendable {
    static let environmentKey = "TOSSPAY_TEST_POSTGRES_URL"
    static let skipMessage = "PostgreSQL tests skipped: TOSSPAY_TEST_POSTGRES_URL not set"

    /// The administrative URL, or nil when PostgreSQL tests are off.
    static var adminURL: String? {
        guard let value = ProcessInfo.processInfo.environment[environmentKey], !value.isEmpty else { return nil }
        return value
    }

    let admin: PostgresDatabaseURL
    let name: String

    /// The new database's URL, with a small pool.
    var url: String {
        var address = admin.with(database: name)
        address.poolSize = 8
        return Self.urlString(address)
    }

    /// Creates `tosspay_<prefix>_<random>`.
    static func create(prefix: String) async throws -> PostgresTestDatabase {
        guard let adminURL else { throw PostgresTestFailure(skipMessage) }
        let admin = try PostgresDatabaseURL(adminURL)
        let name = "tosspay_\(prefix)_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await Self.run(admin, "CREATE DATABASE \"\(name)\"")
        return PostgresTestDatabase(admin: admin, name: name)
    }

    /// Drops the database, closing any connection still open to it.
    func drop() async {
        do {
            try await Self.run(admin, "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        } catch {
            print("could not drop test database \(name): \(String(reflecting: error))")
        }
    }

    /// Runs one statement on the administrative database.
    static func run(_ admin: PostgresDatabaseURL, _ sql: String) async throws {
        var configuration = admin.clientConfiguration
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }

    /// `postgres://user[:password]@host:port/database?…` again, with the password.
    static func urlString(_ address: PostgresDatabaseURL) -> String {
        var text = "postgres://\(address.username)"
        if let password = address.password {
            text += ":" + (password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password)
        }
        text += "@\(address.host):\(address.port)/\(address.database)?pool_size=\(address.poolSize)&sslmode=\(address.tls.rawValue)"
        if let folder = address.socketFolder { text += "&host=\(folder)" }
        return text
    }
}

struct PostgresTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

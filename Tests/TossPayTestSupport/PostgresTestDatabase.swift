import Foundation
import Logging
import PostgresNIO
import TossPayStorage

/// A fresh PostgreSQL database on the server of `TOSSPAY_TEST_POSTGRES_URL` (scripts/test.sh
/// starts a throwaway cluster and sets it), for one test's stores or server processes to share;
/// ``drop()`` removes it. Without the variable, PostgreSQL tests are skipped, visibly.
public struct PostgresTestDatabase: Sendable {
    public static let environmentKey = "TOSSPAY_TEST_POSTGRES_URL"
    public static let skipMessage = "PostgreSQL tests skipped: TOSSPAY_TEST_POSTGRES_URL not set (scripts/test.sh starts a throwaway cluster)"

    /// The administrative URL, or nil when PostgreSQL tests are off.
    public static var adminURL: String? {
        guard let value = ProcessInfo.processInfo.environment[environmentKey], !value.isEmpty else { return nil }
        return value
    }

    /// Whether PostgreSQL tests run; prints why not, once, when they do not.
    public static let enabled: Bool = {
        if adminURL == nil { print(skipMessage) }
        return adminURL != nil
    }()

    public let admin: PostgresDatabaseURL
    public let name: String

    /// The database's URL with a pool of `poolSize` connections (per store, or per server instance).
    public func url(poolSize: Int = 20) -> String {
        var text = "postgres://\(admin.username)"
        if let password = admin.password {
            text += ":" + (password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password)
        }
        text += "@\(admin.host):\(admin.port)/\(name)?pool_size=\(poolSize)&sslmode=\(admin.tls.rawValue)"
        if let folder = admin.socketFolder { text += "&host=\(folder)" }
        return text
    }

    /// Creates `tosspay_<prefix>_<random>`.
    public static func create(prefix: String) async throws -> PostgresTestDatabase {
        guard let adminURL else { throw TestFailure(skipMessage) }
        let admin = try PostgresDatabaseURL(adminURL)
        let name = "tosspay_\(prefix)_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        _ = try await Self.rows(admin, "CREATE DATABASE \"\(name)\"")
        return PostgresTestDatabase(admin: admin, name: name)
    }

    /// Drops the database, closing any connection still open to it.
    public func drop() async {
        do {
            _ = try await Self.rows(admin, "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        } catch {
            print("could not drop test database \(name): \(String(reflecting: error))")
        }
    }

    /// Runs `query` on this database and returns its rows, e.g. to look at the journal directly.
    public func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await Self.rows(admin.with(database: name), query)
    }

    static func rows(_ address: PostgresDatabaseURL, _ query: PostgresQuery) async throws -> [PostgresRow] {
        var configuration = address.clientConfiguration
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await client.query(query).collect()
        }
    }

    static func rows(_ address: PostgresDatabaseURL, _ sql: String) async throws -> [PostgresRow] {
        try await rows(address, PostgresQuery(unsafeSQL: sql))
    }
}

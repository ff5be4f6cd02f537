import Foundation
import SQLiteNIO

/// Login sessions: a random id (the cookie's value) mapped to the user's key, until it expires.
extension OrderStore {
    /// Starts a session for `userKey`; returns its id (32 random bytes, base64url, 43 characters).
    func createSession(userKey: String, lifetime: Duration) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let id = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let now = Self.nowMillis()
        let lifetimeMillis = Int(lifetime.components.seconds) * 1000
        // Expired sessions go whenever a new one starts; there are few.
        _ = try await connection.query("DELETE FROM sessions WHERE expires_at <= ?", [.integer(now)])
        _ = try await connection.query(
            "INSERT INTO sessions (session_id, user_key, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [.text(id), .text(userKey), .integer(now), .integer(now + lifetimeMillis)]
        )
        return id
    }

    /// The user of a live session; nil when the id is unknown or expired.
    func sessionUserKey(id: String) async throws -> String? {
        try await connection.query(
            "SELECT user_key FROM sessions WHERE session_id = ? AND expires_at > ?", [.text(id), .integer(Self.nowMillis())]
        ).first?.column("user_key")?.string
    }

    /// Ends a session.
    func deleteSession(id: String) async throws {
        _ = try await connection.query("DELETE FROM sessions WHERE session_id = ?", [.text(id)])
    }

    static func nowMillis() -> Int {
        Int(Date().timeIntervalSince1970 * 1000)
    }
}

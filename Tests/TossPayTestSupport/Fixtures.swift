import Crypto
import Foundation
import Logging
import TossPayCore

// Constants and small builders every suite shares.

/// The partner API's base path.
public let partnerPath = "/api-partner/v1/apps-in-toss/pay"

/// The public test key, in the guide's spelling.
public let publicTestKey = "sk_test_w5INQyINqa5INQe013Nq"
/// The public test key, in the official site's spelling.
public let publicTestKeyAltSpelling = "sk_test_w5lNQylNqa5lNQe013Nq"

/// The package root (the folder holding `Package.swift`), found from this file's path.
public func packageRoot(filePath: String = #filePath) -> String {
    URL(fileURLWithPath: filePath)
        .deletingLastPathComponent()  // Fixtures.swift
        .deletingLastPathComponent()  // TossPayTestSupport
        .deletingLastPathComponent()  // Tests
        .path
}

/// A logger that only shows warnings.
public func quietLogger() -> Logger {
    var logger = Logger(label: "tosspay-test")
    logger.logLevel = .warning
    return logger
}

/// Basic credentials for an API key.
public func basicAuthorization(_ key: String) -> String {
    "Basic " + Data("\(key):".utf8).base64EncodedString()
}

/// A unique order number.
public func newOrderNo(_ prefix: String = "order") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8))"
}

/// A buyer userKey nobody else uses (created on first use with 1,000,000 won of Toss Money).
public func newUserKey(_ prefix: String = "buyer") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8))"
}

/// A fresh temporary folder, removed by the caller.
public func temporaryDirectory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "tosspay-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A JSON object as text (a request body).
public func jsonText(_ object: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}

/// Matches `yyyy-MM-dd HH:mm:ss`.
public func isKoreaTime(_ value: JSONValue?) -> Bool {
    guard let text = value.string else { return false }
    return text.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) != nil
}

/// `BIN6 + "******" + last4`.
public func isMaskedCardNumber(_ value: JSONValue?) -> Bool {
    guard let text = value.string else { return false }
    return text.wholeMatch(of: /\d{6}\*{6}\d{4}/) != nil
}

/// First three and last three digits shown, the rest masked.
public func isMaskedAccountNumber(_ value: JSONValue?) -> Bool {
    guard let text = value.string else { return false }
    return text.wholeMatch(of: /\d{3}\*+\d{3}/) != nil
}

/// The first 8 hex digits of `text`'s SHA-256: an API key's fingerprint as the console shows it.
/// Computed in process (no child process: `Process.run()` can crash this toolchain's test runner).
public func sha256Prefix(_ text: String) -> String {
    String(SHA256.hash(data: Array(text.utf8)).map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined().prefix(8))
}

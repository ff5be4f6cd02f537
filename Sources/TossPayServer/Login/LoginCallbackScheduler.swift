import Foundation
import TossPayCore
import TossPayStorage

/// Unlink callbacks (SPEC §9): reads and checks an app's callback settings, and schedules a
/// delivery when a user unlinks. Only `http`/`https` URLs; a server not on loopback calls only
/// the hosts in `login.callbackAllowedHosts`. `basicAuth` is a secret and is shown masked.
struct LoginCallbackScheduler: Sendable {
    let ledger: PaymentLedger
    /// Whether the server listens on loopback only (then any host may be called).
    let loopbackOnly: Bool
    /// Hosts a server reachable from elsewhere may call.
    let allowedHosts: Set<String>

    /// The referrers Toss sends.
    static let referrers: Set<String> = ["UNLINK", "WITHDRAWAL_TERMS", "WITHDRAWAL_TOSS"]

    /// `basicAuth` as shown: the user part and `****`.
    static func masked(_ basicAuth: String) -> String {
        let user = basicAuth.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return user.prefix(32) + ":****"
    }

    /// The body's `callback` (absent or `null`: none), checked.
    func callback(from fields: FieldReader) throws -> LoginCallback? {
        guard case .object(let object)? = fields.object["callback"] else {
            if fields.isMissing("callback") { return nil }
            throw TossPayError.invalidParameter("callback", "객체 또는 null 이어야 합니다.")
        }
        var reader = FieldReader(object: object)
        reader.prefix = "callback."
        let url = try reader.requiredString("url")
        guard url.count <= 2048, let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty else {
            throw TossPayError.invalidParameter("callback.url", "http 또는 https URL 이어야 합니다.")
        }
        guard loopbackOnly || allowedHosts.contains(host.lowercased()) else {
            throw TossPayError.invalidParameter("callback.url", "login.callbackAllowedHosts 에 없는 호스트입니다: \(host.prefix(100))")
        }
        let method = try reader.optionalEnum("method", as: LoginCallback.Method.self) ?? .post
        let basicAuth = try reader.optionalString("basicAuth")
        if let basicAuth {
            guard (1...512).contains(basicAuth.count), basicAuth.contains(":"),
                  !basicAuth.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw TossPayError.invalidParameter("callback.basicAuth", "\"user:password\" 형식이어야 합니다.")
            }
        }
        return LoginCallback(url: url, method: method, basicAuth: basicAuth)
    }

    /// A user unlinks `merchantId`'s app (or withdraws its terms, or leaves Toss): every token
    /// and the consent revoked, then the app's callback scheduled; returns whether one was.
    /// An unknown referrer is `COMMON_INVALID_PARAMETER`, an unknown user `USER_KEY_NOT_FOUND`.
    func unlink(userKey: Int64, referrer: String, merchantId: String) async throws -> Bool {
        guard Self.referrers.contains(referrer) else {
            throw TossPayError.invalidParameter("referrer", "UNLINK, WITHDRAWAL_TERMS, WITHDRAWAL_TOSS 중 하나여야 합니다.")
        }
        _ = try await ledger.unlinkLogin(userKey: userKey, merchantId: merchantId)
        return try await schedule(merchantId: merchantId, userKey: userKey, referrer: referrer)
    }

    /// Schedules the app's callback for an unlink (delivered by ``LoginCallbackService``); false
    /// when the app has none.
    func schedule(merchantId: String, userKey: Int64, referrer: String) async throws -> Bool {
        let app = try await ledger.loginApp(merchantId: merchantId) { LoginFieldCipher.newApp(merchantId: merchantId) }
        guard let callback = app.callback else { return false }
        _ = try await ledger.scheduleLoginCallback(LoginCallbackDelivery(
            merchantId: merchantId, userKey: userKey, referrer: referrer, callback: callback, now: SandboxClock.systemMillis()
        ))
        return true
    }
}

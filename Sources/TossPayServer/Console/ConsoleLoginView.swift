import TossPayCore

/// What `console-login.mustache` shows: the app's login key and AAD, its unlink callback (the
/// secret masked), and the callback delivery log. Text is ready to show; the template escapes it.
struct ConsoleLoginView: Sendable {
    /// One choice of the method `<select>`.
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// One attempt of a delivery.
    struct AttemptRow: Sendable {
        let at: String
        let result: String
    }

    /// One delivery of the log.
    struct DeliveryRow: Sendable {
        let id: Int64
        let userKey: Int64
        let referrer: String
        let method: String
        let url: String
        let status: String
        let attempts: [AttemptRow]
    }

    let merchant: ConsoleHeader
    let message: String?
    let error: String?
    let decryptionKey: String
    let aad: String
    let callbackURL: String
    let methods: [Option]
    let basicAuthMasked: String?
    let hasCallback: Bool
    let referrers: [String]
    let hasDeliveries: Bool
    let deliveries: [DeliveryRow]

    init(merchant: ConsoleHeader, app: LoginApp, deliveries: [LoginCallbackDelivery], message: String?, error: String?) {
        self.merchant = merchant
        self.message = message
        self.error = error
        decryptionKey = app.decryptionKey
        aad = app.aad
        callbackURL = app.callback?.url ?? ""
        let method = app.callback?.method ?? .post
        methods = LoginCallback.Method.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == method) }
        basicAuthMasked = app.callback?.basicAuth.map(LoginCallbackScheduler.masked)
        hasCallback = app.callback != nil
        referrers = ["UNLINK", "WITHDRAWAL_TERMS", "WITHDRAWAL_TOSS"]
        hasDeliveries = !deliveries.isEmpty
        self.deliveries = deliveries.map { delivery in
            DeliveryRow(
                id: delivery.id, userKey: delivery.userKey, referrer: delivery.referrer, method: delivery.callback.method.rawValue,
                url: delivery.callback.url, status: delivery.status.rawValue,
                attempts: delivery.attempts.map { attempt in
                    AttemptRow(
                        at: KoreaTime.format(milliseconds: attempt.at),
                        result: attempt.httpStatus.map { "HTTP \($0)" } ?? (attempt.error ?? "응답 없음")
                    )
                }
            )
        }
    }
}

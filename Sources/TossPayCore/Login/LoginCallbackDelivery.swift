/// One unlink callback to deliver (SPEC §9), with every attempt kept for the delivery log.
/// Times here are wall-clock epoch milliseconds: retries wait real time, not the sandbox clock.
public struct LoginCallbackDelivery: Sendable, Equatable, Codable {
    /// Where it stands.
    public enum Status: String, Sendable, Codable {
        /// Waiting for its next attempt.
        case pending = "PENDING"
        /// The app answered 2xx.
        case delivered = "DELIVERED"
        /// Every attempt failed.
        case failed = "FAILED"
    }

    /// One try.
    public struct Attempt: Sendable, Equatable, Codable {
        /// When it started.
        public var at: Int64
        /// The HTTP status the app answered, if it answered.
        public var httpStatus: Int?
        /// Why it failed without an answer (timeout, refused connection, host not allowed).
        public var error: String?

        /// Creates an attempt.
        public init(at: Int64, httpStatus: Int?, error: String?) {
            self.at = at
            self.httpStatus = httpStatus
            self.error = error
        }

        /// Whether the app took it (2xx).
        public var succeeded: Bool { httpStatus.map { (200...299).contains($0) } ?? false }
    }

    /// The store's id (0 before it is stored).
    public var id: Int64
    /// The app.
    public var merchantId: String
    /// The user who unlinked.
    public var userKey: Int64
    /// `UNLINK`, `WITHDRAWAL_TERMS` or `WITHDRAWAL_TOSS`.
    public var referrer: String
    /// The callback as set when the user unlinked.
    public var callback: LoginCallback
    /// Where it stands.
    public var status: Status
    /// The attempts so far, oldest first.
    public var attempts: [Attempt]
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Int64
    /// When it was scheduled.
    public var createdAt: Int64
    /// How many attempts came before the last resend (they do not count against the limit).
    public var attemptsBeforeResend: Int = 0

    /// Creates a delivery due at once.
    public init(id: Int64 = 0, merchantId: String, userKey: Int64, referrer: String, callback: LoginCallback, now: Int64) {
        self.id = id
        self.merchantId = merchantId
        self.userKey = userKey
        self.referrer = referrer
        self.callback = callback
        self.status = .pending
        self.attempts = []
        self.nextAttemptAt = now
        self.createdAt = now
    }

    /// The most attempts before a delivery is given up: the first and five retries.
    public static let maximumAttempts = 6

    /// Records `attempt`: delivered on 2xx; else the next retry `base × 2^(n−1)` after it
    /// (n = attempts so far), or failed after ``maximumAttempts``.
    public mutating func record(_ attempt: Attempt, retryBaseMillis: Int64) {
        attempts.append(attempt)
        let tries = attempts.count - attemptsBeforeResend
        if attempt.succeeded {
            status = .delivered
        } else if tries >= Self.maximumAttempts {
            status = .failed
        } else {
            status = .pending
            nextAttemptAt = attempt.at + retryBaseMillis << Int64(tries - 1)
        }
    }

    /// Sends it again now, with a fresh set of attempts (the console's resend).
    public mutating func resend(now: Int64) {
        status = .pending
        nextAttemptAt = now
        attemptsBeforeResend = attempts.count
    }
}

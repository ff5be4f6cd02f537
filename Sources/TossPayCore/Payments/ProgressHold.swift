/// An execute or refund held in progress on request (SPEC §11): the payment is committed in
/// PAY_PROGRESS or REFUND_PROGRESS with a deadline, no money moves, and only the completion —
/// the same operation run after the wait — moves it. A hold whose completion never came (the
/// server died) is returned to where it was after `deadline` + 5 s by any instance's sweep.
public struct ProgressHold: Sendable, Equatable, Codable {
    /// What is held.
    public enum Kind: String, Sendable, Codable {
        case execute = "EXECUTE"
        case refund = "REFUND"
    }

    /// What is held.
    public var kind: Kind
    /// Where the payment returns when the hold is released or abandoned.
    public var statusBefore: PaymentStatus
    /// When the completion is due, wall-clock epoch milliseconds (the wait is real time).
    public var deadline: Int64
    /// Names the hold, so a completion finishes only its own.
    public var id: String

    /// Creates a hold.
    public init(kind: Kind, statusBefore: PaymentStatus, deadline: Int64, id: String) {
        self.kind = kind
        self.statusBefore = statusBefore
        self.deadline = deadline
        self.id = id
    }

    /// The shortest and longest hold a request may ask for, milliseconds.
    public static let allowedMillis: ClosedRange<Int64> = 1...60_000
    /// How long after its deadline an abandoned hold is returned.
    public static let graceMillis: Int64 = 5_000

    /// Whether a hold is abandoned at wall-clock `now`: past its deadline and the grace.
    public func isAbandoned(at now: Int64) -> Bool { now >= deadline + Self.graceMillis }

    /// Reads `x-tosspay-test-progress-ms`: 1–60,000 ms, TEST payments only.
    public static func requestedMillis(_ header: String?, mode: PaymentMode) throws(TossPayError) -> Int64? {
        guard let header else { return nil }
        let field = "x-tosspay-test-progress-ms"
        guard mode == .test else { throw TossPayError.invalidParameter(field, "TEST 결제(isTestPayment: true)에서만 쓸 수 있습니다.") }
        guard header.count <= 6, header.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(header), allowedMillis.contains(value) else {
            throw TossPayError.invalidParameter(field, "1 이상 60000 이하의 정수(밀리초)여야 합니다. (\(header.prefix(20)))")
        }
        return value
    }
}

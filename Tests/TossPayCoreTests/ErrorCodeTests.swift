import Testing
import TossPayCore

/// SPEC §2: error codes and default `reason` texts are those of `reference/error-codes.tsv`;
/// HTTP statuses follow the code (auth 401, unknown payment 404, throttled 429, fault 500,
/// any other failure 400).
@Suite("Error codes")
struct ErrorCodeTests {
    @Test func theTSVUnescapeHelperTurnsBackslashNIntoANewline() {
        #expect(unescapeTSV(#"a\nb"#) == "a\nb")
        #expect(unescapeTSV("plain") == "plain")
        #expect(unescapeTSV(#"a\b"#) == #"a\b"#)
    }

    @Test func everyCodeInTheTableRoundTripsWithItsMessageAndGroup() throws {
        let rows = try referenceRows("error-codes.tsv")
        try #require(rows.count > 50, "the table should hold the API's codes")
        var seen = Set<ErrorCode>()
        for row in rows {
            try #require(row.count == 3, "row \(row)")
            let (raw, group, message) = (row[0], row[1], unescapeTSV(row[2]))
            let code = ErrorCode(rawValue: raw)
            #expect(code != .unknown(raw), "\(raw) is not generated")
            #expect(code.rawValue == raw)
            #expect(code.defaultMessage == message, "\(raw)")
            #expect(code.group == group, "\(raw)")
            #expect(TossPayError(code).reason == message, "\(raw): the default reason is the table's message")
            seen.insert(code)
        }
        #expect(seen.count == rows.count, "each row is its own case")
    }

    @Test func aMessageWithALineBreakHasARealNewline() throws {
        let message = try #require(ErrorCode(rawValue: "BILLING_KEY_UNREGISTERED_BY_CANCEL").defaultMessage)
        #expect(message.contains("\n"))
        #expect(!message.contains(#"\n"#))
    }

    @Test func anUnknownCodeIsKeptAsItCame() {
        let code = ErrorCode(rawValue: "X")
        #expect(code == .unknown("X"))
        #expect(code.rawValue == "X")
        #expect(code.defaultMessage == nil)
        #expect(code.group == nil)
        #expect(code.httpStatus == 400)
        #expect(TossPayError(code).reason == "X")
    }

    @Test func codesAreCaseSensitive() {
        #expect(ErrorCode(rawValue: "common_system_error") == .unknown("common_system_error"))
        #expect(ErrorCode(rawValue: "") == .unknown(""))
    }

    @Test(arguments: [
        ("COMMON_INVALID_API_KEY", 401),
        ("COMMON_UNAUTHORIZED", 401),
        ("TRANSACTION_NOT_FOUND", 404),
        ("COMMON_THROTTLED", 429),
        ("COMMON_SYSTEM_ERROR", 500),
        ("COMMON_INVALID_PARAMETER", 400),
        ("PAYMENT_EXISTING_PAYMENT", 400),
        ("PAYMENT_DUPLICATION_ORDER_NO", 400),
        ("REFUND_ALREADY_REFUNDED", 400),
        ("COMMON_REFUND_ERROR", 400),
        ("TRANSACTION_PENDING_ERROR", 400),
        ("COMMON_ITS_NOT_ABLE_TO_CHANGE_STATUS", 400),
        ("EXECUTE_PAY_NOT_APPROVED", 400),
        ("COMMON_NOT_ENOUGH_CASH", 400),
        ("CARD_EXCEED_LIMIT", 400),
        ("PAY_UNAUTHORIZED", 400),
    ])
    func httpStatusFollowsTheCode(_ raw: String, _ status: Int) {
        let code = ErrorCode(rawValue: raw)
        #expect(code != .unknown(raw), "\(raw) must be a known code")
        #expect(code.httpStatus == status)
        #expect(TossPayError(code).httpStatus == status)
    }

    @Test func everyTableCodeOutsideTheFiveSpecialOnesIs400() throws {
        let special: [String: Int] = [
            "COMMON_INVALID_API_KEY": 401, "COMMON_UNAUTHORIZED": 401, "TRANSACTION_NOT_FOUND": 404,
            "COMMON_THROTTLED": 429, "COMMON_SYSTEM_ERROR": 500,
        ]
        let rows = try referenceRows("error-codes.tsv")
        for row in rows {
            let raw = row[0]
            #expect(ErrorCode(rawValue: raw).httpStatus == special[raw] ?? 400, "\(raw)")
        }
    }

    @Test func anInvalidParameterErrorNamesTheFieldAndIs400() {
        let error = TossPayError.invalidParameter("orderNo", "비어 있을 수 없습니다.")
        #expect(error.code == .commonInvalidParameter)
        #expect(error.httpStatus == 400)
        #expect(reason(error.reason, names: "orderNo"))
        #expect(error.description.hasPrefix("COMMON_INVALID_PARAMETER"))
    }

    @Test func aGivenReasonAndStatusOverrideTheDefaults() {
        let error = TossPayError(.commonSystemError, reason: "디스크 오류", httpStatus: 503)
        #expect(error.reason == "디스크 오류")
        #expect(error.httpStatus == 503)
    }
}

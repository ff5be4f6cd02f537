import Testing
import TossPayCore
import TossPayTestSupport

/// SPEC §2: times are Korea Standard Time (UTC+9) strings `yyyy-MM-dd HH:mm:ss`. Expected
/// values were worked out independently (UTC instant + 9 hours).
@Suite("Korea time")
struct KoreaTimeTests {
    @Test(arguments: [
        (0, "1970-01-01 09:00:00"),                          // the epoch is 9 a.m. in Seoul
        (999, "1970-01-01 09:00:00"),                        // milliseconds are truncated
        (1_000, "1970-01-01 09:00:01"),
        (1_709_175_600_000, "2024-02-29 12:00:00"),          // leap day (2024-02-29 03:00 UTC)
        (951_782_400_000, "2000-02-29 09:00:00"),            // leap day of a year divisible by 400
        (4_107_509_999_000, "2100-02-28 23:59:59"),          // 2100 is not a leap year…
        (4_107_510_000_000, "2100-03-01 00:00:00"),          // …so February 28 rolls to March 1
        (1_704_034_799_000, "2023-12-31 23:59:59"),          // last second of a year in KST
        (1_704_034_800_000, "2024-01-01 00:00:00"),          // 2023-12-31 15:00 UTC is New Year in Seoul
        (2_147_483_648_000, "2038-01-19 12:14:08"),          // past the 32-bit time_t limit
        (-1, "1970-01-01 08:59:59"),                         // before the epoch rounds down, not toward zero
        (-1_000, "1970-01-01 08:59:59"),
        (-1_001, "1970-01-01 08:59:58"),
        (-32_400_000, "1970-01-01 00:00:00"),                // KST midnight of 1970-01-01
        (-32_400_001, "1969-12-31 23:59:59"),
        (-2_203_923_601_000, "1900-02-28 23:59:59"),         // 1900 is not a leap year
        (-2_203_891_200_000, "1900-03-01 09:00:00"),
    ] as [(Int64, String)])
    func formatIsKoreaStandardTime(milliseconds: Int64, expected: String) {
        #expect(KoreaTime.format(milliseconds: milliseconds) == expected)
    }

    @Test func secondOfDayIsInKoreaStandardTime() {
        #expect(KoreaTime.secondOfDay(milliseconds: 0) == 9 * 3_600)
        #expect(KoreaTime.secondOfDay(milliseconds: 15 * 3_600 * 1_000) == 0)
        #expect(KoreaTime.secondOfDay(milliseconds: 15 * 3_600 * 1_000 - 1) == 86_399)
        #expect(KoreaTime.secondOfDay(milliseconds: -1) == 9 * 3_600 - 1)
    }

    @Test func theFormatIsAlwaysNineteenCharactersWithFixedSeparators() {
        var random = SplitMix64(seed: 99)
        for _ in 0..<500 {
            // Years 1970…2200.
            let ms = Int64.random(in: 0...7_258_118_400_000, using: &random)
            let text = Array(KoreaTime.format(milliseconds: ms))
            #expect(text.count == 19)
            #expect(text[4] == "-" && text[7] == "-" && text[10] == " " && text[13] == ":" && text[16] == ":")
        }
    }

    /// The console's date filters: a KST day starts at 15:00 UTC the day before.
    @Test(arguments: [
        ("1970-01-01", -32_400_000 as Int64?),
        ("2024-02-29", 1_709_132_400_000),          // a leap day
        ("2023-02-28", 1_677_510_000_000),
        ("2000-02-29", 951_750_000_000),            // divisible by 400: leap
        ("2023-12-31", 1_703_948_400_000),
        ("2024-01-01", 1_704_034_800_000),
        ("9999-12-31", 253_402_182_000_000),
    ] as [(String, Int64?)])
    func startOfDayIsKoreanMidnight(text: String, expected: Int64?) {
        #expect(KoreaTime.startOfDay(text) == expected)
        if let expected { #expect(KoreaTime.format(milliseconds: expected) == text + " 00:00:00") }
    }

    @Test(arguments: [
        "2023-02-29",   // not a leap year
        "2100-02-29",   // divisible by 100, not 400
        "2024-02-30",
        "2024-04-31",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00",
        "2024-01-32",
        "1969-12-31",   // before the epoch
        "2024-1-01",
        "2024-01-1",
        "24-01-01",
        "2024/01/01",
        "2024-01-01 ",
        "２０２４-01-01", // full-width digits
        "",
        "+024-01-01",
    ])
    func startOfDayRefusesWhatIsNotADate(text: String) {
        #expect(KoreaTime.startOfDay(text) == nil)
    }
}

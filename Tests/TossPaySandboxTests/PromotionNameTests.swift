import Testing
import TossPayTestSupport

/// Promotion names follow the display-name rule: NUL, newline and ESC are refused (they would
/// reach logs and the checkout page), 100 characters are accepted and 101 are not.
@Suite("Promotion names")
struct PromotionNameTests {
    @Test func promotionNamesRefuseControlCharactersAndKeepTheLengthLimit() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            for bad in ["할인\u{0}", "할인\n두줄", "\u{1B}[31m빨강", String(repeating: "가", count: 101), "  "] {
                let reply = try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["name": bad, "discountAmount": 100])
                expectFailure(reply, code: "COMMON_INVALID_PARAMETER", field: "name")
            }
            let longest = String(repeating: "가", count: 100)
            let created = try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["name": longest, "discountAmount": 100]).requireSuccess()
            #expect(created["name"].string == longest)
        }
    }
}

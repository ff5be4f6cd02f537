import HTTPTypes
import Testing
import TossPayTestSupport

/// SPEC §8 "Who may act on a world", for promotions: only the caller's own merchant (its key
/// or certificate; open mode: the sandbox merchant). Another merchant's id is 404 exactly like
/// an unknown one. `DELETE …/promotions/{promotionId}` ends a promotion; a payment approved
/// with it meets `DISCOUNT_CLOSED` at execute.
@Suite("Promotions belong to their merchant")
struct PromotionOwnershipTests {
    static func promotions(_ server: TestServer, of merchantId: String, apiKey: String?) async throws -> Reply {
        try await server.send(.get, "/sandbox/v1/merchants/\(merchantId)/promotions", contentType: nil, userKey: nil, headers: TestServer.auth(apiKey))
    }

    static func delete(_ server: TestServer, _ merchantId: String, _ promotionId: String, apiKey: String?) async throws -> Reply {
        try await server.send(
            .delete, "/sandbox/v1/merchants/\(merchantId)/promotions/\(promotionId)", contentType: nil, userKey: nil,
            headers: TestServer.auth(apiKey)
        )
    }

    @Test func aMerchantCannotListCreateOrDeleteAnothersPromotions() async throws {
        try await withTestServer { server in
            let a = try await server.createMerchant(name: "A")
            let b = try await server.createMerchant(name: "B")
            let bPromotion = try await server.createPromotion(merchantId: b.id, apiKey: b.testKey, ["discountAmount": 1_000]).requireSuccess()
            let promotionId = try #require(bPromotion["promotionId"].string)

            // A, with its own key, against B's world: 404, as for an id nobody has.
            expectFailure(try await Self.promotions(server, of: b.id, apiKey: a.testKey), status: .notFound, code: "COMMON_INVALID_PARAMETER", field: "merchantId")
            expectFailure(
                try await server.createPromotion(merchantId: b.id, apiKey: a.testKey, ["discountRate": 100]),
                status: .notFound, code: "COMMON_INVALID_PARAMETER", field: "merchantId"
            )
            expectFailure(try await Self.delete(server, b.id, promotionId, apiKey: a.testKey), status: .notFound, code: "COMMON_INVALID_PARAMETER", field: "merchantId")
            // Nor without credentials: open mode is the sandbox merchant, not B.
            expectFailure(
                try await server.createPromotion(merchantId: b.id, ["discountRate": 100]),
                status: .notFound, code: "COMMON_INVALID_PARAMETER", field: "merchantId"
            )
            expectFailure(try await Self.promotions(server, of: "m_nobody", apiKey: a.testKey), status: .notFound, code: "COMMON_INVALID_PARAMETER", field: "merchantId")

            // B's world is as B left it: one promotion, and B's 10,000-won payment costs 9,000.
            let listed = try await Self.promotions(server, of: b.id, apiKey: b.testKey).requireSuccess()
            #expect(listed["promotions"].array?.count == 1)
            let (_, executed) = try await server.paid(amount: 10_000, userKey: newUserKey(), apiKey: b.testKey)
            #expect(executed["paidAmount"].int64 == 9_000)
        }
    }

    @Test func outsideOpenModeAPromotionNeedsCredentials() async throws {
        try await withTestServer(openMode: false) { server in
            let created = try await server.post("/sandbox/v1/merchants", ["name": "C"], userKey: nil).requireSuccess()
            let id = try #require(created["merchantId"].string)
            let key = try #require(created["testApiKey"].string)
            expectFailure(try await Self.promotions(server, of: id, apiKey: nil), status: .unauthorized, code: "COMMON_UNAUTHORIZED")
            expectFailure(try await Self.promotions(server, of: id, apiKey: "sk_test_wrong"), status: .unauthorized, code: "COMMON_INVALID_API_KEY")
            #expect(try await Self.promotions(server, of: id, apiKey: key).status == .ok)
        }
    }

    @Test func inOpenModeTheSandboxMerchantManagesItsOwnPromotions() async throws {
        try await withTestServer { server in
            let created = try await server.createPromotion(merchantId: "sandbox", ["discountAmount": 500]).requireSuccess()
            #expect(created["merchantId"].string == "sandbox")
            let listed = try await Self.promotions(server, of: "sandbox", apiKey: nil).requireSuccess()
            #expect(listed["promotions"].array?.count == 1)
        }
    }

    @Test func aDeletedPromotionClosesThePaymentsApprovedWithIt() async throws {
        try await withTestServer { server in
            let merchant = try await server.createMerchant()
            let created = try await server.createPromotion(merchantId: merchant.id, apiKey: merchant.testKey, ["discountAmount": 1_000]).requireSuccess()
            let promotionId = try #require(created["promotionId"].string)
            let buyer = newUserKey()
            let token = try await server.authorizedPayToken(amount: 10_000, userKey: buyer, apiKey: merchant.testKey)

            let deleted = try await Self.delete(server, merchant.id, promotionId, apiKey: merchant.testKey).requireSuccess()
            #expect(deleted["deleted"].bool == true)
            let listed = try await Self.promotions(server, of: merchant.id, apiKey: merchant.testKey).requireSuccess()
            #expect(listed["promotions"].array?.isEmpty == true)
            expectFailure(try await Self.delete(server, merchant.id, promotionId, apiKey: merchant.testKey), status: .notFound, code: "COMMON_INVALID_PARAMETER", field: "promotionId")

            let before = try await server.balances(buyer)
            let closed = try await server.execute(payToken: token, userKey: buyer, apiKey: merchant.testKey)
            expectFailure(closed, code: "DISCOUNT_CLOSED")
            #expect(try await server.payStatus(payToken: token, userKey: buyer, apiKey: merchant.testKey) == "PAY_STANDBY")
            #expect(try await server.balances(buyer).money == before.money, "no money moved")
        }
    }
}

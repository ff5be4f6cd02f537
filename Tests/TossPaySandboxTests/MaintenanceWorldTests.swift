import HTTPTypes
import Testing
import TossPayCore
import TossPayTestSupport

/// SPEC §5 and §8: bank maintenance windows belong to a merchant's world. One merchant's
/// window never stops another merchant's Toss Money; the server-wide windows
/// (`bank.maintenance`) apply to merchants that set none.
@Suite("Bank maintenance windows per merchant")
struct MaintenanceWorldTests {
    static func windows(_ server: TestServer, apiKey: String?) async throws -> JSONObject {
        try await server.send(.get, "/sandbox/v1/bank-maintenance", contentType: nil, userKey: nil, headers: TestServer.auth(apiKey))
            .requireSuccess()
    }

    @Test func aMerchantsWindowStopsOnlyItsOwnTossMoney() async throws {
        try await withTestServer { server in
            let a = try await server.createMerchant(name: "A")
            let b = try await server.createMerchant(name: "B")
            let buyer = newUserKey()
            let aToken = try await server.authorizedPayToken(amount: 3_000, userKey: buyer, apiKey: a.testKey)
            let bToken = try await server.authorizedPayToken(amount: 3_000, userKey: buyer, apiKey: b.testKey)
            let sandboxToken = try await server.authorizedPayToken(amount: 3_000, userKey: buyer)

            // A closes its bank for the whole day.
            try await server.setBankMaintenance(["00:00-23:59"], apiKey: a.testKey).requireSuccess()
            #expect(try await Self.windows(server, apiKey: a.testKey)["windows"].strings == ["00:00-23:59"])
            #expect(try await Self.windows(server, apiKey: b.testKey)["windows"].strings == [])
            #expect(try await Self.windows(server, apiKey: nil)["windows"].strings == [], "the sandbox merchant's world is untouched")

            expectFailure(try await server.execute(payToken: aToken, userKey: buyer, apiKey: a.testKey), code: "COMMON_BREAK_TIME_OF_BANK")
            try await server.execute(payToken: bToken, userKey: buyer, apiKey: b.testKey).requireSuccess()
            try await server.execute(payToken: sandboxToken, userKey: buyer).requireSuccess()
        }
    }

    @Test func theConfiguredWindowsApplyUntilAMerchantSetsItsOwn() async throws {
        try await withTestServer(configure: { $0.bankMaintenance = try? MaintenanceWindow.parseList("00:00-23:59") }) { server in
            let a = try await server.createMerchant(name: "A")
            #expect(try await Self.windows(server, apiKey: a.testKey)["windows"].strings == ["00:00-23:59"], "inherited")
            let buyer = newUserKey()
            let blocked = try await server.authorizedPayToken(amount: 3_000, userKey: buyer, apiKey: a.testKey)
            expectFailure(try await server.execute(payToken: blocked, userKey: buyer, apiKey: a.testKey), code: "COMMON_BREAK_TIME_OF_BANK")
            // Its own (empty) windows replace the inherited ones for A only.
            try await server.setBankMaintenance([], apiKey: a.testKey).requireSuccess()
            try await server.execute(payToken: blocked, userKey: buyer, apiKey: a.testKey).requireSuccess()
            #expect(try await Self.windows(server, apiKey: nil)["windows"].strings == ["00:00-23:59"], "others still inherit")
        }
    }
}

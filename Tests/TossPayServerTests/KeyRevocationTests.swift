import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// SPEC §8 revocation: `DELETE /manage/v1/merchants/{merchantId}/keys/{fingerprint}`, in
/// every mode, and the console's revoke button.
@Suite("Key revocation")
struct KeyRevocationRouteTests {
    static func fingerprint(_ key: String) -> String { String(MerchantAuthenticator.hash(key).prefix(8)) }

    static func revoke(_ server: TestServer, merchantId: String, fingerprint: String, apiKey: String?) async throws -> Reply {
        try await server.send(
            .delete, "/manage/v1/merchants/\(merchantId)/keys/\(fingerprint)", contentType: nil, userKey: nil,
            headers: TestServer.auth(apiKey)
        )
    }

    @Test(arguments: [true, false])
    func aRevokedKeyFailsOnTheNextRequest(openMode: Bool) async throws {
        try await withTestServer(openMode: openMode) { server in
            let merchant = try await server.createMerchant(name: "폐기")
            #expect(try await server.makePayment(orderNo: newOrderNo("before"), test: false, apiKey: merchant.liveKey).status == .ok)
            let reply = try await Self.revoke(server, merchantId: merchant.id, fingerprint: Self.fingerprint(merchant.liveKey), apiKey: merchant.testKey)
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.success?["revoked"]?.bool == true)
            let after = try await server.makePayment(orderNo: newOrderNo("after"), test: false, apiKey: merchant.liveKey)
            #expect(after.status == .unauthorized)
            #expect(after.errorCode == "COMMON_INVALID_API_KEY")
            #expect(try await server.makePayment(orderNo: newOrderNo("other"), apiKey: merchant.testKey).status == .ok, "the other key still works")
        }
    }

    /// A keep-alive connection that already authenticated with the key is refused too.
    @Test func aRevokedKeyFailsOnAConnectionAlreadyOpen() async throws {
        try await withTestServer(openMode: false, setup: .live) { server in
            let merchant = try await server.createMerchant(name: "연결")
            #expect(try await server.makePayment(orderNo: newOrderNo("open-1"), apiKey: merchant.testKey).status == .ok)
            let revoked = try await Self.revoke(server, merchantId: merchant.id, fingerprint: Self.fingerprint(merchant.testKey), apiKey: merchant.liveKey)
            #expect(revoked.status == .ok)
            #expect(try await server.makePayment(orderNo: newOrderNo("open-2"), apiKey: merchant.testKey).errorCode == "COMMON_INVALID_API_KEY")
        }
    }

    @Test func refusalsNameTheirReason() async throws {
        try await withTestServer(openMode: true) { server in
            let merchant = try await server.createMerchant(name: "A")
            let other = try await server.createMerchant(name: "B")
            let liveFingerprint = Self.fingerprint(merchant.liveKey)
            let published = Self.fingerprint(MerchantAuthenticator.publicTestKeys[0])

            let foreign = try await Self.revoke(server, merchantId: other.id, fingerprint: Self.fingerprint(other.liveKey), apiKey: merchant.testKey)
            #expect(foreign.status == .notFound, "another merchant's id")
            let unknown = try await Self.revoke(server, merchantId: merchant.id, fingerprint: "00000000", apiKey: merchant.testKey)
            #expect(unknown.status == .notFound, "unknown fingerprint")
            let own = try await Self.revoke(server, merchantId: merchant.id, fingerprint: Self.fingerprint(merchant.testKey), apiKey: merchant.testKey)
            #expect(own.status == .badRequest, "revoked with another key")
            let publicKey = try await Self.revoke(server, merchantId: "sandbox", fingerprint: published, apiKey: MerchantAuthenticator.publicTestKeys[1])
            #expect(publicKey.status == .forbidden, "\(publicKey.text)")
            let keyless = try await Self.revoke(server, merchantId: "sandbox", fingerprint: published, apiKey: nil)
            #expect(keyless.errorCode == "COMMON_UNAUTHORIZED", "open mode does not authenticate management")
            let wrong = try await Self.revoke(server, merchantId: merchant.id, fingerprint: liveFingerprint, apiKey: "sk_test_wrong")
            #expect(wrong.errorCode == "COMMON_INVALID_API_KEY")

            #expect(try await Self.revoke(server, merchantId: merchant.id, fingerprint: liveFingerprint, apiKey: merchant.testKey).status == .ok)
            let again = try await Self.revoke(server, merchantId: merchant.id, fingerprint: liveFingerprint, apiKey: merchant.testKey)
            #expect(again.status == .notFound, "already revoked")
        }
    }

    /// The console (no key of its own in play) may revoke any key but the last active one, and
    /// lists revoked keys as revoked.
    @Test func theConsoleRevokesAndListsRevokedKeys() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "콘솔")
            let cookie = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
            let page = try await ConsoleTests.get(server, "/console", cookie: cookie)
            #expect(page.text.components(separatedBy: "data-testid=\"console-revoke-key\"").count - 1 == 2)
            let live = Self.fingerprint(merchant.liveKey)
            let revoked = try await ConsoleTests.post(server, "/console/keys/revoke", form: "fingerprint=\(live)", cookie: cookie)
            #expect(revoked.status == .ok)
            #expect(revoked.text.contains("data-testid=\"console-key-revoked\""))
            #expect(try await server.makePayment(orderNo: newOrderNo("c"), test: false, apiKey: merchant.liveKey).errorCode == "COMMON_INVALID_API_KEY")
            let last = try await ConsoleTests.post(server, "/console/keys/revoke", form: "fingerprint=\(Self.fingerprint(merchant.testKey))", cookie: cookie)
            #expect(last.status == .badRequest)
            #expect(last.text.contains("COMMON_INVALID_PARAMETER"))
            #expect(try await server.makePayment(orderNo: newOrderNo("t"), apiKey: merchant.testKey).status == .ok)
            let foreign = try await ConsoleTests.post(server, "/console/keys/revoke", form: "fingerprint=\(live)", cookie: cookie, origin: "https://evil.example")
            #expect(foreign.status == .forbidden, "same-origin forms only")
        }
    }
    /// The console revokes a client certificate by serial (what the mTLS server then refuses:
    /// CertificateRevocationTests); a serial that is not hex is 400.
    @Test func theConsoleRevokesACertificateBySerial() async throws {
        try await withTestServer(openMode: false) { server in
            let merchant = try await server.createMerchant(name: "인증서")
            let cookie = try await ConsoleTests.signIn(server, apiKey: merchant.testKey)
            let revoked = try await ConsoleTests.post(server, "/console/certificates/revoke", form: "serial=00%3AAB%3A12", cookie: cookie)
            #expect(revoked.status == .ok)
            #expect(revoked.text.contains("ab12"))
            #expect(try await #require(server.ledger).isCertificateRevoked(merchantId: merchant.id, serial: "ab12"))
            #expect(try await #require(server.ledger).isCertificateRevoked(merchantId: "sandbox", serial: "ab12") == false, "per merchant")
            let bad = try await ConsoleTests.post(server, "/console/certificates/revoke", form: "serial=zz", cookie: cookie)
            #expect(bad.status == .badRequest)
        }
    }
}

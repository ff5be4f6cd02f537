import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TossPayClient
import TossPayCore
import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// SPEC §8: client certificates are revoked by serial number, and a revoked certificate is
/// refused on the next request, over real mutual TLS.
@Suite("Client-certificate revocation")
struct CertificateRevocationTests {
    @Test(arguments: [
        ("00:A1:b2", "a1b2"), ("0A", "a"), ("000", "0"), ("ff", "ff"),
    ])
    func serialsAreComparedNormalized(text: String, expected: String) {
        #expect(CertificateRevocation.normalizedSerial(text) == expected)
    }

    @Test(arguments: ["", "xyz", String(repeating: "a", count: 41), "a1 b2"])
    func aSerialThatIsNotHexIsRefused(text: String) {
        #expect(CertificateRevocation.normalizedSerial(text) == nil)
        #expect(throws: TossPayError.self) { try CertificateRevocation.check(serial: text, callerSerial: nil) }
    }

    @Test func theCertificateARequestUsesCannotRevokeItself() {
        #expect(throws: TossPayError.self) { try CertificateRevocation.check(serial: "00A1", callerSerial: "a1") }
        #expect((try? CertificateRevocation.check(serial: "00A1", callerSerial: "b2")) == "a1")
    }

    /// Revoked through the manage route on another instance (same database, authenticated by
    /// the merchant's key) and with the CLI's store call: the mTLS server refuses each
    /// certificate from its next request; the others keep working.
    @Test func aRevokedCertificateIsRefusedOnTheNextRequest() async throws {
        try await MutualTLSTests.withMutualTLS { pki, server in
            let logger = quietLogger()
            let store = try await SQLitePaymentStore.open(path: pki.configuration.databasePath, logger: logger)
            do {
                let merchant = try await MerchantProvisioning.create(name: "인증서 가맹점", in: store)
                let id = merchant.merchant.id
                let first = try pki.authority.issueClientCertificate(merchantId: id)
                let second = try pki.authority.issueClientCertificate(merchantId: id)
                let third = try pki.authority.issueClientCertificate(merchantId: id)
                func client(_ issued: CertificateAuthority.Issued) throws -> TossPayClient {
                    let name = "\(pki.directory)/c-\(UUID().uuidString.prefix(8))"
                    try issued.certificatePEM.write(toFile: name + ".pem", atomically: true, encoding: .utf8)
                    try issued.privateKeyPEM.write(toFile: name + "-key.pem", atomically: true, encoding: .utf8)
                    let certificate = try ClientCertificate.files(certificatePath: name + ".pem", privateKeyPath: name + "-key.pem")
                    return try MutualTLSTests.client(server, pki, .clientCertificate(certificate))
                }
                let clients = try [client(first), client(second), client(third)]
                for client in clients { _ = try await client.makePayment(try MutualTLSTests.makeRequest(), userKey: newUserKey()) }

                // Another instance on the same database, without TLS: the manage route with the key.
                var plain = ServerConfiguration()
                plain.openMode = false
                let parts = try await buildParts(configuration: plain, store: store, logger: logger)
                let partsLedger = parts.ledger
                let firstSerial = try #require(CertificateAuthority.serialNumber(pem: first.certificatePEM))
                let app = Application(router: parts.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
                try await app.test(.router) { routerClient in
                    let other = TestServer(client: routerClient, ledger: partsLedger)
                    let reply = try await other.send(
                        .delete, "/manage/v1/merchants/\(id)/certificates/\(firstSerial.uppercased())", contentType: nil, userKey: nil,
                        headers: TestServer.auth(merchant.testKey)
                    )
                    #expect(reply.status == .ok, "\(reply.text)")
                    let foreign = try await other.send(
                        .delete, "/manage/v1/merchants/sandbox/certificates/\(firstSerial)", contentType: nil, userKey: nil,
                        headers: TestServer.auth(merchant.testKey)
                    )
                    #expect(foreign.status == .notFound)
                }
                let refused = await clientError { try await clients[0].makePayment(try MutualTLSTests.makeRequest(), userKey: newUserKey()) }
                #expect(refused?.code == .commonUnauthorized)
                #expect(refused?.httpStatus == 401)

                // The CLI's way: straight in the store.
                let secondSerial = try #require(CertificateAuthority.serialNumber(pem: second.certificatePEM))
                try await MerchantProvisioning.revokeCertificate(merchantId: id, serial: secondSerial, in: store)
                let refusedToo = await clientError { try await clients[1].makePayment(try MutualTLSTests.makeRequest(), userKey: newUserKey()) }
                #expect(refusedToo?.code == .commonUnauthorized)

                _ = try await clients[2].makePayment(try MutualTLSTests.makeRequest(), userKey: newUserKey())
                for client in clients { try await client.shutdown() }
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }
}

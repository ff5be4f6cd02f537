import Foundation
import Testing
import TossPayClient
import TossPayServer
import TossPayTestSupport

/// Merchant authentication by client certificate (SPEC §2): a tosspay server with
/// `tls.cert`, `tls.key` and `tls.clientca`, over real TLS on a loopback port.
@Suite("Mutual TLS")
struct MutualTLSTests {
    /// A CA, the server's certificate and key, written to a temporary folder.
    struct PKI: Sendable {
        let directory: String
        let authority: CertificateAuthority
        var configuration: ServerConfiguration

        init() throws {
            directory = try temporaryDirectory("mtls")
            authority = try CertificateAuthority.create()
            let server = try authority.issueServerCertificate(hosts: ["localhost", "127.0.0.1"])
            try authority.certificatePEM.write(toFile: directory + "/ca.pem", atomically: true, encoding: .utf8)
            try server.certificatePEM.write(toFile: directory + "/server.pem", atomically: true, encoding: .utf8)
            try server.privateKeyPEM.write(toFile: directory + "/server-key.pem", atomically: true, encoding: .utf8)
            configuration = ServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.databasePath = directory + "/tosspay.sqlite"
            configuration.tlsCertificatePath = directory + "/server.pem"
            configuration.tlsKeyPath = directory + "/server-key.pem"
            configuration.clientCAPath = directory + "/ca.pem"
            configuration.logLevel = "warning"
        }

        /// A client certificate for `merchantId`, written to PEM files and read back.
        func clientCertificate(merchantId: String, by authority: CertificateAuthority? = nil) throws -> ClientCertificate {
            let issued = try (authority ?? self.authority).issueClientCertificate(merchantId: merchantId)
            let name = "\(directory)/client-\(merchantId)-\(UUID().uuidString.prefix(8))"
            try issued.certificatePEM.write(toFile: name + ".pem", atomically: true, encoding: .utf8)
            try issued.privateKeyPEM.write(toFile: name + "-key.pem", atomically: true, encoding: .utf8)
            return try ClientCertificate.files(certificatePath: name + ".pem", privateKeyPath: name + "-key.pem")
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Runs `body` against the mTLS server; clients made with `client(_:)` are shut down afterwards.
    static func withMutualTLS(_ body: @Sendable (PKI, LiveTossPay) async throws -> Void) async throws {
        let pki = try PKI()
        defer { pki.remove() }
        try await withTossPayApplication(pki.configuration, scheme: "https") { server in
            try await body(pki, server)
        }
    }

    static func client(_ server: LiveTossPay, _ pki: PKI, _ credentials: TossPayClient.Credentials) throws -> TossPayClient {
        try server.client(credentials: credentials, trustRootsPEM: [pki.authority.certificatePEM], timeout: .seconds(30))
    }

    static func makeRequest() throws -> MakePaymentRequest {
        try MakePaymentRequest(orderNo: newOrderNo("mtls"), productDesc: "인증서 상품", amount: 1_000, amountTaxFree: 0, isTestPayment: true)
    }

    @Test func aClientCertificateForTheSandboxMerchantRunsTheWholeFlow() async throws {
        try await Self.withMutualTLS { pki, server in
            let client = try Self.client(server, pki, .clientCertificate(try pki.clientCertificate(merchantId: "sandbox")))
            let payment = try await client.authorizedPayment(amount: 1_500)
            let execution = try await client.executePayment(ExecutePaymentRequest(payToken: payment.payToken, mode: .test), orderNo: payment.orderNo, userKey: payment.userKey)
            #expect(execution.amount == 1_500)
            #expect(execution.recovered == false)
            let status = try await client.status(of: payment)
            #expect(status.payStatus == .complete)
            try await client.shutdown()
        }
    }

    @Test func withoutACertificateTheConnectionIsRefused() async throws {
        try await Self.withMutualTLS { pki, server in
            let client = try Self.client(server, pki, .none)
            let error = await clientError { try await client.makePayment(try Self.makeRequest(), userKey: newUserKey()) }
            #expect(error?.kind == .transport)
            #expect(error?.httpStatus == nil)
            // An API key does not replace the certificate either.
            let keyed = try Self.client(server, pki, .apiKey(publicTestKey))
            let keyError = await clientError { try await keyed.makePayment(try Self.makeRequest(), userKey: newUserKey()) }
            #expect(keyError?.kind == .transport)
            try await client.shutdown()
            try await keyed.shutdown()
        }
    }

    @Test func aCertificateFromAnotherAuthorityIsRefused() async throws {
        try await Self.withMutualTLS { pki, server in
            let stranger = try CertificateAuthority.create(name: "someone else's CA")
            let client = try Self.client(server, pki, .clientCertificate(try pki.clientCertificate(merchantId: "sandbox", by: stranger)))
            let error = await clientError { try await client.makePayment(try Self.makeRequest(), userKey: newUserKey()) }
            #expect(error?.kind == .transport)
            try await client.shutdown()
        }
    }

    @Test func theClientRefusesAServerItDoesNotTrust() async throws {
        try await Self.withMutualTLS { pki, server in
            // Trusting only the system roots, the client must not talk to a self-signed server.
            let client = try server.client(credentials: .clientCertificate(try pki.clientCertificate(merchantId: "sandbox")), timeout: .seconds(2))
            let error = await clientError { try await client.makePayment(try Self.makeRequest(), userKey: newUserKey()) }
            #expect(error?.kind == .transport)
            try await client.shutdown()
        }
    }

    @Test func twoCertificatesForOneMerchantBothWork() async throws {
        try await Self.withMutualTLS { pki, server in
            let old = try Self.client(server, pki, .clientCertificate(try pki.clientCertificate(merchantId: "sandbox")))
            let new = try Self.client(server, pki, .clientCertificate(try pki.clientCertificate(merchantId: "sandbox")))
            let buyer = newUserKey()
            let request = try Self.makeRequest()
            let token = try await old.makePayment(request, userKey: buyer)
            // The rotated certificate names the same merchant, so it sees the same payment.
            let status = try await new.getPaymentStatus(PaymentStatusRequest(payToken: token, orderNo: request.orderNo, mode: .test), userKey: buyer)
            #expect(status.payStatus == .standby)
            let secondRequest = try Self.makeRequest()
            let second = try await new.makePayment(secondRequest, userKey: buyer)
            #expect(try await old.getPaymentStatus(PaymentStatusRequest(payToken: second, orderNo: secondRequest.orderNo, mode: .test), userKey: buyer).payStatus == .standby)
            try await old.shutdown()
            try await new.shutdown()
        }
    }

    @Test func aCertificateForAnUnknownMerchantIsUnauthorized() async throws {
        try await Self.withMutualTLS { pki, server in
            let client = try Self.client(server, pki, .clientCertificate(try pki.clientCertificate(merchantId: "no-such-merchant")))
            let error = await clientError { try await client.makePayment(try Self.makeRequest(), userKey: newUserKey()) }
            #expect(error?.kind == .api)
            #expect(error?.code == .commonUnauthorized)
            #expect(error?.httpStatus == 401)
            try await client.shutdown()
        }
    }

    @Test func aCertificateNamesItsOwnMerchantAndNoOther() async throws {
        try await Self.withMutualTLS { pki, server in
            let sandbox = try Self.client(server, pki, .clientCertificate(try pki.clientCertificate(merchantId: "sandbox")))
            let merchant = try await sandbox.createSandboxMerchant(name: "인증서 가맹점")
            let own = try Self.client(server, pki, .clientCertificate(try pki.clientCertificate(merchantId: merchant.merchantId)))
            let buyer = newUserKey()
            let request = try Self.makeRequest()
            let token = try await own.makePayment(request, userKey: buyer)
            let query = PaymentStatusRequest(payToken: token, orderNo: request.orderNo, mode: .test)
            #expect(try await own.getPaymentStatus(query, userKey: buyer).payStatus == .standby)
            let foreign = await clientError { try await sandbox.getPaymentStatus(query, userKey: buyer) }
            #expect(foreign?.code == .transactionNotFound)
            try await sandbox.shutdown()
            try await own.shutdown()
        }
    }

    @Test func aCertificateFromBase64EnvironmentVariablesWorks() async throws {
        try await Self.withMutualTLS { pki, server in
            let issued = try pki.authority.issueClientCertificate(merchantId: "sandbox")
            let environment = [
                "TOSSPAY_CLIENT_CERT": Data(issued.certificatePEM.utf8).base64EncodedString(),
                "TOSSPAY_CLIENT_KEY": Data(issued.privateKeyPEM.utf8).base64EncodedString(),
            ]
            let certificate = try ClientCertificate.environment(environment: environment)
            let client = try Self.client(server, pki, .clientCertificate(certificate))
            let token = try await client.makePayment(try Self.makeRequest(), userKey: newUserKey())
            #expect(!token.isEmpty)
            // The same certificate with its line breaks lost, as a one-line environment value.
            let flattened = try ClientCertificate(
                certificatePEM: issued.certificatePEM.replacingOccurrences(of: "\n", with: ""),
                privateKeyPEM: issued.privateKeyPEM.replacingOccurrences(of: "\n", with: "\\n")
            )
            let flatClient = try Self.client(server, pki, .clientCertificate(flattened))
            #expect(!(try await flatClient.makePayment(try Self.makeRequest(), userKey: newUserKey())).isEmpty)
            try await client.shutdown()
            try await flatClient.shutdown()
        }
    }
}

import Foundation
import Testing
import TossPayClient
import TossPayServer
import TossPayTestSupport

/// PEM that went through environment variables, CI secrets or JSON comes back in many shapes;
/// ``ClientCertificate`` repairs them to proper PEM, and refuses what is not PEM.
@Suite("Client certificate normalisation")
struct ClientCertificateTests {
    /// A fresh certificate and key from a fresh CA.
    static func issue() throws -> CertificateAuthority.Issued {
        try CertificateAuthority.create().issueClientCertificate(merchantId: "sandbox")
    }

    static func canonical(_ pem: String) -> String {
        pem.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    @Test func properPEMIsKept() throws {
        let issued = try Self.issue()
        try #require(issued.certificatePEM.contains("-----BEGIN CERTIFICATE-----"))
        let certificate = try ClientCertificate(certificatePEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM)
        #expect(certificate.certificatePEM == Self.canonical(issued.certificatePEM))
        #expect(certificate.privateKeyPEM == Self.canonical(issued.privateKeyPEM))
    }

    @Test func literalBackslashNIsRepaired() throws {
        let issued = try Self.issue()
        try #require(issued.certificatePEM.contains("-----BEGIN CERTIFICATE-----"))
        let certificate = try ClientCertificate(
            certificatePEM: issued.certificatePEM.replacingOccurrences(of: "\n", with: "\\n"),
            privateKeyPEM: issued.privateKeyPEM.replacingOccurrences(of: "\n", with: "\\n")
        )
        #expect(certificate.certificatePEM == Self.canonical(issued.certificatePEM))
        #expect(certificate.privateKeyPEM == Self.canonical(issued.privateKeyPEM))
    }

    @Test func pemWithoutLineBreaksIsRepaired() throws {
        let issued = try Self.issue()
        try #require(issued.certificatePEM.contains("-----BEGIN CERTIFICATE-----"))
        let certificate = try ClientCertificate(
            certificatePEM: issued.certificatePEM.replacingOccurrences(of: "\n", with: ""),
            privateKeyPEM: issued.privateKeyPEM.replacingOccurrences(of: "\n", with: " ")
        )
        #expect(certificate.certificatePEM == Self.canonical(issued.certificatePEM))
        #expect(certificate.privateKeyPEM == Self.canonical(issued.privateKeyPEM))
    }

    @Test func crlfLineBreaksAreRepaired() throws {
        let issued = try Self.issue()
        let certificate = try ClientCertificate(
            certificatePEM: issued.certificatePEM.replacingOccurrences(of: "\n", with: "\r\n"),
            privateKeyPEM: issued.privateKeyPEM
        )
        #expect(certificate.certificatePEM == Self.canonical(issued.certificatePEM))
    }

    @Test func base64EncodedPEMInTheEnvironmentIsDecoded() throws {
        let issued = try Self.issue()
        try #require(issued.certificatePEM.contains("-----BEGIN CERTIFICATE-----"))
        let environment = [
            "TOSSPAY_CLIENT_CERT": Data(issued.certificatePEM.utf8).base64EncodedString(),
            "TOSSPAY_CLIENT_KEY": Data(issued.privateKeyPEM.utf8).base64EncodedString(options: .lineLength64Characters),
        ]
        let certificate = try ClientCertificate.environment(environment: environment)
        #expect(certificate.certificatePEM == Self.canonical(issued.certificatePEM))
        #expect(certificate.privateKeyPEM == Self.canonical(issued.privateKeyPEM))

        let custom = try ClientCertificate.environment(
            certificateVariable: "MY_CERT", privateKeyVariable: "MY_KEY",
            environment: ["MY_CERT": issued.certificatePEM, "MY_KEY": issued.privateKeyPEM.replacingOccurrences(of: "\n", with: "\\n")]
        )
        #expect(custom == certificate)
    }

    @Test func missingEnvironmentVariablesAreNamed() throws {
        let issued = try Self.issue()
        #expect {
            try ClientCertificate.environment(environment: ["TOSSPAY_CLIENT_CERT": issued.certificatePEM])
        } throws: { error in
            guard let error = error as? TossPayClientError else { return false }
            return error.kind == .validation && error.reason.contains("TOSSPAY_CLIENT_KEY")
        }
    }

    @Test(arguments: [
        "garbage",
        "",
        Data("not a pem at all".utf8).base64EncodedString(),
        "-----BEGIN CERTIFICATE-----MIIB",
    ])
    func garbageIsRefused(text: String) throws {
        let issued = try Self.issue()
        #expect {
            try ClientCertificate(certificatePEM: text, privateKeyPEM: issued.privateKeyPEM)
        } throws: { error in
            guard let error = error as? TossPayClientError else { return false }
            return error.kind == .validation && error.code == .commonInvalidParameter
        }
    }

    @Test func aKeyThatIsNotAKeyIsRefusedWhenTheClientIsMade() throws {
        let issued = try Self.issue()
        // Well-formed PEM blocks, but the "key" is a certificate: NIOSSL cannot load it.
        let certificate = try ClientCertificate(certificatePEM: issued.certificatePEM, privateKeyPEM: issued.certificatePEM)
        #expect {
            _ = try TossPayClient(configuration: .init(baseURL: "https://localhost:1", credentials: .clientCertificate(certificate)))
        } throws: { error in
            (error as? TossPayClientError)?.kind == .validation
        }
    }

    @Test func missingFilesAreReported() {
        #expect {
            try ClientCertificate.files(certificatePath: "/nonexistent/client.pem", privateKeyPath: "/nonexistent/client-key.pem")
        } throws: { error in
            (error as? TossPayClientError)?.reason.contains("/nonexistent/client.pem") == true
        }
    }
}

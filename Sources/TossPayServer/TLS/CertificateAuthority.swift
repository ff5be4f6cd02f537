import Crypto
import Foundation
import SwiftASN1
import TossPayCore
import X509

/// The server's own certificate authority: issues the server's TLS certificate and merchants'
/// client certificates (mTLS), each an ECDSA P-256 key pair.
///
/// A client certificate names its merchant in the subject's common name. Any number of
/// certificates per merchant are valid at once, so a merchant can rotate without downtime:
/// issue a new one, deploy it, let the old one expire.
public struct CertificateAuthority: Sendable {
    /// The CA certificate, PEM.
    public let certificatePEM: String
    /// The CA private key, PEM (PKCS#8).
    public let privateKeyPEM: String

    /// A certificate and its private key, PEM.
    public struct Issued: Sendable {
        /// The certificate, PEM.
        public let certificatePEM: String
        /// The private key, PEM (PKCS#8).
        public let privateKeyPEM: String
    }

    /// Creates a new self-signed CA valid for `days`.
    public static func create(name: String = "tosspay local CA", days: Int = 3_650) throws -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName { CommonName(name) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PrivateKey(key).publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Double(days) * 86_400),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return CertificateAuthority(certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    /// Loads a CA from its PEM files.
    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// Issues the server's certificate for `hosts` (DNS names or IPv4 addresses).
    public func issueServerCertificate(hosts: [String] = ["localhost", "127.0.0.1"], days: Int = 825) throws -> Issued {
        let names: [GeneralName] = hosts.map { host in
            if let octets = Self.ipv4Octets(host) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets))) }
            return .dnsName(host)
        }
        return try issue(commonName: hosts.first ?? "localhost", days: days, usage: .serverAuth, alternativeNames: names)
    }

    /// Issues a client certificate for `merchantId`.
    public func issueClientCertificate(merchantId: String, days: Int = 365) throws -> Issued {
        try issue(commonName: merchantId, days: days, usage: .clientAuth, alternativeNames: [])
    }

    func issue(commonName: String, days: Int, usage: ExtendedKeyUsage.Usage, alternativeNames: [GeneralName]) throws -> Issued {
        let caCertificate = try Certificate(pemEncoded: certificatePEM)
        let caKey = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        let key = P256.Signing.PrivateKey()
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PrivateKey(key).publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Double(days) * 86_400),
            issuer: caCertificate.subject, subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([usage])
                if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
            },
            issuerPrivateKey: caKey
        )
        return Issued(certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    /// The serial number of a DER certificate, as ``CertificateRevocation/normalizedSerial(_:)``
    /// spells it (lower-case hex, no leading zeros): what certificate revocation names.
    public static func serialNumber(derBytes: [UInt8]) -> String? {
        guard let certificate = try? Certificate(derEncoded: derBytes) else { return nil }
        return CertificateRevocation.normalizedSerial(certificate.serialNumber.bytes.hexString)
    }

    /// The serial number of a PEM certificate (the first in `pem`).
    public static func serialNumber(pem: String) -> String? {
        guard let certificate = try? Certificate(pemEncoded: pem) else { return nil }
        return CertificateRevocation.normalizedSerial(certificate.serialNumber.bytes.hexString)
    }

    /// The common name of a DER certificate's subject (a client certificate's merchant id).
    public static func commonName(derBytes: [UInt8]) -> String? {
        guard let certificate = try? Certificate(derEncoded: derBytes) else { return nil }
        for rdn in certificate.subject.reversed() {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                let text = attribute.value.description
                return text.isEmpty ? nil : text
            }
        }
        return nil
    }

    static func ipv4Octets(_ host: String) -> [UInt8]? {
        let parts = host.split(separator: ".")
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { UInt8($0) }
        return octets.count == 4 ? octets : nil
    }
}

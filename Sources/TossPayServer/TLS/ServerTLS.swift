import Foundation
import NIOCore
import NIOSSL

/// Builds the server's TLS configuration from PEM files, and reads a connection's client
/// certificate.
enum ServerTLS {
    /// TLS with the server's certificate; with a client CA, a client certificate signed by it
    /// is required on every connection.
    static func configuration(certificatePath: String, keyPath: String, clientCAPath: String?) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        if let clientCAPath {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCAPath))
            tls.certificateVerification = .noHostnameVerification
        }
        return tls
    }

    /// The DER bytes of the certificate the client presented on `channel`, if any.
    static func peerCertificateDER(_ channel: any Channel) async -> [UInt8]? {
        try? await channel.eventLoop.submit { () throws -> [UInt8]? in
            let handler = try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)
            return try handler.peerCertificate?.toDERBytes()
        }.get()
    }
}

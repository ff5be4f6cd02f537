import ArgumentParser
import Foundation
import TossPayServer

/// `tosspay certs`: the server's own CA, its TLS certificate and merchants' client certificates.
struct Certs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a local CA and issue server and merchant client certificates (mTLS).",
        subcommands: [Initialize.self, Issue.self]
    )

    /// `tosspay certs init --dir DIR`: CA + server certificate.
    struct Initialize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create ca.pem / ca-key.pem and server.pem / server-key.pem in --dir."
        )

        @Option(help: "Folder for the files.")
        var dir: String = "certs"

        @Option(parsing: .upToNextOption, help: "Host names and IPv4 addresses the server certificate covers.")
        var host: [String] = ["localhost", "127.0.0.1"]

        func run() async throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let caPath = dir + "/ca.pem"
            guard !FileManager.default.fileExists(atPath: caPath) else {
                throw ValidationError("\(caPath) exists already; remove it to start a new CA")
            }
            let authority = try CertificateAuthority.create()
            let server = try authority.issueServerCertificate(hosts: host)
            try write(authority.certificatePEM, to: caPath)
            try write(authority.privateKeyPEM, to: dir + "/ca-key.pem", secret: true)
            try write(server.certificatePEM, to: dir + "/server.pem")
            try write(server.privateKeyPEM, to: dir + "/server-key.pem", secret: true)
            print("""
            CA and server certificate written to \(dir)/. Start the server with mTLS:
              tosspay serve --tls-cert \(dir)/server.pem --tls-key \(dir)/server-key.pem --client-ca \(dir)/ca.pem
            Then issue a certificate per merchant:
              tosspay certs issue --dir \(dir) --merchant <merchantId>
            """)
        }
    }

    /// `tosspay certs issue --merchant ID`: a new client certificate; old ones stay valid.
    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a client certificate for a merchant, signed by the CA in --dir. Earlier ones stay valid until they expire."
        )

        @Option(help: "Folder holding ca.pem and ca-key.pem.")
        var dir: String = "certs"

        @Option(help: "The merchant id (becomes the certificate's common name).")
        var merchant: String

        @Option(help: "Days the certificate is valid.")
        var days: Int = 365

        func run() async throws {
            guard (1...3_650).contains(days) else { throw ValidationError("--days must be 1…3650") }
            guard !merchant.isEmpty, merchant.count <= 64, merchant.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ValidationError("--merchant must be 1–64 letters, digits, _ or -")
            }
            let authority = CertificateAuthority(
                certificatePEM: try read(dir + "/ca.pem"), privateKeyPEM: try read(dir + "/ca-key.pem")
            )
            let issued = try authority.issueClientCertificate(merchantId: merchant, days: days)
            let stamp = Int(Date().timeIntervalSince1970)
            let base = "\(dir)/client-\(merchant)-\(stamp)"
            try write(issued.certificatePEM, to: base + ".pem")
            try write(issued.privateKeyPEM, to: base + "-key.pem", secret: true)
            print("\(base).pem\n\(base)-key.pem")
        }
    }
}

func write(_ text: String, to path: String, secret: Bool = false) throws {
    guard FileManager.default.createFile(
        atPath: path, contents: Data(text.utf8), attributes: secret ? [.posixPermissions: 0o600] : nil
    ) else { throw ValidationError("cannot write \(path)") }
}

func read(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
    return String(decoding: data, as: UTF8.self)
}

import Foundation

/// A client certificate and its private key, PEM-encoded, for mTLS with the real service
/// (or with a tosspay server started with `--client-ca`).
///
/// PEM that passed through an environment variable often loses its line breaks or arrives
/// with literal `\n`; every initialiser repairs that, and accepts base64 of the whole PEM.
public struct ClientCertificate: Sendable, Equatable {
    /// The certificate (chain), PEM.
    public let certificatePEM: String
    /// The private key, PEM.
    public let privateKeyPEM: String

    /// From PEM text (or base64 of PEM text).
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        self.certificatePEM = try Self.normalise(certificatePEM, what: "인증서")
        self.privateKeyPEM = try Self.normalise(privateKeyPEM, what: "개인 키")
    }

    /// From two PEM files.
    public static func files(certificatePath: String, privateKeyPath: String) throws -> ClientCertificate {
        func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TossPayClientError(kind: .validation, code: .commonInvalidParameter, reason: "파일을 읽을 수 없습니다: \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return try ClientCertificate(certificatePEM: read(certificatePath), privateKeyPEM: read(privateKeyPath))
    }

    /// From two environment variables holding PEM or base64-encoded PEM.
    public static func environment(
        certificateVariable: String = "TOSSPAY_CLIENT_CERT", privateKeyVariable: String = "TOSSPAY_CLIENT_KEY",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ClientCertificate {
        guard let certificate = environment[certificateVariable], let key = environment[privateKeyVariable] else {
            throw TossPayClientError(
                kind: .validation, code: .commonInvalidParameter,
                reason: "환경 변수 \(certificateVariable), \(privateKeyVariable) 가 필요합니다."
            )
        }
        return try ClientCertificate(certificatePEM: certificate, privateKeyPEM: key)
    }

    /// Repairs PEM that lost its line breaks, and decodes base64 of PEM.
    static func normalise(_ text: String, what: String) throws -> String {
        var pem = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !pem.contains("-----BEGIN") {
            let compact = pem.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact), let decoded = String(data: data, encoding: .utf8), decoded.contains("-----BEGIN") else {
                throw TossPayClientError(kind: .validation, code: .commonInvalidParameter, reason: "\(what) 값이 PEM 도, base64 로 인코딩한 PEM 도 아닙니다.")
            }
            pem = decoded.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        pem = pem.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\r\n", with: "\n")
        // Rebuild every block: header, base64 body in 64-character lines, footer.
        var blocks: [String] = []
        var rest = Substring(pem)
        while let begin = rest.range(of: "-----BEGIN ") {
            guard let headerEnd = rest[begin.upperBound...].range(of: "-----") else { break }
            let label = rest[begin.upperBound..<headerEnd.lowerBound]
            let footer = "-----END \(label)-----"
            guard let end = rest[headerEnd.upperBound...].range(of: footer) else { break }
            let body = rest[headerEnd.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
            var lines: [String] = []
            var index = body.startIndex
            while index < body.endIndex {
                let next = body.index(index, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
                lines.append(String(body[index..<next]))
                index = next
            }
            blocks.append((["-----BEGIN \(label)-----"] + lines + [footer]).joined(separator: "\n"))
            rest = rest[end.upperBound...]
        }
        guard !blocks.isEmpty else {
            throw TossPayClientError(kind: .validation, code: .commonInvalidParameter, reason: "\(what) PEM 블록을 찾을 수 없습니다.")
        }
        return blocks.joined(separator: "\n") + "\n"
    }
}

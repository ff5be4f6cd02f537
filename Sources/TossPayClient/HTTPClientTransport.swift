import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// ``ClientTransport`` on AsyncHTTPClient, with the client certificate (mTLS) when one is set.
final class HTTPClientTransport: ClientTransport {
    let baseURL: String
    let client: HTTPClient
    let ownsClient: Bool

    init(baseURL: String, certificate: ClientCertificate?, trustRoots: [String]?, httpClient: HTTPClient?) throws {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if certificate == nil, trustRoots == nil, let httpClient {
            client = httpClient
            ownsClient = false
            return
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let certificate {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificate.certificatePEM.utf8)).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(certificate.privateKeyPEM.utf8), format: .pem))
            } catch {
                throw TossPayClientError(kind: .validation, code: .commonInvalidParameter, reason: "클라이언트 인증서 또는 키 PEM 을 읽을 수 없습니다.")
            }
        }
        if let trustRoots {
            do {
                let roots = try trustRoots.flatMap { try NIOSSLCertificate.fromPEMBytes(Array($0.utf8)) }
                tls.trustRoots = .certificates(roots)
            } catch {
                throw TossPayClientError(kind: .validation, code: .commonInvalidParameter, reason: "신뢰할 CA 인증서 PEM 을 읽을 수 없습니다.")
            }
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        ownsClient = true
    }

    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]?, timeout: Duration) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            let bytes = try await response.body.collect(upTo: 4 * 1024 * 1024)
            return (Int(response.status.code), Array(bytes.readableBytesView))
        } catch let error as TossPayClientError {
            throw error
        } catch {
            throw TossPayClientError.transport("응답을 받지 못했습니다: \(String(describing: type(of: error))) \(Self.summary(error))")
        }
    }

    static func summary(_ error: any Error) -> String {
        if let clientError = error as? HTTPClientError { return clientError.description }
        // NIO's and BoringSSL's errors name the failure (connection refused, handshake), never data.
        return String(describing: error).prefix(200).description
    }

    func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    /// A client of its own that nobody shut down (a caller that threw before `shutdown()`) is
    /// shut down here: AsyncHTTPClient stops the process when one is released running. Shutting
    /// down keeps it alive until done; a second shutdown of one already shut down is harmless.
    deinit {
        guard ownsClient else { return }
        client.shutdown { _ in }
    }
}

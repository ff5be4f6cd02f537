import ArgumentParser
import Foundation
import TossPayClient

/// Options shared by the commands that call a Toss Pay server through the client library.
struct ClientOptions: ParsableArguments {
    @Option(help: "Server origin (TOSSPAY_BASE_URL). The real service is https://pay-apps-in-toss-api.toss.im")
    var baseURL: String = ProcessInfo.processInfo.environment["TOSSPAY_BASE_URL"] ?? "http://127.0.0.1:8080"

    @Option(help: "API key sent as Basic auth (TOSSPAY_API_KEY). Omit on a loopback server in open mode.")
    var apiKey: String?

    @Option(help: "Client certificate PEM for mTLS.")
    var cert: String?

    @Option(help: "Client private key PEM for mTLS.")
    var key: String?

    @Option(help: "CA certificate PEM to trust for the server (a tosspay server with its own CA).")
    var ca: String?

    @Flag(help: "Print the result as JSON (the API's envelope) for scripts.")
    var json = false

    func makeClient() throws -> TossPayClient {
        try TossPayClient(configuration: .init(baseURL: baseURL, credentials: credentials(), trustRootsPEM: trustRoots()))
    }

    /// The credentials the options give: `--cert` with `--key`, an API key (`--api-key` or
    /// `TOSSPAY_API_KEY`), both, or none.
    func credentials() throws -> TossPayClient.Credentials {
        let key = apiKey ?? ProcessInfo.processInfo.environment["TOSSPAY_API_KEY"]
        let credentials: TossPayClient.Credentials
        switch (cert, self.key, key) {
        case (let cert?, let certKey?, let apiKey?):
            credentials = .both(try ClientCertificate.files(certificatePath: cert, privateKeyPath: certKey), apiKey: apiKey)
        case (let cert?, let certKey?, nil):
            credentials = .clientCertificate(try ClientCertificate.files(certificatePath: cert, privateKeyPath: certKey))
        case (nil, nil, let apiKey?):
            credentials = .apiKey(apiKey)
        case (nil, nil, nil):
            credentials = .none
        default:
            throw ValidationError("--cert and --key go together")
        }
        return credentials
    }

    /// The PEM text of `--ca`, if given.
    func trustRoots() throws -> [String]? {
        try ca.map { path -> [String] in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return [String(decoding: data, as: UTF8.self)]
        }
    }

    /// Runs `body` with a client, prints its result, and turns a FAIL into a non-zero exit.
    func run(_ body: (TossPayClient) async throws -> (human: String, json: JSONObject)) async throws {
        let client = try makeClient()
        do {
            let output: (human: String, json: JSONObject)
            do {
                output = try await body(client)
            } catch let error as TossPayError {
                // A rule broken before sending: the same report as the server's FAIL.
                throw TossPayClientError(kind: .validation, code: error.code, reason: error.reason)
            }
            try? await client.shutdown()
            if json {
                print(JSONWriter.string(.object(["resultType": .string("SUCCESS"), "success": .object(output.json)])))
            } else {
                print(output.human)
            }
        } catch let error as TossPayClientError {
            try? await client.shutdown()
            throw report(error)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Prints a FAIL (as the server's envelope with `--json`, else on standard error) and returns
    /// the exit code for it: 3 when the server was not reached, 1 otherwise.
    func report(_ error: TossPayClientError) -> ExitCode {
        if json {
            print(JSONWriter.string(.object([
                "resultType": .string("FAIL"),
                "error": .object(["errorCode": .string(error.code.rawValue), "reason": .string(error.reason)]),
            ])))
        } else {
            FileHandle.standardError.write(Data("\(error.code.rawValue): \(error.reason)\n".utf8))
        }
        return ExitCode(error.kind == .transport ? 3 : 1)
    }
}

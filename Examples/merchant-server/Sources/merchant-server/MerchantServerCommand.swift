import Foundation
import MerchantServer
import TossPayClient

/// `merchant-server`: the example shop. Flags win over environment variables; see
/// ``MerchantServerConfiguration`` for every setting.
///
///     swift run merchant-server --port 3000 --tosspay-url http://127.0.0.1:8080
@main
struct MerchantServerCommand {
    static func main() async {
        do {
            let configuration = try configuration(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
            print("merchant-server on http://\(configuration.host):\(configuration.port) → Toss Pay \(configuration.tossPayBaseURL)")
            try await runMerchantServer(configuration: configuration)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("merchant-server: \(error.message)\n\n\(usage)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("merchant-server: \(error)\n".utf8))
            exit(1)
        }
    }

    static let usage = """
    usage: merchant-server [--host 127.0.0.1] [--port 3000] [--database merchant.sqlite]
                           [--tosspay-url http://127.0.0.1:8080] [--login-url URL] [--api-key KEY]
                           [--cert client.pem --key client-key.pem] [--ca ca.pem] [--live]
    environment: MERCHANT_HOST, MERCHANT_PORT, MERCHANT_DATABASE, MERCHANT_LIVE=1, TOSSPAY_BASE_URL, TOSS_LOGIN_BASE_URL,
                 TOSSPAY_API_KEY, TOSSPAY_CLIENT_CERT / TOSSPAY_CLIENT_KEY (PEM or base64 PEM), TOSSPAY_CA
    """

    struct UsageError: Error {
        let message: String
    }

    static func configuration(arguments: [String], environment: [String: String]) throws -> MerchantServerConfiguration {
        var options: [String: String] = [:]
        var live = environment["MERCHANT_LIVE"] == "1"
        var index = 0
        let valued: Set<String> = ["--host", "--port", "--database", "--tosspay-url", "--login-url", "--api-key", "--cert", "--key", "--ca"]
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--live" {
                live = true
            } else if argument == "--help" || argument == "-h" {
                print(usage)
                exit(0)
            } else if valued.contains(argument) {
                guard index + 1 < arguments.count else { throw UsageError(message: "\(argument) needs a value") }
                options[argument] = arguments[index + 1]
                index += 1
            } else {
                throw UsageError(message: "unknown argument \(argument)")
            }
            index += 1
        }
        func value(_ flag: String, _ variable: String) -> String? { options[flag] ?? environment[variable] }

        var configuration = MerchantServerConfiguration()
        configuration.host = value("--host", "MERCHANT_HOST") ?? configuration.host
        if let port = value("--port", "MERCHANT_PORT") {
            guard let number = Int(port), (0...65_535).contains(number) else { throw UsageError(message: "--port must be 0…65535") }
            configuration.port = number
        }
        configuration.databasePath = value("--database", "MERCHANT_DATABASE") ?? configuration.databasePath
        configuration.tossPayBaseURL = value("--tosspay-url", "TOSSPAY_BASE_URL") ?? configuration.tossPayBaseURL
        configuration.loginBaseURL = value("--login-url", "TOSS_LOGIN_BASE_URL")
        configuration.isTestPayment = !live

        let certificate: ClientCertificate?
        switch (options["--cert"], options["--key"]) {
        case (let cert?, let key?):
            certificate = try ClientCertificate.files(certificatePath: cert, privateKeyPath: key)
        case (nil, nil):
            certificate = environment["TOSSPAY_CLIENT_CERT"] != nil ? try ClientCertificate.environment(environment: environment) : nil
        default:
            throw UsageError(message: "--cert and --key go together")
        }
        let apiKey = value("--api-key", "TOSSPAY_API_KEY")
        switch (certificate, apiKey) {
        case (let certificate?, let apiKey?): configuration.credentials = .both(certificate, apiKey: apiKey)
        case (let certificate?, nil): configuration.credentials = .clientCertificate(certificate)
        case (nil, let apiKey?): configuration.credentials = .apiKey(apiKey)
        case (nil, nil): configuration.credentials = .none
        }
        if let ca = value("--ca", "TOSSPAY_CA") {
            guard let data = FileManager.default.contents(atPath: ca) else { throw UsageError(message: "cannot read \(ca)") }
            configuration.trustRootsPEM = [String(decoding: data, as: UTF8.self)]
        }
        return configuration
    }
}

import ArgumentParser
import Foundation
import Logging
import TossPayClient
import TossPayCore
import TossPayServer
import TossPayStorage

/// `tosspay merchants create | revoke-key`.
struct Merchants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage merchants: create one (through a server's sandbox, or straight into a database), revoke a key or a client certificate.",
        subcommands: [Create.self, RevokeKey.self, RevokeCertificate.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a merchant; prints its id and API keys (shown once).",
            discussion: """
            With --database the merchant and its key hashes are written straight to the store (a SQLite file or a \
            postgres:// URL), which works while servers run on it and is how a server with --sandbox off gets its \
            merchants. Without it, the server's POST /sandbox/v1/merchants makes one (sandbox on only).
            """
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "Display name.") var name: String
        @Option(help: "Write straight to this database (a SQLite file path or a postgres:// URL) instead of calling a server.")
        var database: String?

        func run() async throws {
            guard let database else {
                try await client.run { client in
                    let merchant = try await client.createSandboxMerchant(name: name)
                    return Merchants.output(id: merchant.merchantId, name: merchant.name, test: merchant.testApiKey, live: merchant.liveApiKey)
                }
                return
            }
            let created = try await Merchants.withStore(database, mustExist: false) { store in
                try await MerchantProvisioning.create(name: name, in: store)
            }
            let output = Merchants.output(id: created.merchant.id, name: created.merchant.name, test: created.testKey, live: created.liveKey)
            print(client.json ? JSONWriter.string(.object(["resultType": .string("SUCCESS"), "success": .object(output.json)])) : output.human)
        }
    }

    struct RevokeKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-key",
            abstract: "Revoke a merchant's API key by fingerprint (the first 8 hex digits of its SHA-256, as the console shows).",
            discussion: "Servers on the database refuse the key from their next request. The published test keys and a merchant's last active key cannot be revoked."
        )
        @Option(help: "The database: a SQLite file path or a postgres:// URL.") var database: String
        @Option(help: "The merchant's id.") var merchant: String
        @Option(help: "The key's fingerprint.") var fingerprint: String

        func run() async throws {
            try await Merchants.revoke(in: database) { store in
                try await MerchantProvisioning.revokeKey(merchantId: merchant, fingerprint: fingerprint, in: store)
            }
            print("revoked key \(fingerprint.lowercased()) of merchant \(merchant)")
        }
    }

    struct RevokeCertificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-certificate",
            abstract: "Revoke a merchant's client certificate by serial number (hex, as `openssl x509 -noout -serial` prints it).",
            discussion: "Servers on the database refuse the certificate from their next request."
        )
        @Option(help: "The database: a SQLite file path or a postgres:// URL.") var database: String
        @Option(help: "The merchant's id (the certificate's common name).") var merchant: String
        @Option(help: "The certificate's serial number.") var serial: String

        func run() async throws {
            try await Merchants.revoke(in: database) { store in
                try await MerchantProvisioning.revokeCertificate(merchantId: merchant, serial: serial, in: store)
            }
            print("revoked certificate \(CertificateRevocation.normalizedSerial(serial) ?? serial) of merchant \(merchant)")
        }
    }

    static func output(id: String, name: String, test: String, live: String) -> (human: String, json: JSONObject) {
        ("merchant \(id) (\(name))\ntest key \(test)\nlive key \(live)", [
            "merchantId": .string(id), "name": .string(name), "testApiKey": .string(test), "liveApiKey": .string(live),
        ])
    }

    /// Runs a revocation on the store at `database`; a refusal is printed as `CODE: reason` on
    /// standard error with exit status 1.
    static func revoke(in database: String, _ work: (any PaymentStore) async throws -> Void) async throws {
        do {
            try await withStore(database, mustExist: true, work)
        } catch let error as TossPayError {
            FileHandle.standardError.write(Data("\(error.code.rawValue): \(error.reason)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Opens the store, runs `work`, closes it.
    static func withStore<T: Sendable>(_ database: String, mustExist: Bool, _ work: (any PaymentStore) async throws -> T) async throws -> T {
        var logger = Logger(label: "tosspay.merchants")
        logger.logLevel = .warning
        let store: any PaymentStore
        do {
            store = try await PaymentStores.open(database, mustExist: mustExist, logger: logger)
        } catch StoreError.noDatabase(let path) {
            throw ValidationError("no database at \(path)")
        } catch StoreError.invalidDatabaseURL(let problem) {
            throw ValidationError("--database: \(problem)")
        }
        do {
            let value = try await work(store)
            try await store.close()
            return value
        } catch {
            try? await store.close()
            throw error
        }
    }
}

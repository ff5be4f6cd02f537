import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TossPayTestSupport

/// SPEC §8 production mode over real processes: `tosspay serve --sandbox off` refuses the
/// published keys; `tosspay merchants create --database` and `revoke-key`, run while the
/// server runs on the same database, take effect on its next request.
@Suite("Production mode, processes")
struct ProductionModeProcessTests {
    static let publicKeys = ["sk_test_w5INQyINqa5INQe013Nq", "sk_test_w5lNQylNqa5lNQe013Nq"]

    static func makePayment(_ server: ServerProcess, key: String, orderNo: String) async throws -> Reply {
        try await LiveHTTP.shared.post(
            "\(server.baseURL)/api-partner/v1/apps-in-toss/pay/make-payment",
            json: ["orderNo": orderNo, "productDesc": "운영", "amount": 1000, "amountTaxFree": 0, "isTestPayment": true],
            headers: [("Authorization", "Basic " + Data("\(key):".utf8).base64EncodedString())]
        )
    }

    /// Posts the console's sign-in form; the status and whether a cookie was set.
    static func signIn(_ server: ServerProcess, key: String) async throws -> (status: Int, cookie: Bool) {
        var request = HTTPClientRequest(url: "\(server.baseURL)/console/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "apiKey=\(key)"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.contains(name: "Set-Cookie"))
    }

    static func run(database: String, databaseURL: String?, directory: String) async throws {
        let location = databaseURL ?? database
        let server = try await ServerProcess(databasePath: database, databaseURL: databaseURL, arguments: ["--sandbox", "off"])
        defer { server.kill9() }
        for (index, key) in publicKeys.enumerated() {
            let reply = try await makePayment(server, key: key, orderNo: "pub-\(index)")
            #expect(reply.status == .unauthorized)
            #expect(reply.errorCode == "COMMON_INVALID_API_KEY")
            let page = try await signIn(server, key: key)
            #expect(page.status == 401, "console sign-in with \(key)")
            #expect(!page.cookie)
        }

        let created = try await runTossPay(["merchants", "create", "--database", location, "--name", "운영 가맹점", "--json"], in: directory)
        #expect(created.status == 0, "\(created.output)")
        let output = try #require(created.output.split(separator: "\n").last.map(String.init))
        let success = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])["success"] as? [String: Any]
        let merchantId = try #require(success?["merchantId"] as? String)
        let testKey = try #require(success?["testApiKey"] as? String)
        let liveKey = try #require(success?["liveApiKey"] as? String)
        #expect(try await makePayment(server, key: testKey, orderNo: "cli-1").status == .ok)

        let fingerprint = sha256Prefix(testKey)
        let revoked = try await runTossPay(
            ["merchants", "revoke-key", "--database", location, "--merchant", merchantId, "--fingerprint", fingerprint], in: directory
        )
        #expect(revoked.status == 0, "\(revoked.output)")
        let after = try await makePayment(server, key: testKey, orderNo: "cli-2")
        #expect(after.errorCode == "COMMON_INVALID_API_KEY", "revoked while the server ran")
        #expect(try await makePayment(server, key: liveKey, orderNo: "cli-3").status == .ok)
        let last = try await runTossPay(
            ["merchants", "revoke-key", "--database", location, "--merchant", merchantId, "--fingerprint", sha256Prefix(liveKey)],
            in: directory
        )
        #expect(last.status == 1, "the last active key stays: \(last.output)")
        #expect(last.output.contains("COMMON_INVALID_PARAMETER"))
    }

    /// The first 8 hex digits of SHA-256, by `sha256sum` (the test does not link Crypto).
    @Test func sqlite() async throws {
        let directory = try temporaryDirectory("production")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.run(database: directory + "/tosspay.sqlite", databaseURL: nil, directory: directory)
    }

    @Test(.enabled(if: PostgresTestDatabase.adminURL != nil, "TOSSPAY_TEST_POSTGRES_URL not set"))
    func postgres() async throws {
        let directory = try temporaryDirectory("production-pg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try await PostgresTestDatabase.create(prefix: "production")
        do {
            try await Self.run(database: directory + "/pg", databaseURL: database.url(poolSize: 4), directory: directory)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

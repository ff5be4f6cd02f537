import Foundation
import Testing
import TossPayClient
import TossPayCore
import TossPayServer
import TossPayTestSupport

/// The request inspector through the Swift client (`requests(_:)`) and `tosspay logs tail
/// [--follow]`, against a full `buildApplication` server (its background writer running).
@Suite("Request inspector from the client and the CLI")
struct RequestLogClientTests {
    static func withServer<Value: Sendable>(_ body: @Sendable (LiveTossPay) async throws -> Value) async throws -> Value {
        let directory = try temporaryDirectory("inspector-client")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.logLevel = "warning"
        configuration.databasePath = directory + "/tosspay.sqlite"
        return try await withTossPayApplication(configuration, scheme: "http", body)
    }

    /// `client.requests(filter)`, asked again until `done` holds (a generous deadline).
    static func poll(
        _ client: TossPayClient, _ filter: RequestLogFilter = RequestLogFilter(), sourceLocation: SourceLocation = #_sourceLocation,
        until done: ([InspectedRequest]) -> Bool
    ) async throws -> [InspectedRequest] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let requests = try await client.requests(filter)
            if done(requests) { return requests }
            guard ContinuousClock.now < deadline else {
                Issue.record("the inspector did not show what was expected: \(requests.map(\.route))", sourceLocation: sourceLocation)
                throw TestFailure("request log poll deadline passed")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func make(_ client: TossPayClient, orderNo: String, userKey: String = "buyer-inspect") async throws -> String {
        try await client.makePayment(
            try MakePaymentRequest(orderNo: orderNo, productDesc: "인스펙터 상품", amount: 1_000, amountTaxFree: 0, isTestPayment: true),
            userKey: userKey
        )
    }

    @Test func theClientListsFiltersAndFollowsItsMerchantsRequests() async throws {
        try await Self.withServer { server in
            let open = try server.client()
            let merchant = try await open.createSandboxMerchant(name: "클라이언트 인스펙터")
            let client = try server.client(credentials: .apiKey(merchant.testApiKey))
            // Every character an orderNo may hold, through the query string and back.
            let orderNo = "cl_1-a:b.c^d@e~f"
            let payToken = try await Self.make(client, orderNo: orderNo)
            let first = try #require(try await Self.poll(client) { !$0.isEmpty }.first)
            #expect(first.route == "/api-partner/v1/apps-in-toss/pay/make-payment")
            #expect(first.status == 200)
            #expect(first.orderNo == orderNo)
            #expect(first.payToken == payToken)
            #expect(first.userKey == "buyer-inspect")
            #expect(first.requestHeaders["authorization"] == "Basic ****")
            #expect(!first.requestBody.isEmpty && !first.responseBody.isEmpty)
            #expect(try await client.requests(RequestLogFilter(orderNo: orderNo)).map(\.id) == [first.id])
            #expect(try await client.requests(RequestLogFilter(orderNo: "other")).isEmpty)

            _ = try await Self.make(client, orderNo: "cl-2")
            let following = try await Self.poll(client, RequestLogFilter(after: first.id)) { !$0.isEmpty }
            #expect(following.map(\.orderNo) == ["cl-2"])

            // Another merchant (here the open-mode sandbox merchant) sees none of it.
            #expect(try await open.requests().allSatisfy { $0.orderNo != orderNo && $0.orderNo != "cl-2" })

            for filter in [RequestLogFilter(limit: 0), RequestLogFilter(limit: 1_001), RequestLogFilter(after: -1), RequestLogFilter(status: 600)] {
                let error = await clientError { try await client.requests(filter) }
                #expect(error?.code == .commonInvalidParameter, "\(filter)")
            }
            #expect(try await client.requests(RequestLogFilter(limit: 1)).count == 1)
            #expect(try await client.requests(RequestLogFilter(limit: 1_000)).count == 2)
            try await client.shutdown()
            try await open.shutdown()
        }
    }

    @Test func logsTailPrintsTheNewestAndFollowsNewOnes() async throws {
        try await Self.withServer { server in
            let open = try server.client()
            let merchant = try await open.createSandboxMerchant(name: "CLI 인스펙터")
            let client = try server.client(credentials: .apiKey(merchant.testApiKey))
            _ = try await Self.make(client, orderNo: "tail-1")
            _ = try await Self.make(client, orderNo: "tail-2")
            _ = try await Self.poll(client) { $0.count >= 2 }
            let base = ["--base-url", server.baseURL, "--api-key", merchant.testApiKey]

            let newest = try await CLITests.tosspay(["logs", "tail", "--limit", "1", "--json"] + base)
            try #require(newest.status == 0, "\(newest.summary)")
            let lines = newest.stdout.split(separator: "\n")
            #expect(lines.count == 1)
            #expect((try? JSONParser().parse(String(lines.first ?? "")))["orderNo"].string == "tail-2")
            #expect(!newest.stdout.contains(merchant.testApiKey))

            let human = try await CLITests.tosspay(["logs", "tail"] + base)
            try #require(human.status == 0, "\(human.summary)")
            let rows = human.stdout.split(separator: "\n").map(String.init)
            #expect(rows.count == 2)
            #expect(rows.first?.contains("orderNo=tail-1") == true, "oldest first, like tail")
            #expect(rows.last?.contains("orderNo=tail-2") == true)
            #expect(rows.last?.contains("/api-partner/v1/apps-in-toss/pay/make-payment  200") == true)

            for bad in [["--limit", "0"], ["--limit", "1001"], ["--interval", "99"]] {
                let refused = try await CLITests.tosspay(["logs", "tail"] + bad + base)
                #expect(refused.status != 0, "\(bad): \(refused.summary)")
            }
            let invalid = try await CLITests.tosspay(["logs", "tail", "--status", "99", "--json"] + base)
            #expect(invalid.status == 1, "\(invalid.summary)")
            #expect(invalid.errorCode == "COMMON_INVALID_PARAMETER")

            // --follow prints requests made after it started, until stopped.
            let scratch = try temporaryDirectory("logs-follow")
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let follower = try ChildProcess(
                executable: try ChildProcess.tosspayBinary(),
                arguments: ["logs", "tail", "--follow", "--json", "--limit", "1", "--interval", "100"] + base,
                environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOSSPAY_") },
                standardOutput: scratch + "/out", standardError: scratch + "/err"
            )
            defer { follower.killAndWait() }
            func printed() -> String { (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "" }
            let deadline = ContinuousClock.now + .seconds(20)
            while !printed().contains("tail-2"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            _ = try await Self.make(client, orderNo: "tail-3")
            while !printed().contains("tail-3"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let followed = printed().split(separator: "\n").compactMap { try? JSONParser().parse(String($0)) }
            #expect(followed.compactMap { $0["orderNo"].string } == ["tail-2", "tail-3"], "\(printed())")
            #expect(follower.terminationStatus == nil, "still following")
            try await client.shutdown()
            try await open.shutdown()
        }
    }
}

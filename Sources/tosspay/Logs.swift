import ArgumentParser
import Foundation
import TossPayClient
import TossPayCore

/// `tosspay logs tail [--follow]`: the requests a tosspay server recorded for the caller's
/// merchant (the request inspector, `GET /sandbox/v1/requests`).
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the requests a tosspay server recorded for your merchant (the request inspector).",
        subcommands: [Tail.self]
    )

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the newest recorded requests, oldest first; with --follow, keep printing new ones.",
            discussion: """
            Each line: time (KST), method, route, HTTP status, error code, duration, request id, and the orderNo, \
            payToken and userKey the request concerns. --json prints each entry as one JSON object per line, with \
            the masked headers and bodies. Requests appear within about a second of their answer. The server's \
            sandbox must be on (the console's 요청 로그 page shows the same in every mode).
            """
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "How many of the newest requests to print first (1…1000).") var limit: Int = 20
        @Option(help: "Only requests about this order number.") var orderNo: String?
        @Option(help: "Only requests about this payToken.") var payToken: String?
        @Option(help: "Only requests about this buyer.") var userKey: String?
        @Option(help: "Only requests answered with this HTTP status.") var status: Int?
        @Flag(help: "Keep running and print new requests as they are recorded (Ctrl-C stops).") var follow = false
        @Option(help: "With --follow, milliseconds between polls.") var interval: Int = 1_000

        func validate() throws {
            guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000") }
            guard (100...60_000).contains(interval) else { throw ValidationError("--interval must be from 100 to 60000 milliseconds") }
        }

        func run() async throws {
            let api = try client.makeClient()
            do {
                var filter = RequestLogFilter(limit: limit, orderNo: orderNo, payToken: payToken, userKey: userKey, status: status)
                var newest = try await print(api.requests(filter)) ?? 0
                while follow {
                    try await Task.sleep(for: .milliseconds(interval))
                    filter.limit = 1_000
                    filter.after = newest
                    // The entries right after `newest`, oldest first in line: nothing is skipped.
                    newest = try await print(api.requests(filter)) ?? newest
                }
                try? await api.shutdown()
            } catch let error as TossPayClientError {
                try? await api.shutdown()
                throw client.report(error)
            } catch {
                try? await api.shutdown()
                throw error
            }
        }

        /// Prints `requests` (newest first from the server) oldest first; returns the newest id.
        func print(_ requests: [InspectedRequest]) -> Int64? {
            // Written straight to the descriptor (not buffered), so a pipe sees each line at once.
            var text = ""
            for request in requests.reversed() {
                text += (client.json ? JSONWriter.string(.object(request.json)) : Self.line(request)) + "\n"
            }
            if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
            return requests.first?.id
        }

        /// One request on one line.
        static func line(_ request: InspectedRequest) -> String {
            let micros = request.durationMicros
            var parts = [
                request.time, request.method, request.route, request.status == 0 ? "dropped" : String(request.status),
            ]
            if let code = request.errorCode { parts.append(code) }
            parts.append("\(micros / 1000).\(micros % 1000 / 100)ms")
            parts.append("id=\(request.requestId)")
            if let orderNo = request.orderNo { parts.append("orderNo=\(orderNo)") }
            if let payToken = request.payToken { parts.append("payToken=\(payToken)") }
            if let userKey = request.userKey { parts.append("userKey=\(userKey)") }
            return parts.joined(separator: "  ")
        }
    }
}

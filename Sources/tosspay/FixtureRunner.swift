import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TossPayCore

/// Sends a fixtures file's steps in order to one server and stops at the first that fails.
///
/// Each step's request is resolved from the earlier steps' responses (``FixtureStep/request(responses:defaults:)``),
/// sent, and its response kept by the step's name for the steps after it.
struct FixtureRunner: Sendable {
    /// Why a run stopped.
    enum Failure: Error, CustomStringConvertible {
        /// A reference could not be resolved (a missing key, an index out of range, …).
        case unresolved(FixtureError)
        /// The server refused the step: HTTP status ≥ 400 or the FAIL envelope.
        case refused(step: String, response: FixtureResponse, requestId: String?)
        /// No answer came.
        case noAnswer(step: String, detail: String)

        var description: String {
            switch self {
            case .unresolved(let error):
                return error.description
            case .refused(let step, let response, let requestId):
                let id = requestId.map { ", x-request-id \($0)" } ?? ""
                return "step \"\(step)\" failed (HTTP \(response.status)\(id)): \(response.quotedBody)"
            case .noAnswer(let step, let detail):
                return "step \"\(step)\": no answer: \(detail)"
            }
        }
    }

    /// One step that succeeded.
    struct StepReport: Sendable {
        /// The step's name.
        var name: String
        /// Its method.
        var method: String
        /// The path sent (references resolved).
        var path: String
        /// The HTTP status it got.
        var status: Int
    }

    /// The server, e.g. `http://127.0.0.1:8080` (no trailing slash).
    let baseURL: String
    /// Sent as `Authorization: Basic base64("<key>:")` to steps that set no Authorization.
    let apiKey: String?
    /// How long one step may take (a step may hold a payment in progress for up to 60 s).
    var timeout: Duration = .seconds(90)

    init(baseURL: String, apiKey: String?) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
    }

    /// Runs every step of `file`, calling `report` after each one that succeeded.
    func run(_ file: FixtureFile, report: (StepReport) -> Void) async throws(Failure) {
        var defaults: [FixtureStep.Header] = []
        if let apiKey {
            defaults.append(.init(name: "Authorization", value: "Basic " + Data("\(apiKey):".utf8).base64EncodedString()))
        }
        // A server that is not there is reported after 5 s of connection attempts.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: .seconds(5))))
        let outcome: Result<Void, Failure>
        do throws(Failure) {
            try await run(file, defaults: defaults, client: client, report: report)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try? await client.shutdown()
        try outcome.get()
    }

    func run(_ file: FixtureFile, defaults: [FixtureStep.Header], client: HTTPClient, report: (StepReport) -> Void) async throws(Failure) {
        var responses: [String: JSONValue] = [:]
        for step in file.steps {
            var headers = defaults
            if step.body != nil { headers.append(.init(name: "Content-Type", value: "application/json")) }
            let request: FixtureRequest
            do {
                request = try step.request(responses: responses, defaults: headers)
            } catch {
                throw .unresolved(error)
            }
            let response: FixtureResponse
            let requestId: String?
            do {
                (response, requestId) = try await send(request, with: client)
            } catch {
                throw .noAnswer(step: step.name, detail: "\(baseURL)\(request.path): \(Self.summary(error))")
            }
            if response.isFailure { throw .refused(step: step.name, response: response, requestId: requestId) }
            if let json = response.json { responses[step.name] = json }
            report(StepReport(name: step.name, method: request.method, path: request.path, status: response.status))
        }
    }

    func send(_ request: FixtureRequest, with client: HTTPClient) async throws -> (FixtureResponse, String?) {
        var outgoing = HTTPClientRequest(url: baseURL + request.path)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let seconds = Int64(timeout.components.seconds)
        let answer = try await client.execute(outgoing, timeout: .seconds(seconds))
        let bytes = try await answer.body.collect(upTo: 4 * 1024 * 1024)
        return (FixtureResponse(status: Int(answer.status.code), body: Array(bytes.readableBytesView)), answer.headers.first(name: "x-request-id"))
    }

    /// A transport error's kind (connection refused, timeout), never request data.
    static func summary(_ error: any Error) -> String {
        if let clientError = error as? HTTPClientError { return clientError.description }
        return String(String(describing: error).prefix(200))
    }
}

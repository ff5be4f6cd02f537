import Foundation
import Hummingbird

/// Serves the sample mini-app (`Examples/mini-app`) from the merchant server, so the page and
/// `/my-api` share one origin, as a mini-app and its own server do:
///
/// - `GET /` — `index.html`, with `%TOSSPAY_ORIGIN%` replaced by the Toss Pay origin the
///   browser loads `/sdk/tosspay.js` from;
/// - `GET /mini-app/app.js`, `GET /mini-app/style.css` — the page's script and style;
/// - `GET /mini-app/config.js` — `window.MINI_APP_CONFIG = {tossPayOrigin, products}`.
///
/// The files are read on every request (edit and reload). Where they are:
///
/// | environment | default | meaning |
/// |---|---|---|
/// | `MINI_APP_DIR` | `Examples/mini-app` of this checkout (then of the working directory) | the mini-app's folder |
/// | `MINI_APP_TOSSPAY_ORIGIN` | the server's `--tosspay-url` | the Toss Pay origin as the *browser* reaches it |
struct MiniAppController: Sendable {
    /// The folder holding `index.html`, `app.js` and `style.css`; nil when none was found.
    let directory: URL?
    /// Origin of the Toss Pay server for the browser, without a trailing slash.
    let tossPayOrigin: String
    /// The shop's catalogue, shown on the product page.
    let products: [Product]

    /// The files the mini-app may serve, by name, with their content types.
    static let assets: [String: String] = [
        "app.js": "text/javascript; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
    ]

    init(configuration: MerchantServerConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = Self.locate(environment: environment)
        var origin = environment["MINI_APP_TOSSPAY_ORIGIN"].flatMap { $0.isEmpty ? nil : $0 } ?? configuration.tossPayBaseURL
        while origin.hasSuffix("/") { origin.removeLast() }
        self.tossPayOrigin = origin
        self.products = configuration.products
    }

    /// `MINI_APP_DIR`, else `Examples/mini-app` next to this source file's package, else under
    /// the working directory.
    static func locate(environment: [String: String]) -> URL? {
        var candidates: [URL] = []
        if let configured = environment["MINI_APP_DIR"], !configured.isEmpty {
            candidates.append(URL(fileURLWithPath: configured))
        }
        // …/Examples/merchant-server/Sources/MerchantServer/MiniAppController.swift → …/Examples/mini-app
        let source = URL(fileURLWithPath: #filePath)
        candidates.append(
            source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("mini-app")
        )
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Examples/mini-app"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("index.html").path) }
    }

    /// Adds the routes; any request context will do, the mini-app needs nothing from it.
    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { _, _ in index() }
        router.get("mini-app/config.js") { _, _ in try config() }
        router.get("mini-app/:file") { _, context in asset(named: context.parameters.get("file") ?? "") }
    }

    func index() -> Response {
        guard let html = read("index.html") else { return missing() }
        let page = html.replacingOccurrences(of: "%TOSSPAY_ORIGIN%", with: Self.escapeHTML(tossPayOrigin))
        return Self.response(page, type: "text/html; charset=utf-8")
    }

    func config() throws -> Response {
        struct Config: Encodable {
            var tossPayOrigin: String
            var products: [Product]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var json = String(decoding: try encoder.encode(Config(tossPayOrigin: tossPayOrigin, products: products)), as: UTF8.self)
        json = json.replacingOccurrences(of: "<", with: "\\u003c")
        return Self.response("window.MINI_APP_CONFIG = \(json);\n", type: "text/javascript; charset=utf-8")
    }

    func asset(named name: String) -> Response {
        guard let type = Self.assets[name], let text = read(name) else {
            return Self.response("not found\n", type: "text/plain; charset=utf-8", status: .notFound)
        }
        return Self.response(text, type: type)
    }

    /// One of the mini-app's files; only names from a fixed list are ever asked for.
    func read(_ name: String) -> String? {
        guard let directory, let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    func missing() -> Response {
        Self.response(
            "The mini-app's files were not found. Set MINI_APP_DIR to the Examples/mini-app folder.\n",
            type: "text/plain; charset=utf-8", status: .notFound
        )
    }

    static func response(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

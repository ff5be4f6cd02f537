import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import TossPayServer
import TossPayStorage
import TossPayTestSupport

/// The pages' one idiom: mustache templates embedded in the binary with one layout and one
/// stylesheet, typed view models, and data for scripts in a JSON data island that nothing in
/// the data can break out of.
@Suite("Pages")
struct PageTests {
    /// The text of the `<script type="application/json" id="…">` element of `html`.
    static func dataIsland(_ id: String, in html: String) throws -> String {
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"\(id)\">"), "no data island \(id)")
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex), "data island \(id) never ends")
        return String(html[start.upperBound..<end.lowerBound])
    }

    @Test func theCheckoutDataIslandKeepsAProductDescThatTriesToEndTheScript() async throws {
        try await withTestServer { server in
            let productDesc = "상품 </script><script>alert(1)</script> <!-- & \u{2028}\u{2029} 끝 >"
            let token = try await server.madePayToken(orderNo: newOrderNo("island"), extra: ["productDesc": productDesc])
            let page = try await server.get("/checkout/\(token)")
            #expect(page.status == .ok)
            let island = try Self.dataIsland("checkout-data", in: page.text)
            for raw in ["</script>", "<", ">", "&", "\u{2028}", "\u{2029}"] {
                #expect(!island.contains(raw), "the island holds a raw \(raw.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            #expect(island.contains("\\u003c/script\\u003e"))
            #expect(island.contains("\\u2028\\u2029"))
            let data = try #require(try JSONSerialization.jsonObject(with: Data(island.utf8)) as? [String: Any])
            #expect(data["productDesc"] as? String == productDesc)
            #expect(data["payToken"] as? String == token)
            #expect(data["userKey"] == nil, "the page never carries the buyer's userKey")
            #expect((data["pageToken"] as? String)?.isEmpty == false)
            #expect((data["amount"] as? NSNumber)?.int64Value == 1000)
            // The page has exactly the one script besides the island, and shows the text escaped.
            #expect(page.text.components(separatedBy: "<script>").count - 1 == 1)
            #expect(page.text.contains("상품 &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &amp;"))
        }
    }

    @Test func aNoticeCarriesTheTokenForItsScriptToo() async throws {
        try await withTestServer { server in
            let page = try await server.get("/checkout/doesNotExist123")
            #expect(page.status == .notFound)
            let island = try Self.dataIsland("checkout-data", in: page.text)
            let data = try #require(try JSONSerialization.jsonObject(with: Data(island.utf8)) as? [String: Any])
            #expect(data["payToken"] as? String == "doesNotExist123")
            #expect(data["userKey"] == nil)
            #expect(page.text.contains("data-status=\"NOT_FOUND\""))
        }
    }

    @Test func everyPageIsTheLayoutWithTheOneStylesheet() async throws {
        try await withTestServer { server in
            let stylesheet = String(decoding: PackageResources.tosspay_css, as: UTF8.self)
            let script = String(decoding: PackageResources.checkout_js, as: UTF8.self)
            let token = try await server.madePayToken(orderNo: newOrderNo("layout"))
            let checkout = try await server.get("/checkout/\(token)")
            #expect(checkout.text.contains(script), "the checkout script is inlined as written")
            for (path, theme) in [("/checkout/\(token)", "checkout-page"), ("/sales-check/\(token)", "slip-page"), ("/console", "console-page")] {
                let page = try await server.get(path)
                #expect(page.text.hasPrefix("<!doctype html>\n<html lang=\"ko\">"), "\(path)")
                #expect(page.text.contains("<style>\n\(stylesheet)</style>"), "\(path) inlines the stylesheet as written")
                #expect(page.text.contains("<body class=\"\(theme)\">"), "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.headers[try #require(HTTPField.Name("Content-Security-Policy"))]?.contains("default-src 'self'") == true)
                if theme != "checkout-page" { #expect(!page.text.contains("<script"), "\(path) has no script") }
            }
        }
    }

    @Test func theSDKIsServedAsEmbedded() async throws {
        try await withTestServer { server in
            let script = try await server.get("/sdk/tosspay.js")
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(Array(script.text.utf8) == PackageResources.tosspay_js)
            let typings = try await server.get("/sdk/tosspay.d.ts")
            #expect(typings.headers[.contentType] == "application/typescript; charset=utf-8")
            #expect(Array(typings.text.utf8) == PackageResources.tosspay_d_ts)
        }
    }

    @Test func theTemplatesParseAndTheDataIslandEscapes() throws {
        // Every template parses and every included part comes out as written, or the server
        // would not start.
        _ = try PageRenderer()
        #expect(ScriptData.escape("a</script>&\u{2028}") == "a\\u003c/script\\u003e\\u0026\\u2028")
    }

    // MARK: A store that cannot be read

    /// Runs `body` against a server whose store can be taken down with `OutageStore.down`.
    func withOutageServer(_ body: @Sendable (TestServer, OutageStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tosspay-outage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "tosspay-test")
        logger.logLevel = .critical
        let sqlite = try await SQLitePaymentStore.open(path: directory + "/t.sqlite", logger: logger)
        let store = OutageStore(sqlite)
        do {
            var configuration = ServerConfiguration()
            configuration.openMode = true
            configuration.port = 0
            configuration.databasePath = directory + "/t.sqlite"
            let parts = try await buildParts(configuration: configuration, store: store, logger: logger)
            let app = Application(router: parts.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
            let ledger = parts.ledger
            try await app.test(.router) { client in
                try await body(TestServer(client: client, ledger: ledger), store)
            }
            try await sqlite.close()
        } catch {
            try? await sqlite.close()
            throw error
        }
    }

    @Test func aStoreThatCannotBeReadIsA500PageNotA404() async throws {
        try await withOutageServer { server, store in
            let token = try await server.madePayToken(orderNo: newOrderNo("outage"))
            let card = try await server.paidPayToken(orderNo: newOrderNo("outage-card"), payMethod: "CARD", cardCompanyCode: 4)
            #expect(try await server.get("/checkout/\(token)").status == .ok)
            #expect(try await server.get("/checkout/doesNotExist123").status == .notFound)
            #expect(try await server.get("/sales-check/\(card)").status == .ok)

            store.down.store(true, ordering: .sequentiallyConsistent)
            let checkout = try await server.get("/checkout/\(token)")
            #expect(checkout.status == .internalServerError)
            #expect(checkout.headers[.contentType] == "text/html; charset=utf-8")
            #expect(checkout.text.contains("data-testid=\"checkout-notice\""))
            #expect(checkout.text.contains("data-status=\"ERROR\""))
            #expect(!checkout.text.contains("data-testid=\"checkout-confirm\""))
            let slip = try await server.get("/sales-check/\(card)")
            #expect(slip.status == .internalServerError)
            #expect(slip.headers[.contentType] == "text/html; charset=utf-8")
            #expect(slip.text.contains("매출전표"))
            // A payToken that is not even well-formed (over 64 characters) needs no store to be refused.
            let malformed = try await server.get("/checkout/\(String(repeating: "a", count: 65))")
            #expect(malformed.status == .notFound, "\(malformed.status) \(malformed.text.prefix(300))")

            store.down.store(false, ordering: .sequentiallyConsistent)
            #expect(try await server.get("/checkout/\(token)").status == .ok)
        }
    }
}

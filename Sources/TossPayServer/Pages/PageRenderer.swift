import Hummingbird
import Mustache

/// Renders the server's pages: a mustache library of the embedded templates (``PageTemplate``)
/// plus two parts they include word for word, the stylesheet (`Resources/styles/tosspay.css`)
/// and the checkout window's script (`Resources/scripts/checkout.js`). Built once at start-up;
/// a template that does not parse stops the server from starting rather than failing a page.
struct PageRenderer: Sendable {
    /// Why the pages cannot be rendered.
    enum Failure: Error, CustomStringConvertible {
        /// An included file has `{{` and would not come out as written.
        case notVerbatim(String)
        /// No template has this name.
        case missingTemplate(String)

        var description: String {
            switch self {
            case .notVerbatim(let name): "the page part \(name) contains mustache tags"
            case .missingTemplate(let name): "no page template named \(name)"
            }
        }
    }

    /// The templates, by name.
    let library: MustacheLibrary

    /// The partial name of the stylesheet, which `layout.mustache` inlines.
    static let stylesheet = "stylesheet"
    /// The partial name of the checkout window's script, which `checkout.mustache` inlines.
    static let checkoutScript = "checkout-script"

    init() throws {
        var library = MustacheLibrary()
        for template in PageTemplate.allCases {
            try library.register(template.text, named: template.rawValue)
        }
        for (name, bytes) in [(Self.stylesheet, PackageResources.tosspay_css), (Self.checkoutScript, PackageResources.checkout_js)] {
            let text = String(decoding: bytes, as: UTF8.self)
            let part = try MustacheTemplate(string: text)
            guard part.render(()) == text else { throw Failure.notVerbatim(name) }
            library.register(part, named: name)
        }
        self.library = library
    }

    /// `page` rendered with `template`.
    func render<View>(_ template: PageTemplate, _ page: Page<View>) throws -> String {
        guard let html = library.render(page, withTemplate: template.rawValue) else {
            throw Failure.missingTemplate(template.rawValue)
        }
        return html
    }

    /// `page` rendered with `template`, as an HTML response.
    func response<View>(_ template: PageTemplate, _ page: Page<View>, status: HTTPResponse.Status = .ok) throws -> Response {
        HTML.response(try render(template, page), status: status)
    }
}

/// A page as `layout.mustache` renders it: the layout's own fields (title, look, data for the
/// page's script) around the page's typed view model, which the page template reads under
/// `{{#view}}`. Mustache escapes every `{{value}}`; only the data island is written raw, and
/// ``ScriptData`` has made it safe for a `<script>` element.
struct Page<View: Sendable>: Sendable {
    /// The kinds of page, each with its part of the stylesheet (the `<body>` class).
    enum Theme: String, Sendable {
        /// The checkout window: mobile-first, may extend under the notch.
        case checkout = "checkout-page"
        /// The card sales slip.
        case slip = "slip-page"
        /// The merchant console.
        case console = "console-page"
    }

    /// The document's `<title>`.
    let title: String
    /// The `<body>` class that selects the page's rules in the stylesheet.
    let theme: String
    /// The viewport `<meta>` content.
    let viewport: String
    /// Data for the page's script, if it has one.
    let scriptData: ScriptData?
    /// What the page template shows.
    let view: View

    init(title: String, theme: Theme, scriptData: ScriptData? = nil, view: View) {
        self.title = title
        self.theme = theme.rawValue
        self.viewport = theme == .checkout
            ? "width=device-width, initial-scale=1, viewport-fit=cover" : "width=device-width, initial-scale=1"
        self.scriptData = scriptData
        self.view = view
    }
}

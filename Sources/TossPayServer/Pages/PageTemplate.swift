/// The mustache templates of the server's pages, by the name templates use for one another
/// (`{{<layout}}`, `{{> console-header}}`). Their text is embedded in the binary from
/// `Resources/templates` (`PackageResources`), so the server renders pages from any directory.
enum PageTemplate: String, CaseIterable, Sendable {
    /// The one layout every page extends.
    case layout
    /// The checkout window.
    case checkout
    /// The card sales slip.
    case salesCheck = "sales-check"
    /// No sales slip for this payToken.
    case salesCheckMissing = "sales-check-missing"
    /// The sales slip could not be read.
    case salesCheckError = "sales-check-error"
    /// Partial: the signed-in merchant.
    case consoleHeader = "console-header"
    /// Partial: the notice and error of a console page.
    case consoleNotices = "console-notices"
    /// The console's sign-in.
    case consoleSignIn = "console-sign-in"
    /// The console's workspace.
    case consoleWorkspace = "console-workspace"
    /// One payment in the console.
    case consolePayment = "console-payment"
    /// A payment the merchant does not have.
    case consolePaymentMissing = "console-payment-missing"
    /// The server cannot issue certificates.
    case consoleNoCertificates = "console-no-certificates"
    /// A form posted from another site.
    case consoleCrossOrigin = "console-cross-origin"
    /// A console form over the console's size limit (413).
    case consoleTooLarge = "console-too-large"
    /// The console's Toss login settings, unlink and callback delivery log.
    case consoleLogin = "console-login"
    /// The console's request log (요청 로그, the request inspector).
    case consoleRequests = "console-requests"

    /// The template's text.
    var text: String {
        let bytes: [UInt8] = switch self {
        case .layout: PackageResources.layout_mustache
        case .checkout: PackageResources.checkout_mustache
        case .salesCheck: PackageResources.sales_check_mustache
        case .salesCheckMissing: PackageResources.sales_check_missing_mustache
        case .salesCheckError: PackageResources.sales_check_error_mustache
        case .consoleHeader: PackageResources.console_header_mustache
        case .consoleNotices: PackageResources.console_notices_mustache
        case .consoleSignIn: PackageResources.console_sign_in_mustache
        case .consoleWorkspace: PackageResources.console_workspace_mustache
        case .consolePayment: PackageResources.console_payment_mustache
        case .consolePaymentMissing: PackageResources.console_payment_missing_mustache
        case .consoleNoCertificates: PackageResources.console_no_certificates_mustache
        case .consoleCrossOrigin: PackageResources.console_cross_origin_mustache
        case .consoleTooLarge: PackageResources.console_too_large_mustache
        case .consoleLogin: PackageResources.console_login_mustache
        case .consoleRequests: PackageResources.console_requests_mustache
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

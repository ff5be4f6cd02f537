import TossPayClient

/// Everything the example merchant server needs: where it listens, where Toss Pay is, how it
/// proves itself to Toss Pay, where its orders live and what it sells.
///
/// ## Configuration keys (flags and environment of the `merchant-server` executable)
/// | flag | environment | default | meaning |
/// |---|---|---|---|
/// | `--host` | `MERCHANT_HOST` | `127.0.0.1` | address to listen on |
/// | `--port` | `MERCHANT_PORT` | `3000` | port to listen on (0 picks a free one) |
/// | `--database` | `MERCHANT_DATABASE` | `merchant.sqlite` | SQLite file with the orders |
/// | `--tosspay-url` | `TOSSPAY_BASE_URL` | `http://127.0.0.1:8080` | Toss Pay origin (a local tosspay or `https://pay-apps-in-toss-api.toss.im`) |
/// | `--api-key` | `TOSSPAY_API_KEY` | none | API key (tosspay servers) |
/// | `--cert` / `--key` | `TOSSPAY_CLIENT_CERT` / `TOSSPAY_CLIENT_KEY` | none | client certificate for mTLS (files; the variables hold PEM or base64 PEM) |
/// | `--ca` | `TOSSPAY_CA` | none | CA PEM file to trust for a tosspay server with its own CA |
/// | `--login-url` | `TOSS_LOGIN_BASE_URL` | the Toss Pay origin (`https://apps-in-toss-api.toss.im` when that is the real pay service) | Toss login API origin |
/// | `--live` | `MERCHANT_LIVE=1` | off | create LIVE payments (`isTestPayment: false`) |
public struct MerchantServerConfiguration: Sendable {
    /// Address to listen on.
    public var host: String
    /// Port to listen on; 0 lets the system pick.
    public var port: Int
    /// The Toss Pay origin.
    public var tossPayBaseURL: String
    /// The Toss login API origin; nil means the Toss Pay origin (a tosspay server answers both),
    /// or the real login host when ``tossPayBaseURL`` is the real pay service.
    public var loginBaseURL: String?
    /// How the merchant proves itself to Toss Pay.
    public var credentials: TossPayClient.Credentials
    /// PEM CA certificates to trust for Toss Pay instead of the system's.
    public var trustRootsPEM: [String]?
    /// The SQLite file holding the orders.
    public var databasePath: String
    /// Whether payments are TEST (`isTestPayment: true`) or LIVE.
    public var isTestPayment: Bool
    /// What the shop sells; the first product is the default one.
    public var products: [Product]
    /// How the client recovers lost execute answers.
    public var recovery: TossPayClient.RecoveryPolicy

    /// Creates a configuration; the defaults talk to a tosspay on `127.0.0.1:8080` in open mode.
    public init(
        host: String = "127.0.0.1", port: Int = 3000, tossPayBaseURL: String = "http://127.0.0.1:8080",
        credentials: TossPayClient.Credentials = .none, trustRootsPEM: [String]? = nil,
        databasePath: String = "merchant.sqlite", isTestPayment: Bool = true, products: [Product] = Product.catalog,
        recovery: TossPayClient.RecoveryPolicy = .standard, loginBaseURL: String? = nil
    ) {
        self.host = host
        self.port = port
        self.tossPayBaseURL = tossPayBaseURL
        self.loginBaseURL = loginBaseURL
        self.credentials = credentials
        self.trustRootsPEM = trustRootsPEM
        self.databasePath = databasePath
        self.isTestPayment = isTestPayment
        self.products = products
        self.recovery = recovery
    }
}

extension MerchantServerConfiguration {
    /// The login API origin actually used (see ``loginBaseURL``).
    public var effectiveLoginBaseURL: String {
        if let loginBaseURL { return loginBaseURL }
        let pay = tossPayBaseURL.hasSuffix("/") ? String(tossPayBaseURL.dropLast()) : tossPayBaseURL
        return pay == TossPayClient.productionURL ? TossPayClient.loginProductionURL : tossPayBaseURL
    }
}

/// Something the shop sells, at a price the server decides.
public struct Product: Sendable, Equatable, Codable {
    /// The id the mini-app sends (`productId`).
    public var id: String
    /// What appears in the checkout window (`productDesc`).
    public var name: String
    /// The price in won.
    public var amount: Int64
    /// The tax-free part of the price (e.g. gift cards are exempt).
    public var amountTaxFree: Int64

    /// Creates a product.
    public init(id: String, name: String, amount: Int64, amountTaxFree: Int64 = 0) {
        self.id = id
        self.name = name
        self.amount = amount
        self.amountTaxFree = amountTaxFree
    }

    /// The example catalogue.
    public static let catalog: [Product] = [
        Product(id: "americano", name: "아메리카노", amount: 4_500),
        Product(id: "cheesecake", name: "치즈케이크", amount: 6_800),
        Product(id: "gift-card-50000", name: "모바일 상품권 5만원", amount: 50_000, amountTaxFree: 50_000),
    ]
}

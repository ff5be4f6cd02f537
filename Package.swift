// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// Tests read like the spec; they may use members of modules they reach transitively.
let testSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "tosspay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tosspay", targets: ["tosspay"]),
        .library(name: "TossPayCore", targets: ["TossPayCore"]),
        .library(name: "TossPayStorage", targets: ["TossPayStorage"]),
        .library(name: "TossPayServer", targets: ["TossPayServer"]),
        .library(name: "TossPayClient", targets: ["TossPayClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // Codes, rules, tax split, masking, the payment state machine. No I/O, no dependencies.
        .target(
            name: "TossPayCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TossPayStorage",
            dependencies: [
                "TossPayCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TossPayServer",
            dependencies: [
                "TossPayCore",
                "TossPayStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            // Pages, their stylesheet and scripts, and the SDK, compiled into the binary
            // (`PackageResources`), so the server needs no files beside it at run time.
            resources: [
                .embedInCode("Resources/templates"),
                .embedInCode("Resources/styles"),
                .embedInCode("Resources/scripts"),
                .embedInCode("Resources/sdk"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TossPayClient",
            dependencies: [
                "TossPayCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tosspay",
            dependencies: [
                "TossPayServer",
                "TossPayClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        // The guide's merchant server (/my-api/payment/create, /my-api/payment/execute) on the client library.
        .target(
            name: "MerchantServer",
            dependencies: [
                "TossPayClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/merchant-server/Sources/MerchantServer",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "merchant-server",
            dependencies: ["MerchantServer"],
            path: "Examples/merchant-server/Sources/merchant-server",
            swiftSettings: swiftSettings
        ),
        // What every test suite shares: the server harness (withTestServer, TestServer), typed
        // replies, the PostgreSQL test database, live HTTP, child processes of the real binary.
        .target(
            name: "TossPayTestSupport",
            dependencies: [
                "TossPayCore",
                "TossPayStorage",
                "TossPayServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/TossPayTestSupport",
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "TossPayClientTests",
            dependencies: [
                "TossPayTestSupport",
                "TossPayClient",
                "TossPayServer",
                "TossPayStorage",
                "MerchantServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "TossPaySandboxTests",
            dependencies: [
                "TossPayTestSupport",
                "TossPayCore",
                "TossPayStorage",
                "TossPayServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "TossPayCoreTests",
            dependencies: ["TossPayCore", "TossPayTestSupport"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "TossPayStorageTests",
            dependencies: [
                "TossPayTestSupport", "TossPayCore", "TossPayStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "TossPayServerTests",
            dependencies: [
                "TossPayTestSupport",
                "TossPayCore",
                "TossPayStorage",
                "TossPayServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "TossPayEndToEndTests",
            dependencies: [
                "TossPayTestSupport",
                "TossPayCore",
                "TossPayStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: testSwiftSettings
        ),
    ]
)

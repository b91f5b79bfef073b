// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "medledger",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "medledger", targets: ["medledger"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "LedgerSync", targets: ["LedgerSync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "LedgerCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "LedgerStore",
            dependencies: [
                "LedgerCore", "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The system zlib through a module map: LedgerSync runs its own inflate loop, which stops
        // at the output limit, requires the end of the stream and refuses trailing bytes.
        .systemLibrary(
            name: "CSystemZlib",
            providers: [.apt(["zlib1g-dev"])]),
        // sqlite3_config, which is variadic, behind an inline function Swift can call.
        .systemLibrary(
            name: "CSQLiteSetup",
            providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "LedgerSync",
            dependencies: ["LedgerCore", "LedgerStore", "CSystemZlib"]),
        // The thin transport around the sans-I/O session: mutual TLS 1.3 over SwiftNIO, each
        // side's certificate made from its site key and accepted only if that key is on the roster.
        .target(
            name: "LedgerSyncNIO",
            dependencies: [
                "LedgerCore", "LedgerStore", "LedgerSync",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Channel handlers hand the session between their event loop and a serial queue of
            // their own, which Swift 6 mode cannot see.
            swiftSettings: [.swiftLanguageMode(.v5)]),
        // Vulnerability intelligence: each ecosystem's version order, purls and CPEs, and the
        // matching of database records against components and CPEs. Pure Swift, no I/O.
        .target(
            name: "LedgerIntel",
            dependencies: ["LedgerCore"]),
        .target(
            name: "LedgerReports",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerIntel"]),
        .target(
            name: "LedgerFormats",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerReports", "LedgerIntel",
                           .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "LedgerFleet",
            dependencies: ["LedgerCore"]),
        .executableTarget(
            name: "medledger",
            dependencies: [
                "LedgerCore", "LedgerStore", "LedgerFleet", "LedgerReports", "LedgerFormats", "LedgerSync", "LedgerSyncNIO",
                "LedgerIntel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // C's stdout is global mutable state, which Swift 6 mode refuses outright; the
            // tool is single-threaded.
            swiftSettings: [.swiftLanguageMode(.v5)]),
        // What the benchmark tools share: the plain-SQLite baseline and child processes.
        .target(
            name: "BenchSupport",
            dependencies: ["LedgerStore", .product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "Tools/BenchSupport"),
        .executableTarget(
            name: "ledger-bench",
            dependencies: ["BenchSupport", "LedgerCore", "LedgerStore", "LedgerFleet"],
            path: "Tools/LedgerBench"),
        .executableTarget(
            name: "fleet-gen",
            dependencies: [
                "LedgerCore", "LedgerFleet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/FleetGenerator"),
        .executableTarget(
            name: "sbom-gen",
            path: "Tools/SBOMGen"),
        .executableTarget(
            name: "sync-bench",
            dependencies: ["BenchSupport", "LedgerCore", "LedgerStore", "LedgerFleet", "LedgerSync", "LedgerSyncNIO",
                           .product(name: "Logging", package: "swift-log")],
            path: "Tools/SyncBench"),
        .executableTarget(
            name: "intel-bench",
            dependencies: ["BenchSupport", "LedgerFleet", "LedgerIntel",
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tools/IntelBench"),
        .executableTarget(
            name: "sync-fuzz",
            dependencies: ["LedgerSync"],
            path: "Tools/SyncFuzz",
            exclude: ["corpus"]),
        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore", .product(name: "Crypto", package: "swift-crypto")],
            resources: []),
        .testTarget(
            name: "LedgerStoreTests",
            dependencies: ["LedgerCore", "LedgerStore",
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "LedgerSyncTests",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerSync", "LedgerFleet", "LedgerReports", "CSystemZlib",
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "LedgerSyncNIOTests",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerSync", "LedgerSyncNIO",
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(
            name: "LedgerFleetTests",
            dependencies: ["LedgerCore", "LedgerFleet"]),
        .testTarget(
            name: "LedgerReportsTests",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerReports", "LedgerFleet"]),
        .testTarget(
            name: "LedgerIntelTests",
            dependencies: ["LedgerCore", "LedgerIntel"]),
        .testTarget(
            name: "LedgerFormatsTests",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerFormats"]),
        .testTarget(
            name: "medledgerTests",
            dependencies: ["LedgerCore", "LedgerStore", "LedgerSync", "LedgerFleet",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]),
    ]
)

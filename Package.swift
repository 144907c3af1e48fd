// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cecsite",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cecsite", targets: ["cecsite"]),
        .library(name: "CECSiteKit", targets: ["CECSiteKit"]),
        .library(name: "CECSiteAudit", targets: ["CECSiteAudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .systemLibrary(
            name: "CGumbo",
            pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]
        ),
        .systemLibrary(
            name: "CXXHash",
            pkgConfig: "libxxhash",
            providers: [.apt(["libxxhash-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "CECSiteKit",
            dependencies: [
                "CCmark",
                "CCrypto",
                "CXXHash",
                "CZlib",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The accessibility auditor (`cecsite audit`): the only user of libgumbo, and nothing in
        // the build pipeline depends on it.
        .target(
            name: "CECSiteAudit",
            dependencies: ["CECSiteKit", "CGumbo"]
        ),
        .target(
            name: "CECSiteServe",
            dependencies: [
                "CECSiteKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "cecsite",
            dependencies: [
                "CECSiteKit",
                "CECSiteAudit",
                "CECSiteServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CECSiteKitTests",
            dependencies: ["CECSiteKit", "CECSiteAudit", "CECSiteServe", "CZlib", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Expected", "AuditCorpus"]
        ),
    ],
    swiftLanguageModes: [.v5]
)

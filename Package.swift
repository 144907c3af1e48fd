// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cecsite",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cecsite", targets: ["cecsite"]),
        .library(name: "CECSiteCore", targets: ["CECSiteCore"]),
        .library(name: "CECSiteMarkdown", targets: ["CECSiteMarkdown"]),
        .library(name: "CECSiteTemplates", targets: ["CECSiteTemplates"]),
        .library(name: "CECSiteFormats", targets: ["CECSiteFormats"]),
        .library(name: "CECSiteContent", targets: ["CECSiteContent"]),
        .library(name: "CECSiteSearch", targets: ["CECSiteSearch"]),
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
            // libcmark-gfm: CommonMark with GitHub's extensions. Its .pc file names both
            // libraries; the extensions package has no .pc file of its own.
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
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
            // libvips: the size of editors' photos and their resized variants (`srcset`). Opened
            // with dlopen when first used (see shim.h), so only GObject is linked; libvips's
            // header is in the compiler's default path.
            name: "CVips",
            pkgConfig: "gobject-2.0",
            providers: [.apt(["libvips-dev"])]
        ),
        // Removes the metadata (GPS position, camera serial, times) of published photos without
        // decoding their pixels: libjpeg-turbo's coefficient API, libwebpmux, libexif for the one
        // entry kept (the orientation), zlib for PNG's checksums (see metadata.c).
        .target(
            name: "CImageMetadata",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("webpmux"), .linkedLibrary("webp"), .linkedLibrary("exif"), .linkedLibrary("z")]
        ),
        // A plain line of a CSV file (no quote, no carriage return) split at its commas sixteen
        // bytes at a time: the records aggregation's scanner (see line.c).
        .target(name: "CCSVLine"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The core: languages, days, editions, located values and diagnostics. No I/O; every
        // other module builds on it.
        .target(
            name: "CECSiteCore",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Markdown through libcmark-gfm (tables, autolinks, strikethrough, task lists, footnotes):
        // parsing, safe HTML, headings, links, plain text and the raw HTML it drops.
        .target(
            name: "CECSiteMarkdown",
            dependencies: ["CECSiteCore", "CCmarkGFM"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The compiled Mustache engine, with its own line/column errors.
        .target(
            name: "CECSiteTemplates",
            dependencies: ["CECSiteCore"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Byte writers of the published formats, each with its one escaper: JSON, XML, XLSX
        // (ZIP through zlib), iCalendar, SHA-256 (libcrypto).
        .target(
            name: "CECSiteFormats",
            dependencies: ["CECSiteCore", "CCrypto", "CZlib"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The content: source files, YAML, front matter, Markdown documents, media, the loaders
        // and the model they make, the theme, and the stores that keep what a build read
        // (fingerprints, file stamps, the one store). Knows nothing of pages or output.
        .target(
            name: "CECSiteContent",
            dependencies: [
                "CECSiteCore",
                "CECSiteMarkdown",
                "CECSiteTemplates",
                "CXXHash",
                "CVips",
                "CCSVLine",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Site search: words and stems of both languages, the static index cut into chunks a
        // query downloads by its words, and the terms kept between builds.
        .target(
            name: "CECSiteSearch",
            dependencies: ["CECSiteCore", "CECSiteContent", "CECSiteFormats"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The build: validation, the page registry, rendering, search, open data, the build record
        // and the output. It runs the auditor's contrast and focus rules on its own pages
        // (ThemeCheck).
        .target(
            name: "CECSiteKit",
            dependencies: [
                "CECSiteCore",
                "CECSiteContent",
                "CECSiteSearch",
                "CECSiteMarkdown",
                "CECSiteTemplates",
                "CECSiteFormats",
                "CECSiteAudit",
                "CVips",
                "CImageMetadata",
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The accessibility auditor (`cecsite audit`, and the build's theme check): the only user
        // of libgumbo; it knows nothing of the build, only the core's diagnostics.
        .target(
            name: "CECSiteAudit",
            dependencies: ["CECSiteCore", "CGumbo"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "CECSiteServe",
            dependencies: [
                "CECSiteCore",
                "CECSiteContent",
                "CECSiteFormats",
                "CECSiteKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "cecsite",
            dependencies: [
                "CECSiteCore",
                "CECSiteKit",
                "CECSiteAudit",
                "CECSiteServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // What the test suites share: temporary sites, the minimal valid site, the binary's
        // path, a raw HTTP client. Built only with the tests.
        .target(
            name: "CECSiteTestSupport",
            dependencies: ["CECSiteCore", "CECSiteContent", "CECSiteKit"],
            path: "Tests/CECSiteTestSupport"
        ),
        .testTarget(
            name: "CECSiteKitTests",
            dependencies: [
                "CECSiteCore", "CECSiteMarkdown", "CECSiteTemplates", "CECSiteFormats", "CECSiteContent", "CECSiteSearch", "CECSiteKit",
                "CECSiteAudit", "CECSiteTestSupport", "CZlib", "CVips",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Expected", "AuditCorpus", "Gallery", "Media"]
        ),
        // The preview server's suite, apart from the build-heavy ones: `make test` runs it on its
        // own, so its waits never compete with a parallel build for the machine.
        .testTarget(
            name: "CECSiteServeTests",
            dependencies: ["CECSiteCore", "CECSiteContent", "CECSiteKit", "CECSiteServe", "CECSiteTestSupport"]
        ),
    ],
    // Every module of the program sets Swift 6 above; the test suites stay in Swift 5 mode
    // (their fixtures share mutable state across Testing's parallel tests by design).
    swiftLanguageModes: [.v5]
)

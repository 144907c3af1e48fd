// swift-tools-version:6.0
// The libFuzzer targets of cecsite (see README.md here). A package of its own, because a fuzz
// target has no `main` (libFuzzer supplies it): build it only with `--sanitize fuzzer`, as
// `make fuzz` does. It depends on the library by path, so it fuzzes the working tree's code.
import PackageDescription

let targets = ["frontmatter", "yaml", "markdown", "csv", "audit", "ics", "media"]

let package = Package(
    name: "cecsite-fuzz",
    dependencies: [
        .package(name: "cecsite", path: ".."),
        // The YAML node type the wrappers of FuzzSupport walk: the library's own Yams.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "CECSiteCore", package: "cecsite"), .product(name: "CECSiteMarkdown", package: "cecsite"),
                .product(name: "CECSiteFormats", package: "cecsite"), .product(name: "CECSiteContent", package: "cecsite"),
                .product(name: "CECSiteKit", package: "cecsite"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ] + targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzSupport", .product(name: "CECSiteCore", package: "cecsite"), .product(name: "CECSiteKit", package: "cecsite")]
                // Only the audit target links the auditor (and with it libgumbo).
                + (name == "audit" ? [.product(name: "CECSiteAudit", package: "cecsite")] : [])
                + (name == "markdown" ? [.product(name: "CECSiteMarkdown", package: "cecsite")] : []),
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    },
    swiftLanguageModes: [.v5]
)

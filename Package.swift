// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "smtp-setup",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smtp-setup", targets: ["smtp-setup"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // The settings model, its validation and the store backends.
        .target(
            name: "SMTPSettings",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "smtp-setup",
            dependencies: [
                "SMTPSettings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by the test targets: temporary folders, running the binaries.
        .target(
            name: "TestSupport",
            dependencies: ["SMTPSettings"],
            path: "Tests/TestSupport"
        ),
        // A helper the crash tests run and kill: saves in a loop.
        .executableTarget(
            name: "StoreSoak",
            dependencies: ["SMTPSettings", "TestSupport"],
            path: "Tests/StoreSoak"
        ),
        .testTarget(
            name: "SMTPSettingsTests",
            dependencies: ["SMTPSettings", "TestSupport", "smtp-setup", "StoreSoak"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

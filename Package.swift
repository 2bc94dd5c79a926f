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
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // The settings model, its validation and the store backends.
        .target(
            name: "SMTPSettings",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The live test's values: phases, transcript lines, diagnoses, the
        // certificate summary, events. Foundation at most: the wizard uses them.
        .target(name: "ProbeModel"),
        // The live connection test: the only code that opens sockets.
        .target(
            name: "SMTPProbe",
            dependencies: [
                "ProbeModel",
                "SMTPSettings",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        // Pure: state, messages, update, view into a cell grid. No I/O.
        .target(
            name: "Wizard",
            dependencies: ["ProbeModel", "SMTPSettings"]
        ),
        // ncurses, seen through a shim for its macros and globals. No pkgConfig:
        // SwiftPM would drop its -D flags anyway (shim.h sets them), and the
        // modulemap links ncursesw itself.
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The only code that calls ncurses: lifecycle, keys, painting a cell grid.
        .target(
            name: "Terminal",
            dependencies: ["CNCursesW", "Wizard"]
        ),
        .executableTarget(
            name: "smtp-setup",
            dependencies: [
                "ProbeModel",
                "SMTPSettings",
                "SMTPProbe",
                "Wizard",
                "Terminal",
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
        .testTarget(
            name: "SMTPProbeTests",
            dependencies: ["ProbeModel", "SMTPProbe", "SMTPSettings", "TestSupport", "smtp-setup"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["SMTPSettings", "TestSupport", "smtp-setup"]
        ),
        // The plain line-by-line wizard, driven through the real binary.
        .testTarget(
            name: "LineWizardTests",
            dependencies: ["SMTPSettings", "TestSupport", "smtp-setup", "Wizard"]
        ),
        .testTarget(
            name: "WizardTests",
            dependencies: ["ProbeModel", "Wizard", "SMTPSettings"],
            exclude: ["Golden", "Recorded"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Issue 9: property tests (x-sheep/swift-property-based) and the fuzz targets
// (Scripts/fuzz builds them with libFuzzer; Scripts/test builds them plainly and replays their corpus).
package.dependencies.append(.package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"))
package.targets += [
    .executableTarget(name: "FuzzSettings", dependencies: ["SMTPSettings"], path: "Tests/Fuzz/FuzzSettings"),
    .testTarget(
        name: "PropertyTests",
        dependencies: [
            "SMTPSettings", "SMTPProbe", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]
    ),
]

// Issue 13: Scripts/package links the shipped binary with the Swift runtime and
// Foundation static (--static-swift-stdlib), and with these two folders also
// libstdc++ and libgcc, so it needs only libc, ncursesw and SQLite from the
// system. The Swift runtime asks for -lstdc++ itself, and ld takes a library
// from the first folder that holds it: SMTP_SETUP_STATIC_CXX_DIR holds only
// libstdc++.a, and swiftc puts a -L ahead of the compiler's own folders (an
// -Xlinker -L comes after them, too late). --no-export-dynamic undoes the
// -export-dynamic of the static stdlib's link arguments: nothing looks our
// symbols up by name, and exporting 43,000 of them cost 2.4 MB of .dynstr, a
// slower start and about 2 MB of memory (measured with Scripts/benchmark).
// The binary stays PIE (-no-pie saved 1 MB more, not worth losing ASLR in a
// program that parses a server's TLS). Linked by the toolchain's lld, for
// what gold cannot do: packed relative relocations (the 3 MB of .rela.dyn the
// loader read at every start become 25 KB of .relr.dyn; glibc 2.36 reads
// them) and, with SMTP_SETUP_SYMBOL_ORDER (Scripts/startup-order's list), the
// code the first screen runs placed side by side: 3 MB less resident.
// Link flags only: nothing recompiles.
if let staticCxx = Context.environment["SMTP_SETUP_STATIC_CXX_DIR"], !staticCxx.isEmpty,
    let executable = package.targets.first(where: { $0.name == "smtp-setup" })
{
    var flags = [
        "-L", staticCxx, "-Xclang-linker", "-static-libgcc", "-Xlinker", "--no-export-dynamic",
        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    ]
    if let order = Context.environment["SMTP_SETUP_SYMBOL_ORDER"], !order.isEmpty {
        // A list from an older build names functions that are gone: not an error.
        flags += ["-Xlinker", "--symbol-ordering-file=\(order)", "-Xlinker", "--no-warn-symbol-ordering"]
    }
    executable.linkerSettings = [.unsafeFlags(flags)]
}

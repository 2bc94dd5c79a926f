import ArgumentParser
import Foundation
import SMTPSettings

/// `--store`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The settings store: a SQLite path or sqlite:///path (default: $\(StoreLocation.environmentVariable), else \(StoreLocation.defaultPath)).",
            valueName: "url"))
    var store: String?

    func location() throws -> StoreLocation {
        try failing { () throws(StoreError) in
            try StoreLocation.resolve(flag: store, environment: ProcessInfo.processInfo.environment)
        }
    }

    func openStore() throws -> any SettingsStore {
        try location().openStore()
    }
}

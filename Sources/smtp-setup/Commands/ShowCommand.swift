import ArgumentParser
import Foundation
import SMTPSettings

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the saved settings (the password only as set or not set).")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let store = try storeOptions.openStore()
        let stored = try failing { () throws(StoreError) in try store.load() }
        // With --owner: can the application's user read it? Without: the file's owner.
        let readability = store.readability(for: nil)
        if json {
            var report = ShowReport(stored, path: store.location.path, readability: readability)
            if case .postgres(let database) = store.location { report.source = database.source }
            try emit(try JSONText.encode(report))
        } else {
            try emit(SettingsTable.render(stored, path: store.location.shownName, store: store.location.kind))
            if let ownership = readability.ownership { try emit("Owner: \(ownership)") }
        }
        if let warning = readability.warning { printWarning(warning) }
    }
}

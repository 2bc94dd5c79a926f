import ArgumentParser
import Foundation
import SMTPSettings

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List every save: revision, time, who, and which keys changed.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print a JSON array.") var json = false

    func run() throws {
        let store = try storeOptions.openStore()
        let entries = try failing { () throws(StoreError) in try store.history() }
        if json {
            say(try JSONText.encode(entries.map(HistoryReport.init)))
            return
        }
        guard !entries.isEmpty else {
            say("Nothing has been saved to \(store.location.path) yet.")
            return
        }
        for entry in entries {
            let keys = entry.changedKeys.map(\.rawValue).joined(separator: ", ")
            let who = TerminalSafe.excerpt(entry.savedBy)
            say("\(entry.revision)\t\(entry.savedAtText)\t\(who)\t\(TerminalSafe.excerpt(entry.action))\t\(keys)")
        }
        say("Undo with: smtp-setup rollback REVISION\(StoreLocation.flag(for: store.location.path))")
    }
}

struct HistoryReport: Encodable {
    let revision: Int
    let savedAt: String
    let savedBy: String
    let action: String
    let changedKeys: [String]

    init(_ entry: HistoryEntry) {
        revision = entry.revision
        savedAt = entry.savedAtText
        savedBy = entry.savedBy
        action = entry.action
        changedKeys = entry.changedKeys.map(\.rawValue)
    }

    enum CodingKeys: String, CodingKey {
        case revision, action
        case savedAt = "saved_at"
        case savedBy = "saved_by"
        case changedKeys = "changed_keys"
    }
}

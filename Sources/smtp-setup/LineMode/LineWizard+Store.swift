import Foundation
import SMTPSettings
import Wizard

/// With no store named, the stores the core proposes: the admin confirms one
/// (or types another) before anything is loaded.
extension LineWizard {
    mutating func chooseStore() throws(Stop) {
        guard core.needsStoreChoice else { return }
        let choices = core.storeChoices
        output.line("Where should the settings go? Found on this machine:")
        for (index, choice) in choices.enumerated() { output.line("  \(index + 1)) \(choice.title)") }
        while core.needsStoreChoice {
            let answer = try ask(
                "Number of the store to use, or another store (like gitlab:/etc/gitlab/gitlab.rb) [1]: ")
            let store: String
            if answer.isEmpty {
                store = choices[0].store
            } else if let number = Int(answer) {
                guard (1...choices.count).contains(number) else {
                    output.line("  Type a number from 1 to \(choices.count), or a store.")
                    continue
                }
                store = choices[number - 1].store
            } else {
                store = answer
            }
            for case .openStore(let url) in perform(.chooseStore(store), quietly: true) { open(url) }
        }
        output.line("")
    }

    /// Opens what the core asked for; from then on the wizard works on it.
    private mutating func open(_ url: String) {
        do throws(StoreError) {
            let (chosen, opened) = try StoreChoices.open(
                url, ownerFlag: ownerFlag, foremDir: foremDir, environment: ProcessInfo.processInfo.environment)
            store = chosen
            afterSave = opened.afterSave
            owner = opened.owner
            _ = update(&core, .storeOpened(opened))
        } catch {
            _ = update(&core, .storeOpenFailed(error.description))
            if let notice = core.noticeText { output.line("  \(notice)") }
        }
    }
}

import Foundation
import SMTPSettings
import Wizard

/// Review, the lockout notice, saving (with conflicts), and how to undo:
/// the core decides, this asks and prints.
extension LineWizard {
    mutating func review() throws(Stop) -> Stage {
        output.line("")
        output.line("Review:")
        let summary = core.reviewSummary
        printSummary(summary, test: core.testStatusLine)
        for warning in summary.warnings { output.line("  Warning: \(warning)") }
        if let first = SettingsValidator.errors(in: settings, store: store.location.kind).first {
            // Every field was checked as it was answered; a test fix can still leave one behind.
            show(first)
            perform(.edit(.address))
            return .followCore
        }
        // The core's verdict and words, as the full screen's: nothing differs from the store.
        let changed = core.draft.changedKeys
        if let unchanged = core.unchangedSentence {
            output.line("")
            output.line(unchanged)
            return .finished(Self.savedCode)
        }
        printRow("Changes", labels(changed))
        if let saveRefusal, let refusal = core.storeAccess.refusal {
            output.line("")
            output.line("Nothing was saved: \(refusal)")
            return .finished(saveRefusal.exitCode)
        }
        if core.asksLockout {
            output.line("")
            output.line(Notices.lockout)
        }
        while true {
            let answer = try ask("Type yes to save, edit to change the settings, or no to quit without saving: ")
            switch answer.lowercased() {
            case "yes":
                perform(.acknowledge(true))
                return try save()
            case "edit", "e":
                perform(.edit(.address))
                return .followCore
            case "no", "n":
                output.line("Nothing was saved.")
                return .finished(Self.quitCode)
            default:
                output.line("  Saving needs the word yes, to show you read the note above.")
            }
        }
    }

    func labels(_ keys: [SettingKey]) -> String {
        keys.map(\.label).joined(separator: ", ")
    }

    /// Asks the core to save and answers what it asks back: the untested
    /// question, the owner, a conflict; carries out the save it asks for.
    mutating func save() throws(Stop) -> Stage {
        var effects = perform(.save)
        while true {
            if let question = core.untestedQuestion {
                let yes = try askYesNo(question, default: false)
                effects = perform(.saveUntested(yes))
                if !yes {
                    // Back to the test step, which asks about testing again.
                    perform(.back)
                    return .followCore
                }
                continue
            }
            if core.ownerQuestion.asked {
                effects = perform(.answerOwner(try askOwner()))
                continue
            }
            for effect in effects {
                switch effect {
                case .save(let settings, let revision, let owner):
                    if let stage = write(settings, basedOn: revision, owner: owner) { return stage }
                case .overwriteChangedFile(let settings, let revision, let owner):
                    if let stage = write(settings, basedOn: revision, owner: owner, rereading: true) { return stage }
                case .reload:
                    return reload()
                default:
                    break
                }
            }
            effects = []
            if let sentence = core.fileChangeSentence {
                output.line("")
                output.line("Not saved: \(sentence)")
                effects = perform(.resolveConflict(try resolveConflict()))
                continue
            }
            guard let current = core.conflict else { return .finished(Self.savedCode) }
            output.line("")
            output.line(
                "Not saved: \(current.savedBy) saved revision \(current.revision) at \(current.savedAtText), "
                    + "after these settings started from revision \(core.revision).")
            effects = perform(.resolveConflict(try resolveConflict()))
        }
    }

    /// Which user the application runs as: only that user (and root) will read the store.
    func askOwner() throws(Stop) -> String {
        while true {
            let answer = try ask(
                "Which user does the application run as? Only that user (and root) will read the store: ")
            guard !answer.isEmpty else { continue }
            do {
                return try StoreOwner(parsing: answer).description
            } catch {
                output.line("  \(error.description)")
            }
        }
    }

    /// Writes what the core asked to save; returns where to go on, or nil
    /// when the core is to be asked again (a conflict).
    /// `rereading`: load the file first, taking in an outside change the admin chose to save over.
    mutating func write(_ settings: MailSettings, basedOn revision: Int, owner: String?, rereading: Bool = false)
        -> Stage?
    {
        // The owner the admin named; otherwise the store as it was opened (with any --owner).
        let named = owner.flatMap { try? StoreOwner(parsing: $0) }
        let target = named.map { store.owned(by: $0) } ?? store
        do throws(StoreError) {
            if rereading { _ = try target.load() }
            let entry = try target.save(settings, basedOn: revision, action: "wizard")
            let readability = target.readability(for: nil)
            _ = update(&core, entry.map { .saved($0, readability: readability) } ?? .savedUnchanged)
            done(entry, basedOn: revision, readability: readability)
            return .finished(Self.savedCode)
        } catch .conflict(let expected, let current) {
            _ = update(&core, .saveFailed(.conflict(expected: expected, current: current)))
            return nil
        } catch .fileChanged(let path, let modifiedAt) {
            _ = update(&core, .saveFailed(.fileChanged(path: path, modifiedAt: modifiedAt)))
            return nil
        } catch {
            printError(error.description)
            output.line("Nothing was saved.")
            return .finished(error.exitCode)
        }
    }

    func resolveConflict() throws(Stop) -> ConflictChoice {
        while true {
            switch try ask("Type reload to start over from their settings, or overwrite to save yours over them: ")
                .lowercased()
            {
            case "reload", "r": return .reload
            case "overwrite", "o": return .overwrite
            default: output.line("  Type reload or overwrite (or q to quit without saving).")
            }
        }
    }

    /// Starts over from the settings now in the store; the admin's changes are set aside.
    mutating func reload() -> Stage {
        let stored: StoredSettings
        do throws(StoreError) {
            stored = try store.load()
        } catch {
            printError(error.description)
            output.line("Nothing was saved.")
            return .finished(error.exitCode)
        }
        start(from: stored)
        warned = []
        output.line("")
        output.line("Loaded revision \(stored.revision); your changes were set aside. Starting over from it:")
        printSummary(core.reviewSummary)
        // The core starts over at its first step.
        return .followCore
    }

    /// After a save that changed something: run what makes the application
    /// read it (clear Forem's cache, restart Mastodon…), only if the tool can
    /// and the admin says yes. The command itself was named by `done`.
    func offerAfterSave() throws(Stop) {
        guard let offer = core.afterSaveOffer, offer.canRun else { return }
        output.line("")
        let yes: Bool
        do {
            yes = try askYesNo(offer.question, default: false)
        } catch {
            // The save stands: ending here must not read as "nothing was saved".
            guard case .inputEnded = error, !input.hungUp else { throw error }
            output.line("")
            output.line("Input ended: the settings are saved; \(offer.command) was not run.")
            return
        }
        guard yes else { return }
        let result = AfterSaveRunner.run(offer, foremDir: foremDir)
        output.line(offer.outcome(result))
        for line in result.output { output.line("  \(line)") }
    }

    func done(_ entry: HistoryEntry?, basedOn revision: Int, readability: StoreReadability) {
        output.line("")
        guard let entry else {
            output.line("Nothing changed: the store stays at revision \(revision).")
            return
        }
        output.line(
            "Saved revision \(entry.revision) to \(store.location.path) (changed: \(labels(entry.changedKeys))).")
        for sentence in ReachText.after(readability, server: settings.address, pickUp: core.pickUpSentence) {
            output.line(sentence.isWarning ? "Warning: \(sentence.text)" : sentence.text)
        }
        for (label, command) in core.afterSaveCommands { output.line("\(label):  \(command)") }
    }
}

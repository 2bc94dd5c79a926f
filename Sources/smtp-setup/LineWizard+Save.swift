import SMTPSettings
import Wizard

/// Review, the lockout notice, saving (with conflicts), and how to undo.
extension LineWizard {
    mutating func review() throws(Stop) -> Stage {
        output.line("")
        output.line("Review:")
        let summary = draft.summary(machineName: machineName)
        printSummary(summary, test: testStanding)
        for warning in summary.warnings { output.line("  Warning: \(warning)") }
        if let first = SettingsValidator.errors(in: settings).first {
            // Every field was checked as it was entered; a test fix can still leave one behind.
            show(first)
            return .fields
        }
        let changed = draft.changedKeys
        if changed.isEmpty {
            output.line("")
            output.line("Nothing to save: the store already holds these settings (revision \(loaded.revision)).")
            return .finished(Self.savedCode)
        }
        printRow("Changes", labels(changed))
        if let saveRefusal {
            output.line("")
            output.line("Nothing was saved: \(Self.sentence(saveRefusal.description))")
            return .finished(saveRefusal.exitCode)
        }
        output.line("")
        output.line(Notices.lockout)
        while true {
            let answer = try ask("Type yes to save, edit to change the settings, or no to quit without saving: ")
            switch answer.lowercased() {
            case "yes":
                break
            case "edit", "e":
                return .fields
            case "no", "n":
                output.line("Nothing was saved.")
                return .finished(Self.quitCode)
            default:
                output.line("  Saving needs the word yes, to show you read the note above.")
                continue
            }
            break
        }
        if let reason = TestStanding.untestedReason(settings, lastPassed: lastPassed) {
            guard try askYesNo("\(reason) Save anyway?", default: false) else { return .test }
        }
        return try save()
    }

    var testStanding: TestStanding {
        TestStanding(settings, lastPassed: lastPassed, lastFailed: lastFailure)
    }

    func labels(_ keys: [SettingKey]) -> String {
        keys.map(\.label).joined(separator: ", ")
    }

    /// The store as it will be saved: given to the application's user, asked
    /// for when nothing else says who that is (a new store made as root).
    mutating func ownedStore() throws(Stop) -> any SettingsStore {
        // A script answering through a pipe keeps its answers in step: its store stays this user's.
        guard owner == .ask, input.isTerminal else { return store }
        while true {
            let answer = try ask(
                "Which user does the application run as? Only that user (and root) will read the store: ")
            guard !answer.isEmpty else { continue }
            do {
                let named = try StoreOwner(parsing: answer)
                owner = .named(named.description)
                return store.owned(by: named)
            } catch {
                output.line("  \(error.description)")
            }
        }
    }

    /// Saves on the revision loaded; a conflict offers reload or overwrite.
    mutating func save() throws(Stop) -> Stage {
        let target = try ownedStore()
        while true {
            let entry: HistoryEntry?
            do throws(StoreError) {
                entry = try target.save(settings, basedOn: baseRevision, action: "wizard")
            } catch .conflict(let expected, let current) {
                output.line("")
                output.line(
                    "Not saved: \(current.savedBy) saved revision \(current.revision) at \(current.savedAtText), "
                        + "after these settings started from revision \(expected).")
                switch try resolveConflict() {
                case .reload:
                    return try reload()
                case .overwrite:
                    baseRevision = current.revision
                    continue
                }
            } catch {
                printError(error.description)
                output.line("Nothing was saved.")
                return .finished(error.exitCode)
            }
            done(entry, readability: target.readability(for: nil))
            return .finished(Self.savedCode)
        }
    }

    enum ConflictChoice {
        case reload
        case overwrite
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
    mutating func reload() throws(Stop) -> Stage {
        do throws(StoreError) {
            try take(store.load())
        } catch {
            printError(error.description)
            output.line("Nothing was saved.")
            return .finished(error.exitCode)
        }
        output.line("")
        output.line("Loaded revision \(loaded.revision); your changes were set aside. Starting over from it:")
        printSummary(draft.summary(machineName: machineName))
        return .provider
    }

    func done(_ entry: HistoryEntry?, readability: StoreReadability) {
        output.line("")
        guard let entry else {
            output.line("Nothing changed: the store stays at revision \(baseRevision).")
            return
        }
        output.line(
            "Saved revision \(entry.revision) to \(store.location.path) (changed: \(labels(entry.changedKeys))).")
        for sentence in ReachText.after(readability, server: settings.address) {
            output.line(sentence.isWarning ? "Warning: \(sentence.text)" : sentence.text)
        }
        // The revision this save was based on is the one to go back to.
        let flag = StoreLocation.flag(for: store.location.path)
        let undo =
            baseRevision > 0
            ? "smtp-setup rollback \(baseRevision)\(flag)" : "smtp-setup reset\(flag)   (this was the first save)"
        output.line("To undo:  \(undo)")
        output.line("To look:  smtp-setup show\(flag)")
    }
}

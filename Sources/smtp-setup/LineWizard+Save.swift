import SMTPSettings

/// Review, the lockout notice, saving (with conflicts), and how to undo.
extension LineWizard {
    mutating func review() throws(Stop) -> Stage {
        output.line("")
        output.line("Review:")
        summary(of: settings, password: passwordState)
        output.line("  " + "Test".padding(toLength: 13, withPad: " ", startingAt: 0) + testState)
        for problem in SettingsValidator.problems(in: settings, store: store.location.kind)
        where problem.severity == .warning {
            show(problem)
        }
        if let first = SettingsValidator.errors(in: settings, store: store.location.kind).first {
            // Every field was checked as it was entered; a test fix can still leave one behind.
            show(first)
            return .fields
        }
        let changed = settings.changedKeys(from: loaded.settings)
        if changed.isEmpty {
            output.line("")
            output.line("Nothing to save: the store already holds these settings (revision \(loaded.revision)).")
            return .finished(Self.savedCode)
        }
        output.line("  " + "Changes".padding(toLength: 13, withPad: " ", startingAt: 0) + labels(changed))
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
        if lastPassed != settings {
            let reason =
                lastPassed == nil
                ? "These settings have not passed a test." : "The settings changed since the last passing test."
            guard try askYesNo("\(reason) Save anyway?", default: false) else { return .test }
        }
        return try save()
    }

    var testState: String {
        if lastPassed == settings { return "passed with these settings" }
        if let lastFailure, lastFailure.settings == settings { return "failed: \(lastFailure.title)" }
        if lastPassed != nil { return "the settings changed since the last passing test" }
        return "not run"
    }

    func labels(_ keys: [SettingKey]) -> String {
        keys.map(\.label).joined(separator: ", ")
    }

    /// Saves on the revision loaded; a conflict offers reload or overwrite.
    mutating func save() throws(Stop) -> Stage {
        while true {
            let entry: HistoryEntry?
            do throws(StoreError) {
                entry = try store.save(settings, basedOn: baseRevision, action: "wizard")
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
            done(entry)
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
        summary(of: loaded.settings, password: loaded.settings.hasPassword ? "password set" : "no password")
        return .provider
    }

    func done(_ entry: HistoryEntry?) {
        output.line("")
        guard let entry else {
            output.line("Nothing changed: the store stays at revision \(baseRevision).")
            return
        }
        output.line(
            "Saved revision \(entry.revision) to \(store.location.path) (changed: \(labels(entry.changedKeys))).")
        output.line(
            "The application reads its mail settings from there: mail now goes out through \(settings.address ?? "the server")."
        )
        // The revision this save was based on is the one to go back to.
        let flag = StoreLocation.flag(for: store.location.path)
        let undo =
            baseRevision > 0
            ? "smtp-setup rollback \(baseRevision)\(flag)" : "smtp-setup reset\(flag)   (this was the first save)"
        output.line("To undo:  \(undo)")
        output.line("To look:  smtp-setup show\(flag)")
    }
}

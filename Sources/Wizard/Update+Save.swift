import SMTPSettings

extension WizardState {

    mutating func requestSave() -> [WizardEffect] {
        if isUnchanged {
            notice = .info("Nothing changed: the store already holds exactly these settings.")
            return []
        }
        if let refusal = storeAccess.refusal {
            notice = .error("Cannot save: \(refusal)")
            return []
        }
        guard acknowledged || !asksLockout else {
            notice = .warning("First read the notice and press Space to tick \"I understand\".")
            return []
        }
        if let first = SettingsValidator.errors(in: settings, store: environment.storeKind).first {
            notice = .error("Cannot save yet: \(first.sentence) \(first.fix)")
            return []
        }
        if let reason = TestStanding.untestedReason(settings, lastPassed: lastPassed) {
            prompt = .saveUntested(reason: reason)
            return []
        }
        return save(basedOn: baseRevision)
    }

    mutating func save(basedOn revision: Int) -> [WizardEffect] {
        if environment.owner == .ask && ownerAnswer == nil {
            prompt = .owner(FieldEditor(), problem: nil)
            return []
        }
        saving = .saving
        return [.save(settings, basedOn: revision, owner: ownerAnswer)]
    }

    mutating func finishSave(_ entry: HistoryEntry?, readability: StoreReadability? = nil) {
        guard saving == .saving else { return }
        // The revision before this one: an outside change to an application's
        // file, recorded by this save, comes after the one the form started from.
        saved = SavedResult(
            entry: entry, settings: settings, previousRevision: entry.map { $0.revision - 1 } ?? baseRevision,
            readability: readability)
        if let entry { baseRevision = entry.revision }
        saving = .idle
        prompt = nil
        notice = nil
        step = .done
        furthest = .done
    }

    mutating func failSave(_ error: StoreError) {
        guard saving == .saving || saving == .reloading else { return }
        // A user that does not exist is asked for again at the next save.
        switch error {
        case .cannotChangeOwner, .unknownOwner: ownerAnswer = nil
        default: break
        }
        if case .unknownOwner(let name, _) = error, saving == .saving {
            // Asked again at once, the name as typed and why it was refused.
            saving = .idle
            prompt = .owner(FieldEditor(name), problem: sentence(error.description))
        } else if case .conflict(_, let current) = error, saving == .saving {
            saving = .conflict(current)
        } else if case .fileChanged(let path, let modifiedAt) = error, saving == .saving {
            saving = .fileChanged(path: path, modifiedAt: modifiedAt)
        } else {
            saving = .failed(sentence(error.description))
        }
    }

    /// Takes the store's settings in place of the form's: the admin chose
    /// theirs over a conflicting save.
    mutating func reload(_ stored: StoredSettings) {
        loaded = stored
        storeUnread = false
        baseRevision = stored.revision
        fields = Self.fields(from: stored.settings)
        providerIndex = min(providerIndex, providers.count - 1)
        problems = [:]
        acknowledged = false
        saving = .idle
        let who = stored.latest.map { " (saved by \($0.savedBy) at \($0.savedAtText))" } ?? ""
        notice = .success("Loaded revision \(stored.revision)\(who); your changes were set aside.")
    }
}

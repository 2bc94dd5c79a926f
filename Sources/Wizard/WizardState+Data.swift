import FoundationEssentials
import ProbeModel
import SMTPSettings

/// What the wizard shows, as data: every front end reads these, so the
/// full-screen view and the line wizard say the same things.
extension WizardState {
    /// The review's rows and warnings for the form as it is now.
    public var reviewSummary: ReviewSummary {
        draft.summary(machineName: environment.machineName, store: environment.storeKind)
    }

    /// Where the form's settings stand against the last test.
    public var testStanding: TestStanding {
        let failed = test.flatMap { run in run.outcome?.diagnosis.map { (settings: run.settings, title: $0.title) } }
        let reservation = CAFileNote.applies(self) ? CAFileNote.sentence(self, capitalised: false) : nil
        return TestStanding(
            settings, lastPassed: lastPassed, lastFailed: failed, running: test?.isRunning == true,
            reservation: reservation)
    }
}

/// One field the current step asks, as data: the full-screen form draws it,
/// the line wizard asks it.
public struct FieldQuestion: Equatable, Sendable {
    public let key: SettingKey
    public let label: String
    public let kind: FieldKind
    /// The field's text; for the password only what was typed, never the stored one.
    public let value: String
    /// What was found wrong when the field was last left or answered.
    public let problems: [SettingProblem]
    public let help: String
    public let placeholder: String?
}

extension WizardState {
    /// The fields the current step asks, in order: only those that apply given the others.
    public var questions: [FieldQuestion] {
        focusable(step).map { key in
            FieldQuestion(
                key: key, label: key.label, kind: key.fieldKind, value: text(key), problems: problems[key] ?? [],
                help: help(for: key), placeholder: placeholder(for: key))
        }
    }

    /// What the application reading the store does when it sends (its
    /// STARTTLS rule, its HELO name, its certificate check), which the test
    /// follows; nil for Forem's stores, whose test step says what it always did.
    public var deliverySentence: String? {
        guard environment.application != nil else { return nil }
        let tested = test?.settings ?? settings
        return environment.delivery.sentence(for: tested, machineName: environment.machineName)
    }

    /// Said after a test that went on in plain text: the server did not offer STARTTLS.
    public var inClearWarning: String? {
        guard test?.outcome?.wentInClear == true else { return nil }
        return Delivery.inClearWarning(environment.application?.title ?? "the application")
    }

    /// Where a real test message is proposed to go: the last address one
    /// went to, else the from address (the admin's own mailbox, usually).
    public var suggestedSendTo: String? { lastSentTo ?? settings.fromEmailAddress }

    /// What the application cannot do with the settings the last test passed.
    public var applicationCautions: [SettingProblem] {
        guard let run = test, run.outcome?.passed == true else { return [] }
        return SettingsValidator.applicationCautions(in: run.settings, store: environment.storeKind)
    }

    /// What was last found wrong with `key`, on any step.
    public func problems(of key: SettingKey) -> [SettingProblem] { problems[key] ?? [] }

    /// The field the step is on: the first, or the one an error sent the admin back to.
    public var focusedField: SettingKey? { focus }

    /// The last thing the wizard said (a fill, a refusal, a warning), if any.
    public var noticeText: String? { notice?.text }

    /// The question asked before saving settings that have not passed a test.
    public var untestedQuestion: String? {
        guard case .saveUntested(let reason) = prompt else { return nil }
        return "\(reason) Save anyway?"
    }

    /// Whether the wizard waits to be told which user the application runs as, and why it asked again.
    public var ownerQuestion: (asked: Bool, problem: String?) {
        guard case .owner(_, let problem) = prompt else { return (false, nil) }
        return (true, problem)
    }

    /// The revision another save wrote while the admin edited, when a save lost to it.
    public var conflict: HistoryEntry? {
        guard case .conflict(let current) = saving else { return nil }
        return current
    }

    /// When the application's file was changed outside the wizard, when a save found it so.
    public var fileChange: (path: String, modifiedAt: Date)? {
        guard case .fileChanged(let path, let modifiedAt) = saving else { return nil }
        return (path, modifiedAt)
    }

    /// What the admin is told when the file changed outside the wizard, in both front ends.
    public var fileChangeSentence: String? {
        guard let change = fileChange else { return nil }
        return "\(TerminalSafe.visible(change.path)) was changed outside smtp-setup at "
            + "\(HistoryEntry.timestamp(change.modifiedAt)), after you loaded it. Nothing of yours was written."
    }

    /// Why a save failed, in words; nil when none did.
    public var saveFailure: String? {
        guard case .failed(let message) = saving else { return nil }
        return message
    }

    /// The test's standing in review's words.
    public var testStatusLine: String { testStanding.text }

    /// Whether the admin ticked "I understand" under the lockout notice.
    public var isAcknowledged: Bool { acknowledged }

    /// Whether saving needs the lockout notice agreed to: only Forem logs out
    /// the users whose email is unconfirmed once SMTP is on; the other
    /// applications' files carry no such consequence.
    public var asksLockout: Bool {
        environment.storeKind.application == nil
    }

    /// What both wizards say instead of saving when the form holds exactly
    /// what the store does; nil when there is something to save.
    public var unchangedSentence: String? {
        guard isUnchanged else { return nil }
        return "Nothing changed: \(storePath) already holds exactly these settings (revision \(loaded.revision))."
    }

    /// The revision the next save is based on.
    public var revision: Int { baseRevision }

    /// How to undo the save just made, look at the store and read its history,
    /// as label and command; empty before a save.
    public var afterSaveCommands: [(label: String, command: String)] {
        guard let saved, let undo = undoCommand else { return [] }
        // The commands must act on this store, not the default one.
        let store = StoreLocation.flag(for: storeURL)
        let first = saved.previousRevision > 0 ? "" : "   (this was the first save)"
        return [
            ("To undo", undo + first), ("To look", "smtp-setup show\(store)"),
            ("History", "smtp-setup history\(store)"),
        ]
    }

    /// The command that undoes the last save: back to the revision it was
    /// based on, or a reset after the first. nil when no save changed anything.
    public var undoCommand: String? {
        guard let saved, saved.entry != nil else { return nil }
        let store = StoreLocation.flag(for: storeURL)
        return saved.previousRevision > 0
            ? "smtp-setup rollback \(saved.previousRevision)\(store)" : "smtp-setup reset\(store)"
    }

    /// The store as `--store` takes it: an application's file keeps its scheme
    /// (`mastodon:PATH`), or the path alone would be taken for a SQLite file;
    /// Odoo's database URL (`odoo+postgres://…`) has its own.
    public var storeURL: String {
        // The front ends give the store's own location, which already has it.
        guard let application = environment.application,
            !storePath.hasPrefix("\(application.rawValue):"), !storePath.hasPrefix("\(application.rawValue)+")
        else { return storePath }
        return "\(application.rawValue):\(storePath)"
    }

    /// What the last finished test said went wrong, if it failed.
    public var lastDiagnosis: Diagnosis? { test?.outcome?.diagnosis }
}

extension WizardState {
    /// The last save wrote a new revision (not "nothing changed").
    public var saveChangedSomething: Bool { saved?.entry != nil }

}

import Foundation
import SMTPSettings

@testable import Wizard

/// The stored password: no rendered grid may ever contain it.
let storedPassword = "Stored-Secret-9f3k"

let storePath = "/var/lib/smtp-setup/settings.sqlite3"

let savedAt = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00:00 UTC

func entry(_ revision: Int, by user: String = "alice", keys: [SettingKey] = [.address]) -> HistoryEntry {
    HistoryEntry(revision: revision, savedAt: savedAt, savedBy: user, action: "wizard", changedKeys: keys)
}

/// Settings as a previous run saved them: SendGrid, with a password.
let existingSettings = MailSettings([
    .address: "smtp.sendgrid.net", .port: "587", .security: "starttls", .authentication: "plain",
    .userName: "apikey", .password: storedPassword, .fromName: "Example App",
    .fromEmailAddress: "notifications@example.com",
])

func existingStore() -> StoredSettings {
    StoredSettings(settings: existingSettings, revision: 3, latest: entry(3))
}

func emptyStore() -> StoredSettings {
    StoredSettings(settings: MailSettings(), revision: 0, latest: nil)
}

func fresh(
    _ stored: StoredSettings? = emptyStore(), access: StoreAccess = .writable, charset: Charset = .unicode,
    size: Size = .standard, environment: WizardEnvironment = WizardEnvironment()
) -> WizardState {
    WizardState(
        storePath: storePath, access: access, stored: stored, charset: charset, size: size, environment: environment)
}

/// The screen's words as one line: rows trimmed, box edges dropped, so that
/// a check does not depend on where a sentence wraps.
func prose(_ state: WizardState) -> String {
    view(state).text.split(separator: "\n").map {
        $0.trimmingCharacters(in: CharacterSet(charactersIn: " │|"))
    }.filter { !$0.isEmpty }.joined(separator: " ")
}

/// Sends keys one by one and returns every effect they produced.
@discardableResult
func press(_ state: inout WizardState, _ keys: Key...) -> [WizardEffect] {
    keys.flatMap { update(&state, .key($0)) }
}

@discardableResult
func type(_ state: inout WizardState, _ text: String) -> [WizardEffect] {
    text.flatMap { update(&state, .key(.character($0))) }
}

/// Replaces the focused field's text.
func replace(_ state: inout WizardState, with text: String) {
    press(&state, .end, .control("u"))
    type(&state, text)
}

/// The existing store with one change in the form (the sender's name), so that there is something to save.
func editedExisting() -> WizardState {
    var state = fresh(existingStore())
    state.fields[.fromName] = FieldEditor("Example App Mail")
    return state
}

/// A state on `step`, reached by keys from the welcome screen.
func at(_ step: Step, from start: WizardState = editedExisting()) -> WizardState {
    var state = start
    var guardCount = 0
    while state.step < step && guardCount < 20 {
        press(&state, .control("n"))
        guardCount += 1
    }
    return state
}

/// The keys an admin presses for SendGrid on an empty store, ending on the test step.
let sendGridKeys: [Key] =
    [.enter]  // welcome
    + [.enter]  // provider: SendGrid is first on an empty store
    + [.enter, .enter, .enter, .enter]  // server: address, port, security, verify
    + [.enter, .enter]  // authentication, user name (apikey)
    + "SG.new-api-key".map(Key.character) + [.enter]
    + [.enter]  // HELO domain left empty
    + "Example App".map(Key.character) + [.enter]
    + "notifications@example.com".map(Key.character) + [.enter, .enter]

/// A form filled the way an admin would for SendGrid, standing on the test step.
func filledForSendGrid(_ state: inout WizardState) {
    for key in sendGridKeys { _ = update(&state, .key(key)) }
}

/// The real run of a passing test (see Recorded).
func runPassingTest(_ state: inout WizardState) {
    replay(Recorded.passed, into: &state)
}

/// The real diagnosis of a refused password.
let wrongPassword = Recorded.diagnosis(Recorded.wrongPassword)

/// The real run of a test whose password the server refused.
func runFailingTest(_ state: inout WizardState) {
    replay(Recorded.wrongPassword, into: &state)
}

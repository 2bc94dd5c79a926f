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

let passingPhases: [(String, Int)] = [
    ("DNS", 4), ("TCP connect", 21), ("Greeting", 88), ("EHLO", 23), ("STARTTLS", 19), ("TLS handshake", 64),
    ("EHLO after TLS", 22), ("AUTH PLAIN", 131), ("QUIT", 18),
]

func runPassingTest(_ state: inout WizardState) {
    for (name, ms) in passingPhases {
        _ = update(&state, .testPhase(name: name, status: .running, milliseconds: nil))
        _ = update(&state, .testPhase(name: name, status: .passed, milliseconds: ms))
    }
    let transcript: [(TranscriptDirection, String)] = [
        (.received, "220 smtp.sendgrid.net ESMTP service ready"), (.sent, "EHLO app.example.com"),
        (.received, "250-smtp.sendgrid.net"), (.received, "250-8BITMIME"), (.received, "250-STARTTLS"),
        (.received, "250 SIZE 31457280"), (.sent, "STARTTLS"), (.received, "220 Begin TLS negotiation now"),
        (.sentTLS, "EHLO app.example.com"), (.receivedTLS, "250-smtp.sendgrid.net"),
        (.receivedTLS, "250-AUTH PLAIN LOGIN"), (.receivedTLS, "250 SIZE 31457280"),
        (.sentTLS, "AUTH PLAIN ********"), (.receivedTLS, "235 Authentication successful"),
        (.sentTLS, "QUIT"), (.receivedTLS, "221 See you later"),
    ]
    for (direction, text) in transcript { _ = update(&state, .testTranscript(direction, text)) }
    _ = update(
        &state,
        .testFinished(
            .passed(
                certificate: "smtp.sendgrid.net, issued by Let's Encrypt R11, valid until 2026-03-30")))
}

let wrongPassword = TestDiagnosis(
    classID: "auth-rejected", title: "The server refused the user name or password (535)",
    explanation:
        "The server answered 535 5.7.8 to AUTH PLAIN: it does not accept this user name and password. "
        + "For SendGrid the user name is always apikey and the password is an API key.",
    fix: "Enter the API key again as the password, and check that it has the Mail Send permission.",
    setting: .password)

func runFailingTest(_ state: inout WizardState) {
    for (name, ms) in passingPhases.prefix(7) {
        _ = update(&state, .testPhase(name: name, status: .running, milliseconds: nil))
        _ = update(&state, .testPhase(name: name, status: .passed, milliseconds: ms))
    }
    _ = update(&state, .testPhase(name: "AUTH PLAIN", status: .running, milliseconds: nil))
    _ = update(&state, .testTranscript(.received, "220 smtp.sendgrid.net ESMTP service ready"))
    _ = update(&state, .testTranscript(.sentTLS, "AUTH PLAIN ********"))
    _ = update(&state, .testTranscript(.receivedTLS, "535 5.7.8 Authentication failed: Bad username / password"))
    _ = update(&state, .testPhase(name: "AUTH PLAIN", status: .failed, milliseconds: 140))
    _ = update(&state, .testFinished(.failed(wrongPassword, certificate: nil)))
}

// Module Wizard: the one wizard core both front ends drive, with no I/O.
// Holds WizardState, the intents and messages that change it (update), the
// effects it asks for (run the test, save, reload), its data for any front
// end (questions, review summary, welcome, test standing), and the
// full-screen view: keymap -> intents, view(state) -> CellGrid.
// May import: SMTPSettings and Foundation's value types ProbeModel (the probe's
// NIO-free value types), and Synchronization for the two process-wide tables
// that keep results only (GraphemeTable, TextWidth's wrapped prose): the view
// stays a function of the state. Never curses, sockets, files or the database:
// the executable carries out the effects and sends the results back.

import ProbeModel
import SMTPSettings

/// Everything the wizard shows, as a value: the screen is a function of
/// it, and only `update` changes it.
public struct WizardState: Equatable, Sendable {
    public internal(set) var storePath: String
    public internal(set) var environment: WizardEnvironment
    /// Whether the welcome still proposes stores (none was named) or one is in use.
    var storeChoosing: StoreChoosing
    public internal(set) var storeAccess: StoreAccess
    public var charset: Charset
    public internal(set) var size: Size
    public internal(set) var step: Step
    /// The furthest step reached; every step up to it can be revisited.
    var furthest: Step

    /// The settings as loaded: the base of the form and of the next save.
    var loaded: StoredSettings
    /// The store could not be read: `loaded` is empty for that, not because nothing is saved.
    var storeUnread = false
    /// The last address a real test message was sent to.
    var lastSentTo: String?
    var baseRevision: Int
    var fields: [SettingKey: FieldEditor]
    var focus: SettingKey?
    /// Problems shown beside fields, recorded as the admin leaves each one.
    var problems: [SettingKey: [SettingProblem]] = [:]
    var revealPassword = false

    var providerIndex = 0
    /// The Amazon SES region the preset uses: the stored one, or the first.
    public internal(set) var sesRegion = Provider.sesRegions[0]

    var notice: Notice?
    var prompt: Prompt?
    var test: TestRun?
    /// The settings of the last test that passed: saving anything else asks first.
    var lastPassed: MailSettings?
    var detect: DetectRun?
    var pane: TestPane = .transcript

    /// The first body line on screen, for steps taller than the window.
    var scroll = 0
    /// The key list over the step (F1 or ?), while it is open.
    var help: HelpOverlay?

    var acknowledged = false
    var saving: SaveState = .idle
    var saved: SavedResult?
    /// Running what makes the application read the save (clearing Forem's
    /// cache, restarting Mastodon…), when offered and asked for.
    var afterSaveRun: AfterSaveRun = .notAsked
    /// The application's user as the admin answered the owner question.
    var ownerAnswer: String?
    var spinnerFrame = 0

    /// `stored` is nil when the store could not be read; the form then starts empty.
    public init(
        storePath: String, access: StoreAccess, stored: StoredSettings?, charset: Charset = .unicode,
        size: Size = .standard, environment: WizardEnvironment = WizardEnvironment()
    ) {
        self.storePath = storePath
        self.environment = environment
        storeChoosing = environment.storeChoices.isEmpty ? .chosen : .choosing(0)
        storeAccess = access
        self.charset = charset
        self.size = size
        step = .welcome
        furthest = .welcome
        storeUnread = stored == nil
        let stored = stored ?? StoredSettings(settings: MailSettings(), revision: 0, latest: nil)
        loaded = stored
        baseRevision = stored.revision
        fields = Self.fields(from: stored.settings)
        if let (_, region) = Provider.matching(stored.settings), let region, Provider.sesRegions.contains(region) {
            sesRegion = region
        }
    }

    /// One `.tick` stands for this much time: the countdowns count ticks.
    public static let tickMilliseconds = 125

    /// True while something runs that the spinner should show: send `.tick`
    /// every `tickMilliseconds` only then, so an idle wizard costs no CPU.
    public var isBusy: Bool {
        let detecting = detect != nil && detect?.lines == nil
        return test?.isRunning == true || detecting || saving == .saving || saving == .reloading
            || afterSaveRun == .running || isOpeningStore
    }

    static func fields(from settings: MailSettings) -> [SettingKey: FieldEditor] {
        var fields: [SettingKey: FieldEditor] = [:]
        for key in SettingKey.allCases where key != .password {
            fields[key] = FieldEditor(settings.effective(key) ?? "")
        }
        // The stored password never enters a field: it is kept aside and never drawn.
        fields[.password] = FieldEditor()
        return fields
    }

    func text(_ key: SettingKey) -> String { fields[key]?.text ?? "" }

    /// The form as a draft: the rules of which fields apply, which
    /// defaults and secrets are kept, and where the stored password goes.
    public var draft: SettingsDraft {
        var draft = SettingsDraft(stored: loaded.settings, application: environment.application)
        for (key, editor) in fields { draft.set(key, editor.text) }
        return draft
    }

    /// The settings the form describes now: what a test runs and a save writes.
    public var settings: MailSettings { draft.settings }

    var passwordEdited: Bool { draft.passwordEdited }
    var hasStoredPassword: Bool { draft.hasStoredPassword }
    var passwordLeftBehind: Bool { draft.passwordLeftBehind }

    /// The name the test introduces itself with (EHLO).
    var heloName: String {
        let domain = text(.domain).trimmingCharacters(in: .whitespaces)
        let delivery = environment.delivery
        // The application's own default when the domain is empty; one only it knows is named.
        if let name = delivery.heloName(domain: domain, machineName: environment.machineName) { return name }
        if case .setting(let setting) = delivery.heloDefault { return "its \(setting)" }
        return environment.machineName
    }

    /// Nothing in the form differs from the store: saving would change nothing.
    public var isUnchanged: Bool {
        (loaded.revision > 0 || !loaded.settings.isEmpty) && draft.isUnchanged
    }

    var usesLogin: Bool { applies(.userName) }

    /// Whether `key` is asked given the other fields: the draft's rule, read
    /// from the fields without building the draft (every key asks it).
    func applies(_ key: SettingKey) -> Bool {
        SettingsDraft.applies(
            key, authentication: text(.authentication), security: text(.security),
            application: environment.application)
    }

    /// The fields of `step` the admin can move through: those that apply given the others.
    func focusable(_ step: Step) -> [SettingKey] {
        step.keys.filter(applies)
    }

    public var providers: [Provider] { Provider.choices(hasSettings: !loaded.settings.isEmpty) }

    /// The highlighted provider; the list can shrink when the store is reloaded.
    var selectedProvider: Provider {
        let providers = self.providers
        return providers[min(max(0, providerIndex), providers.count - 1)]
    }

    /// The provider whose server the form uses now, for its hints.
    public var currentProvider: Provider? {
        currentProviderID.flatMap { id in Provider.all.first { $0.id == id } }
    }

    /// Which one it is, without copying the preset: the server step asks on every typed key.
    var currentProviderID: Provider.ID? {
        // From the one field the match reads, where building the whole settings would cost more than the match.
        guard applies(.address) else { return nil }
        return Provider.matching(address: text(.address))?.0
    }
}

/// The state holds the password; a log line or a failing test's message
/// that prints the state must not.
extension WizardState: CustomStringConvertible {
    public var description: String {
        "WizardState(step: \(step), size: \(size.width)x\(size.height), store: \(storePath), "
            + "revision: \(baseRevision), busy: \(isBusy))"
    }
}

struct HelpOverlay: Equatable, Sendable {
    var scroll = 0
}

struct TestPhase: Equatable, Sendable {
    var phase: ProbePhase
    var status: PhaseStatus
    var milliseconds: Int?
    /// How long the phase may take, and the tick it started at: a silent
    /// server shows a countdown instead of a spinner that seems to hang.
    var limitSeconds: Double?
    var startedAtTick = 0

    var name: String { phase.title }

    init(_ phase: ProbePhase, status: PhaseStatus, milliseconds: Int?) {
        self.phase = phase
        self.status = status
        self.milliseconds = milliseconds
    }

    /// Whole seconds left at `tick`, for a running phase with a limit.
    func secondsLeft(at tick: Int) -> Int? {
        guard status == .running, let limitSeconds else { return nil }
        let elapsed = Double(tick &- startedAtTick) * Double(WizardState.tickMilliseconds) / 1000
        return max(0, Int((limitSeconds - elapsed).rounded(.up)))
    }
}

struct TestRun: Equatable, Sendable {
    var settings: MailSettings
    var sendTo: String?
    var phases: [TestPhase] = []
    var transcript: [TranscriptLine] = []
    var outcome: ProbeOutcome?
    var cancelled = false
    /// Lines scrolled back from the newest; 0 follows the transcript as it grows.
    var scroll = 0

    var isRunning: Bool { outcome == nil && !cancelled }
    var passed: Bool { outcome?.passed == true }
}

struct DetectRun: Equatable, Sendable {
    var host: String
    var lines: [String]?
    var recommendation: [SuggestedValue] = []
}

enum TestPane: Equatable, Sendable {
    case transcript
    case detect
}

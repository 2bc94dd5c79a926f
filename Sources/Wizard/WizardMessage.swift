import SMTPSettings

/// Everything that can happen to the wizard: keys and resizes from the
/// terminal, and the results of the effects the executable carried out.
public enum WizardMessage: Equatable, Sendable {
    case key(Key)
    case resized(Size)
    /// Advances the spinner; sent a few times a second while `WizardState.isBusy`.
    case tick
    /// A phase of the live test started (`.running`, no time yet, and the
    /// seconds it may take, for a countdown) or ended.
    case testPhase(name: String, status: TestPhaseStatus, milliseconds: Int?, limitSeconds: Double? = nil)
    /// One redacted transcript line.
    case testTranscript(TranscriptDirection, String)
    case testFinished(TestOutcome)
    /// What `detect` learned about the host, one finding a line, and the
    /// settings it recommends (empty when no port is usable).
    case detectFinished([String], recommendation: [SuggestedValue] = [])
    /// Saved; `readability` says whether the application's user can read the store now.
    case saved(HistoryEntry, readability: StoreReadability? = nil)
    /// The store found nothing to change (its save returned nil).
    case savedUnchanged
    case saveFailed(StoreError)
    case reloaded(StoredSettings)
    /// What the after-save offer's command gave.
    case afterSaveRan(AfterSaveResult)
    /// The store chosen on the welcome step, opened and loaded.
    case storeOpened(OpenedStore)
    /// The store chosen on the welcome step could not be opened: why, in words.
    case storeOpenFailed(String)
}

public enum TestPhaseStatus: Equatable, Sendable {
    case running
    case passed
    case failed
    /// Not run, because an earlier phase failed or it was not asked for.
    case skipped
}

/// Who said a transcript line, and whether it travelled inside TLS.
public enum TranscriptDirection: Equatable, Sendable {
    case sent
    case received
    case sentTLS
    case receivedTLS
    /// The probe's own remark, e.g. "TLS established".
    case note
}

/// What went wrong, in words, and which setting to change.
public struct TestDiagnosis: Equatable, Sendable {
    /// A stable name for the failure class, like `auth-rejected`.
    public var classID: String
    public var title: String
    public var explanation: String
    public var fix: String
    /// The field the fix-it key jumps to; nil when no setting is to blame.
    public var setting: SettingKey?
    /// Values the fix-it key puts in, where the failure leaves no doubt
    /// (TLS spoken to a plain port: STARTTLS); empty when it only points.
    public var suggestion: [SuggestedValue]

    public init(
        classID: String, title: String, explanation: String, fix: String, setting: SettingKey?,
        suggestion: [SuggestedValue] = []
    ) {
        self.classID = classID
        self.title = title
        self.explanation = explanation
        self.fix = fix
        self.setting = setting
        self.suggestion = suggestion
    }
}

/// One setting and the value a diagnosis or detect proposes for it.
public struct SuggestedValue: Equatable, Sendable {
    public var key: SettingKey
    public var value: String

    public init(_ key: SettingKey, _ value: String) {
        self.key = key
        self.value = value
    }
}

public enum TestOutcome: Equatable, Sendable {
    /// `certificate` summarises the server's certificate when TLS was used;
    /// `onlyWithCAFile`: it was trusted only through `--ca-file`, which the
    /// application does not have.
    case passed(certificate: String?, onlyWithCAFile: Bool = false)
    case failed(TestDiagnosis, certificate: String?)

    public var certificate: String? {
        switch self {
        case .passed(let certificate, _), .failed(_, let certificate): certificate
        }
    }

    /// The pass leaned on a CA the application will not trust.
    public var passedOnlyWithCAFile: Bool {
        if case .passed(_, true) = self { return true }
        return false
    }

    public var diagnosis: TestDiagnosis? {
        if case .failed(let diagnosis, _) = self { return diagnosis }
        return nil
    }
}

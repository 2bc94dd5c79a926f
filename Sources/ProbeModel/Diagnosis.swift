/// A failure in words: what went wrong, why it usually happens, what to
/// change, and which setting that is.
public struct Diagnosis: Equatable, Sendable, Codable {
    public var diagnosisClass: DiagnosisClass
    public var title: String
    public var explanation: String
    public var fix: String
    /// The setting to change; nil when no setting is to blame.
    public var setting: SettingName?
    /// Values the fix-it key puts in, where the failure leaves no doubt
    /// (TLS spoken to a plain port: STARTTLS); empty when it only points.
    public var suggestion: [SuggestedValue]
    /// The transcript lines that show it.
    public var evidence: [String]

    public init(
        _ diagnosisClass: DiagnosisClass, title: String, explanation: String, fix: String, setting: SettingName?,
        suggestion: [SuggestedValue] = [], evidence: [String] = []
    ) {
        self.diagnosisClass = diagnosisClass
        self.title = title
        self.explanation = explanation
        self.fix = fix
        self.setting = setting
        self.suggestion = suggestion
        self.evidence = evidence
    }
}

/// One setting and the value a diagnosis or detect proposes for it.
public struct SuggestedValue: Equatable, Sendable, Codable {
    public var key: SettingName
    public var value: String

    public init(_ key: SettingName, _ value: String) {
        self.key = key
        self.value = value
    }
}

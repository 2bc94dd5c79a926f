/// The problems every application format shares.
enum FormatProblems {
    /// A warning for each value the admin set that the application has no
    /// setting for: saved nowhere, so never silently taken as saved. A value
    /// equal to the key's default says nothing and is passed over.
    static func unused(by format: some ConfigFileFormat, in settings: MailSettings) -> [SettingProblem] {
        settings.setKeys.filter { !format.usedKeys.contains($0) && settings[$0] != $0.defaultValue }.map {
            SettingProblem(
                $0, .warning, "is not used by \(format.application.title): it has no setting for it.",
                fix: "Clear it, or set it in \(format.application.title) itself.")
        }
    }
}

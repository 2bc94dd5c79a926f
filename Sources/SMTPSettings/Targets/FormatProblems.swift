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

    /// For applications that keep the sender's name and address in one
    /// setting: a name alone cannot be saved. Said of the address, the field
    /// asked after the name, so that typing the name first is not refused.
    static func nameWithoutAddress(for application: Application, in settings: MailSettings) -> [SettingProblem] {
        guard settings.fromName != nil, settings.fromEmailAddress == nil else { return [] }
        return [
            SettingProblem(
                .fromEmailAddress,
                "is needed with a from name: \(application.title) keeps the name and the address in one setting.",
                fix: "Enter the from address, or clear the from name.")
        ]
    }

    /// For applications whose mail library picks the AUTH mechanism itself:
    /// plain means "log in", none "no login"; naming another mechanism would
    /// be saved nowhere, so it is refused before the test. `how` says who picks.
    static func mechanismChosenByApplication(
        _ application: Application, _ how: String, in settings: MailSettings
    ) -> [SettingProblem] {
        guard let mechanism = settings[.authentication], mechanism != Authentication.plain.rawValue,
            mechanism != Authentication.none.rawValue
        else { return [] }
        return [
            SettingProblem(
                .authentication, "is chosen by \(application.title) itself: \(how)",
                fix: "Leave authentication as plain (or none for no login).")
        ]
    }
}

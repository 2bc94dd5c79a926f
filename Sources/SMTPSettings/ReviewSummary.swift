/// What review shows before a save, as data: both wizards render these
/// rows and warnings in their own way, with the same words.
public struct ReviewSummary: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public let label: String
        public let value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// Server, login, HELO domain, sender and reply-to, in that order.
    public var rows: [Row]
    /// The settings' warnings, each a sentence and its fix.
    public var warnings: [String]

    public init(rows: [Row], warnings: [String]) {
        self.rows = rows
        self.warnings = warnings
    }
}

extension SettingsDraft {
    /// The review's rows for these settings. `machineName` is what an empty
    /// HELO domain sends.
    public func summary(machineName: String, store: StoreKind = .embedded) -> ReviewSummary {
        let settings = self.settings
        var server = settings.serverPhrase
        if settings.security != Security.none && !settings.verifyCertificate { server += ", certificate not checked" }
        let login: String
        if let method = settings.authentication, method != .none {
            let user = settings.userName.map { "user \($0)" } ?? "no user name"
            // The password is only ever described, never shown.
            login = "\(method.rawValue), \(user), \(passwordState)"
        } else {
            login = "none (no login)"
        }
        let from: String
        switch (settings.fromName, settings.fromEmailAddress) {
        case (let name?, let address?): from = "\(name) <\(address)>"
        case (nil, let address?): from = address
        case (let name?, nil): from = "\(name) (no address)"
        case (nil, nil): from = "(not set)"
        }
        let rows = [
            ReviewSummary.Row("Server", server),
            ReviewSummary.Row("Login", login),
            ReviewSummary.Row(
                "HELO domain",
                unusedReason(.domain) ?? settings.domain
                    ?? "(empty: \(application?.delivery.emptyHeloPhrase ?? "this machine's name, \(machineName)"))"),
            ReviewSummary.Row("From", from),
            ReviewSummary.Row(
                "Reply-to", unusedReason(.replyToEmailAddress) ?? settings.replyToEmailAddress ?? "(none)"),
        ]
        // A field that does not apply is not asked, so its warning would point nowhere.
        let warnings = SettingsValidator.problems(in: settings, store: store).filter {
            $0.severity == .warning && applies($0.key)
        }
        return ReviewSummary(rows: rows, warnings: warnings.map { "\($0.sentence) \($0.fix)" })
    }
}

extension MailSettings {
    /// "smtp.example.com port 587, STARTTLS": the server in one phrase.
    public var serverPhrase: String {
        let host = address ?? "(no server)"
        let port = effective(.port) ?? "?"
        let security = self.security?.title ?? effective(.security) ?? "?"
        return "\(host) port \(port), \(security)"
    }
}

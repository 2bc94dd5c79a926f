/// Discourse's `containers/app.yml`: the `env:` section's DISCOURSE_SMTP_*
/// keys and DISCOURSE_NOTIFICATION_EMAIL, which `./launcher` passes to the
/// container as environment variables.
///
/// Edited line by line: the file is a person's, with comments, examples and
/// other sections that a YAML round trip would lose.
public struct DiscourseFormat: ConfigFileFormat {
    public init() {}

    public var application: Application { .discourse }

    /// Discourse takes the sender's name from its site title and has no
    /// reply-to for system mail.
    public var usedKeys: Set<SettingKey> {
        Set(SettingKey.allCases).subtracting([.fromName, .replyToEmailAddress])
    }

    /// The keys in the order a new block is written.
    static let names = [
        "DISCOURSE_SMTP_ADDRESS", "DISCOURSE_SMTP_PORT", "DISCOURSE_SMTP_USER_NAME", "DISCOURSE_SMTP_PASSWORD",
        "DISCOURSE_SMTP_DOMAIN", "DISCOURSE_SMTP_AUTHENTICATION", "DISCOURSE_SMTP_ENABLE_START_TLS",
        "DISCOURSE_SMTP_FORCE_TLS", "DISCOURSE_SMTP_OPENSSL_VERIFY_MODE", "DISCOURSE_NOTIFICATION_EMAIL",
    ]

    /// Each key's value for `settings`; nil: the key is not set.
    static func values(for settings: MailSettings) -> [String: String] {
        // A reset: no key at all, so Discourse sends no mail through SMTP.
        guard !settings.isEmpty else { return [:] }
        let security = settings.security ?? .starttls
        let logsIn = settings.authentication != Authentication.none
        let values: [String: String?] = [
            "DISCOURSE_SMTP_ADDRESS": settings.address,
            "DISCOURSE_SMTP_PORT": settings.effective(.port),
            "DISCOURSE_SMTP_USER_NAME": logsIn ? settings.userName : nil,
            "DISCOURSE_SMTP_PASSWORD": logsIn ? settings.password : nil,
            "DISCOURSE_SMTP_DOMAIN": settings.domain,
            "DISCOURSE_SMTP_AUTHENTICATION": logsIn ? settings.effective(.authentication) : nil,
            // Mail's enable_starttls_auto: STARTTLS whenever the server offers it.
            "DISCOURSE_SMTP_ENABLE_START_TLS": security == .starttls ? "true" : "false",
            "DISCOURSE_SMTP_FORCE_TLS": security == .tls ? "true" : "false",
            "DISCOURSE_SMTP_OPENSSL_VERIFY_MODE": settings.verifyCertificate ? "peer" : "none",
            "DISCOURSE_NOTIFICATION_EMAIL": settings.fromEmailAddress,
        ]
        return values.compactMapValues { $0 }
    }

    /// The settings Discourse uses, from the values the launcher passes.
    static func settings(from values: [String: String]) -> MailSettings {
        var settings = MailSettings()
        guard names.contains(where: { values[$0] != nil }) else { return settings }
        settings[.address] = values["DISCOURSE_SMTP_ADDRESS"]
        settings[.port] = values["DISCOURSE_SMTP_PORT"]
        settings[.domain] = values["DISCOURSE_SMTP_DOMAIN"]
        settings[.fromEmailAddress] = values["DISCOURSE_NOTIFICATION_EMAIL"]
        if let user = values["DISCOURSE_SMTP_USER_NAME"] {
            settings[.userName] = user
            settings[.password] = values["DISCOURSE_SMTP_PASSWORD"]
            settings[.authentication] = values["DISCOURSE_SMTP_AUTHENTICATION"]
        } else {
            // Without a user name Discourse's mailer does not log in.
            settings[.authentication] = Authentication.none.rawValue
        }
        let startTLS = values["DISCOURSE_SMTP_ENABLE_START_TLS"]
        let forceTLS = values["DISCOURSE_SMTP_FORCE_TLS"]
        if forceTLS == "true" {
            settings[.security] = Security.tls.rawValue
        } else if startTLS == "false" {
            settings[.security] = Security.none.rawValue
        } else if startTLS != nil || forceTLS != nil {
            settings[.security] = Security.starttls.rawValue
        }
        if let mode = values["DISCOURSE_SMTP_OPENSSL_VERIFY_MODE"] {
            settings[.verifyCertificate] = mode == "none" ? "false" : "true"
        }
        return settings
    }

    public func read(_ text: String) throws(ConfigFileError) -> MailSettings {
        let found = try DiscourseEnvSection.values(in: text)
        var values: [String: String] = [:]
        for name in Self.names {
            if let text = found[name]?.text { values[name] = text }
        }
        return Self.settings(from: values)
    }

    public func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String {
        let file = LineFile(text)
        let section = try DiscourseEnvSection(file)
        let values = Self.values(for: settings)
        var edits: [LineEdit] = []
        var appended: [String] = []
        for name in Self.names {
            let keyed = section.lines(of: name, in: file)
            let line = values[name].map { section.indentation + name + ": " + DiscourseEnvSection.doubleQuoted($0) }
            // A one-line entry keeps the comment after its value.
            let comment = keyed.active.last.flatMap {
                $0.count == 1 ? DiscourseEnvSection.trailingComment(of: file[$0.lowerBound]) : nil
            }
            edits += keyed.edits(
                replacing: line.map { $0 + (comment ?? "") }, inserting: line, in: file
            ) { appended.append($0) }
        }
        if !appended.isEmpty {
            let point = section.appendPoint(after: Set(Self.names), in: file)
            edits.append(LineEdit(lines: point..<point, replacement: appended))
        }
        return file.applying(edits)
    }

    public func problems(in settings: MailSettings) -> [SettingProblem] {
        var problems = FormatProblems.unused(by: self, in: settings)
        let values = Self.values(for: settings)
        let written: [(SettingKey, String)] = [
            (.address, "DISCOURSE_SMTP_ADDRESS"), (.port, "DISCOURSE_SMTP_PORT"),
            (.userName, "DISCOURSE_SMTP_USER_NAME"), (.password, "DISCOURSE_SMTP_PASSWORD"),
            (.domain, "DISCOURSE_SMTP_DOMAIN"), (.fromEmailAddress, "DISCOURSE_NOTIFICATION_EMAIL"),
        ]
        for (key, name) in written {
            guard let value = values[name] else { continue }
            problems += Self.launcherProblems(key, value)
        }
        return problems
    }

    /// What `./launcher` does not pass on as written: it reads each
    /// `NAME=value` line with the shell's `read` (which drops backslashes and
    /// trailing blanks) and expands `{{…}}` as its own template syntax.
    static func launcherProblems(_ key: SettingKey, _ value: String) -> [SettingProblem] {
        let what = key == .password ? "the password" : "this value"
        if value.contains("\\") {
            return [
                SettingProblem(
                    key, "contains a backslash, which Discourse's launcher removes before Discourse sees it.",
                    fix: "Use \(what) without \\ (for a password, ask the provider for one without it).")
            ]
        }
        if value.contains("{{") {
            return [
                SettingProblem(
                    key, "contains '{{', which Discourse's launcher reads as its own template syntax.",
                    fix: "Use \(what) without {{ (for a password, ask the provider for one without it).")
            ]
        }
        if let last = value.unicodeScalars.last, last == " " || last == "\t" {
            return [
                SettingProblem(
                    key, "ends with a space, which Discourse's launcher cuts off.",
                    fix: "Remove the trailing space (for a password, ask the provider for one without it).")
            ]
        }
        return []
    }
}

/// Gitea's (and Forgejo's) `app.ini`: the `[mailer]` section, read with
/// go-ini when Gitea starts.
///
/// Edited by lines: other sections, comments and order are kept. Gitea
/// picks the AUTH mechanism itself (CRAM-MD5, PLAIN or LOGIN, from what the
/// server offers) and has no reply-to for its mail: neither is asked.
public struct GiteaFormat: ConfigFileFormat {
    public init() {}

    public var application: Application { .gitea }

    public var usedKeys: Set<SettingKey> {
        Set(SettingKey.allCases).subtracting([.authentication, .replyToEmailAddress])
    }

    static let names = [
        "ENABLED", "PROTOCOL", "SMTP_ADDR", "SMTP_PORT", "USER", "PASSWD", "FROM", "FORCE_TRUST_SERVER_CERT",
        "HELO_HOSTNAME",
    ]

    /// Each key's value for `settings`; absent: the key is not set.
    static func values(for settings: MailSettings) -> [String: String] {
        // A reset: no key at all, so the mailer is off (ENABLED's default).
        guard !settings.isEmpty else { return [:] }
        let logsIn = settings.authentication != Authentication.none
        // smtp+starttls refuses a server without STARTTLS; smtp never upgrades.
        let protocolName =
            switch settings.security ?? .starttls {
            case .starttls: "smtp+starttls"
            case .tls: "smtps"
            case .none: "smtp"
            }
        var values = [
            "ENABLED": "true", "PROTOCOL": protocolName,
            "FORCE_TRUST_SERVER_CERT": settings.verifyCertificate ? "false" : "true",
        ]
        values["SMTP_ADDR"] = settings.address
        values["SMTP_PORT"] = settings.effective(.port)
        if logsIn {
            values["USER"] = settings.userName
            values["PASSWD"] = settings.password
        }
        values["FROM"] = settings.fromEmailAddress.map { SenderText.compose(name: settings.fromName, address: $0) }
        values["HELO_HOSTNAME"] = settings.domain
        return values
    }

    /// Keys of Gitea before 1.18, which Gitea still maps when it starts
    /// (modules/setting/mailer.go): `HOST = host:port` when SMTP_ADDR is not
    /// set, `MAILER_TYPE = sendmail` when PROTOCOL is not. A save writes the
    /// new keys and removes these.
    static let legacyNames = ["HOST", "MAILER_TYPE"]

    static func mappingLegacyKeys(_ found: [String: String]) -> [String: String] {
        var values = found
        if values["SMTP_ADDR"] == nil, let host = values["HOST"] {
            let (address, port) = splitHostPort(host)
            values["SMTP_ADDR"] = address.isEmpty ? "127.0.0.1" : address
            if values["SMTP_PORT"] == nil { values["SMTP_PORT"] = port }
        }
        if values["PROTOCOL"] == nil, values["MAILER_TYPE"] == "sendmail" { values["PROTOCOL"] = "sendmail" }
        return values
    }

    /// Go's `net.SplitHostPort`, with a missing port allowed as Gitea allows it.
    static func splitHostPort(_ text: String) -> (String, String?) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let rest = text[text.index(after: close)...]
            return (
                String(text[text.index(after: text.startIndex)..<close]),
                rest.hasPrefix(":") ? String(rest.dropFirst()) : nil
            )
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : (text, nil)
    }

    /// go-ini refuses a section line without its `]` ("unclosed section"),
    /// so Gitea would not start: this refuses it too, before anything else
    /// (a save would otherwise add a second [mailer]).
    static func checkSections(in file: LineFile) throws(ConfigFileError) {
        for index in 0..<file.count {
            let line = file[index].drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("["), !line.contains("]") {
                throw ConfigFileError(
                    line: index + 1, "has a section line without its closing ], which Gitea cannot start with.",
                    fix: "Close it (as in [mailer]), then try again.")
            }
        }
    }

    public func read(_ text: String) throws(ConfigFileError) -> MailSettings {
        let file = LineFile(text)
        try Self.checkSections(in: file)
        let values = Self.mappingLegacyKeys(try GoINISection("mailer", in: file).values(in: file))
        var settings = MailSettings()
        guard Self.names.dropFirst().contains(where: { values[$0] != nil }) else { return settings }
        settings[.address] = values["SMTP_ADDR"]
        settings[.port] = values["SMTP_PORT"]
        // Without PROTOCOL Gitea goes by the port.
        let protocolName = values["PROTOCOL"] ?? (values["SMTP_PORT"] == "465" ? "smtps" : "smtp+starttls")
        switch protocolName {
        case "smtps": settings[.security] = Security.tls.rawValue
        case "smtp+starttls": settings[.security] = Security.starttls.rawValue
        case "smtp": settings[.security] = Security.none.rawValue
        // sendmail, dummy, smtp+unix: no SMTP server to configure.
        default: return MailSettings()
        }
        if let user = values["USER"], !user.isEmpty {
            settings[.userName] = user
            settings[.password] = values["PASSWD"]
        } else {
            settings[.authentication] = Authentication.none.rawValue
        }
        if let from = values["FROM"] {
            let (name, address) = SenderText.parse(from)
            settings[.fromName] = name
            settings[.fromEmailAddress] = address
        }
        settings[.domain] = values["HELO_HOSTNAME"]
        settings[.verifyCertificate] = values["FORCE_TRUST_SERVER_CERT"]?.lowercased() == "true" ? "false" : "true"
        return settings
    }

    public func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String {
        let file = LineFile(text)
        try Self.checkSections(in: file)
        let section = GoINISection("mailer", in: file)
        let values = Self.values(for: settings)
        var edits: [LineEdit] = []
        var appended: [String] = []
        for name in Self.names + Self.legacyNames {
            let keyed = section.lines(of: name, in: file)
            let line = values[name].map { name + " = " + GoINISection.source($0) }
            let indented = keyed.active.last.map { LineFile.indentation(of: file[$0.lowerBound]) } ?? ""
            edits += keyed.edits(replacing: line.map { indented + $0 }, inserting: line, in: file) {
                appended.append($0)
            }
        }
        if !appended.isEmpty {
            if let point = section.appendPoint(in: file) {
                edits.append(LineEdit(lines: point..<point, replacement: appended))
            } else {
                let separator = file.count > 0 && !LineFile.isBlank(file[file.count - 1]) ? [""] : []
                edits.append(LineEdit(lines: file.count..<file.count, replacement: separator + ["[mailer]"] + appended))
            }
        }
        return file.applying(edits)
    }

    public func problems(in settings: MailSettings) -> [SettingProblem] {
        var problems = FormatProblems.unused(by: self, in: settings).filter { $0.key != .authentication }
        problems += FormatProblems.mechanismChosenByApplication(
            application, "CRAM-MD5, PLAIN or LOGIN, from what the server offers.", in: settings)
        problems += FormatProblems.nameWithoutAddress(for: application, in: settings)
        return problems
    }
}

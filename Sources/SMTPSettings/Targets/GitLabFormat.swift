import Foundation

/// GitLab Omnibus's `/etc/gitlab/gitlab.rb`: `gitlab_rails['smtp_…']` and
/// `gitlab_rails['gitlab_email_…']` assignments, Ruby that `gitlab-ctl
/// reconfigure` evaluates.
///
/// The shipped file has every key commented out as an example: the real
/// line goes right after its example, which stays; a key already set is
/// replaced where it is; a key with neither goes at the end, under a
/// comment naming this tool.
public struct GitLabFormat: ConfigFileFormat {
    public init() {}

    public var application: Application { .gitlab }

    public var usedKeys: Set<SettingKey> { Set(SettingKey.allCases) }

    /// The keys in the order a new block is written.
    static let names = [
        "smtp_enable", "smtp_address", "smtp_port", "smtp_user_name", "smtp_password", "smtp_domain",
        "smtp_authentication", "smtp_enable_starttls_auto", "smtp_tls", "smtp_openssl_verify_mode",
        "gitlab_email_from", "gitlab_email_display_name", "gitlab_email_reply_to",
    ]

    /// The comment above keys this tool adds at the end of the file.
    static let marker = "# Outgoing mail (SMTP), set by smtp-setup"

    /// Each key's value for `settings`; absent: the key is not set.
    static func values(for settings: MailSettings) -> [String: RubyLiteral] {
        // A reset: no key at all, so GitLab's smtp_enable is its default, false.
        guard !settings.isEmpty else { return [:] }
        let security = settings.security ?? .starttls
        let logsIn = settings.authentication != Authentication.none
        let port = settings.effective(.port).map { text in Int(text).map(RubyLiteral.integer) ?? .string(text) }
        let values: [String: RubyLiteral?] = [
            "smtp_enable": .bool(true),
            "smtp_address": settings.address.map(RubyLiteral.string),
            "smtp_port": port,
            "smtp_user_name": logsIn ? settings.userName.map(RubyLiteral.string) : nil,
            "smtp_password": logsIn ? settings.password.map(RubyLiteral.string) : nil,
            "smtp_domain": settings.domain.map(RubyLiteral.string),
            "smtp_authentication": logsIn ? settings.effective(.authentication).map(RubyLiteral.string) : nil,
            // Mail's enable_starttls_auto: STARTTLS whenever the server offers it.
            "smtp_enable_starttls_auto": .bool(security == .starttls),
            "smtp_tls": .bool(security == .tls),
            "smtp_openssl_verify_mode": .string(settings.verifyCertificate ? "peer" : "none"),
            "gitlab_email_from": settings.fromEmailAddress.map(RubyLiteral.string),
            "gitlab_email_display_name": settings.fromName.map(RubyLiteral.string),
            "gitlab_email_reply_to": settings.replyToEmailAddress.map(RubyLiteral.string),
        ]
        return values.compactMapValues { $0 }
    }

    /// The settings GitLab uses, from the values the file assigns.
    static func settings(from values: [String: RubyLiteral]) -> MailSettings {
        var settings = MailSettings()
        let smtpNames = names.filter { $0 != "smtp_enable" }
        guard smtpNames.contains(where: { values[$0] != nil }) else { return settings }
        let text = { (name: String) in values[name]?.text }
        settings[.address] = text("smtp_address")
        settings[.port] = text("smtp_port")
        settings[.domain] = text("smtp_domain")
        settings[.fromEmailAddress] = text("gitlab_email_from")
        settings[.fromName] = text("gitlab_email_display_name")
        settings[.replyToEmailAddress] = text("gitlab_email_reply_to")
        if let user = text("smtp_user_name") {
            settings[.userName] = user
            settings[.password] = text("smtp_password")
            settings[.authentication] = text("smtp_authentication")
        } else {
            // Without a user name the mailer does not log in.
            settings[.authentication] = Authentication.none.rawValue
        }
        let startTLS = values["smtp_enable_starttls_auto"]
        let tls = values["smtp_tls"]
        if tls == .bool(true) {
            settings[.security] = Security.tls.rawValue
        } else if startTLS == .bool(false) {
            settings[.security] = Security.none.rawValue
        } else if startTLS != nil || tls != nil {
            settings[.security] = Security.starttls.rawValue
        }
        if let mode = text("smtp_openssl_verify_mode") {
            settings[.verifyCertificate] = mode == "none" ? "false" : "true"
        }
        return settings
    }

    public func read(_ text: String) throws(ConfigFileError) -> MailSettings {
        let file = LineFile(text)
        var values: [String: RubyLiteral] = [:]
        for assignment in try GitLabAssignment.all(in: file) where Self.names.contains(assignment.key) {
            values[assignment.key] = try assignment.literal()
        }
        return Self.settings(from: values)
    }

    public func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String {
        let file = LineFile(text)
        let assignments = try GitLabAssignment.all(in: file)
        let values = Self.values(for: settings)
        let templates = try GitLabAssignment.templates(in: file)
        var edits: [LineEdit] = []
        var appended: [String] = []
        for name in Self.names {
            let mine = assignments.filter { $0.key == name }
            for assignment in mine { _ = try assignment.literal() }
            let template = templates[name]
            let keyed = KeyedLines(active: mine.map(\.lines), template: template)
            let statement = values[name].map { "gitlab_rails['\(name)'] = " + $0.source }
            let replacing = mine.last.flatMap { last in
                statement.map { last.indentation + $0 + (last.lines.count == 1 ? last.comment : "") }
            }
            let inserting = statement.map { (template.map { GitLabAssignment.indentation(of: file[$0]) } ?? "") + $0 }
            edits += keyed.edits(replacing: replacing, inserting: inserting, in: file) { appended.append($0) }
        }
        if !appended.isEmpty {
            // New keys go where Ruby still reads: before `__END__`, if the file has one.
            let end = GitLabAssignment.end(in: file) ?? file.count
            let marked = (0..<end).contains { file[$0] == Self.marker }
            var block = marked ? [] : [Self.marker]
            if !marked, end > 0, !LineFile.isBlank(file[end - 1]) { block.insert("", at: 0) }
            edits.append(LineEdit(lines: end..<end, replacement: block + appended))
        }
        return file.applying(edits)
    }

    /// GitLab reads every value exactly (Ruby strings hold any text) and has
    /// a setting for every field.
    public func problems(in settings: MailSettings) -> [SettingProblem] {
        FormatProblems.unused(by: self, in: settings)
    }
}

/// One `gitlab_rails['key'] = value` statement of gitlab.rb.
struct GitLabAssignment {
    var key: String
    var lines: Range<Int>
    var indentation: String
    /// The value, nil when it is Ruby code rather than a literal.
    var value: RubyLiteral?
    /// A comment after the value, with the blanks before it ("" if none).
    var comment: String

    func literal() throws(ConfigFileError) -> RubyLiteral {
        guard let value else {
            throw ConfigFileError(
                line: lines.lowerBound + 1, "sets \(key) with Ruby code, not a plain value.",
                fix: "Replace it with a plain value in quotes (or remove the line), then try again.")
        }
        return value
    }

    static let statement = try! NSRegularExpression(
        pattern: #"^([ \t]*)gitlab_rails\[(?:'([a-z_]+)'|"([a-z_]+)")\][ \t]*=[ \t]*"#)

    static func indentation(of line: String) -> String { LineFile.indentation(of: line) }

    /// The line `__END__`, after which Ruby reads nothing as code (in
    /// `instance_eval` too, as gitlab-ctl loads the file).
    static func end(in file: LineFile) -> Int? {
        (0..<file.count).first { file[$0] == "__END__" || file[$0] == "__END__\r" }
    }

    /// The lines Ruby does not run: `=begin` … `=end` blocks (each word at
    /// the start of its line, then a blank or the line's end) and everything
    /// from `__END__`. A block never closed is refused, as Ruby refuses it.
    static func blockComments(in file: LineFile) throws(ConfigFileError) -> Set<Int> {
        func starts(_ line: String, with word: String) -> Bool {
            guard line.hasPrefix(word) else { return false }
            let next = line.unicodeScalars.dropFirst(word.unicodeScalars.count).first
            return next == nil || next == " " || next == "\t" || next == "\r"
        }
        var lines: Set<Int> = []
        var opened: Int?
        let end = end(in: file) ?? file.count
        for index in 0..<end {
            let line = file[index]
            if opened == nil, starts(line, with: "=begin") { opened = index }
            if opened != nil { lines.insert(index) }
            if opened != nil, index != opened, starts(line, with: "=end") { opened = nil }
        }
        if let opened {
            throw ConfigFileError(
                line: opened + 1, "has a =begin comment that is never closed with =end, which Ruby refuses.",
                fix: "Close it with =end on a line of its own, then try again.")
        }
        return lines.union(end..<file.count)
    }

    /// Every uncommented assignment to `gitlab_rails`, in file order.
    static func all(in file: LineFile) throws(ConfigFileError) -> [GitLabAssignment] {
        var found: [GitLabAssignment] = []
        let skipped = try blockComments(in: file)
        var index = 0
        while index < file.count {
            let line = file[index]
            guard !skipped.contains(index), line.contains("gitlab_rails"),
                let match = statement.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                let whole = Range(match.range, in: line),
                let key = [2, 3].lazy.compactMap({ Range(match.range(at: $0), in: line) }).first.map({ line[$0] })
            else {
                index += 1
                continue
            }
            // A quoted value may go on over lines: look ahead as far as it needs.
            var source = line[whole.upperBound...]
            var used = 1
            var scanned = RubyLiteral.scan(source)
            if scanned == nil, let quote = source.first, quote == "'" || quote == "\"" {
                var joined = String(source)
                for next in index + 1..<min(file.count, index + 200) {
                    joined += "\n" + file[next]
                    if let literal = RubyLiteral.scan(Substring(joined)) {
                        scanned = literal
                        source = Substring(joined)
                        used = next - index + 1
                        break
                    }
                }
            }
            var assignment = GitLabAssignment(
                key: String(key), lines: index..<index + used, indentation: indentation(of: line), value: nil,
                comment: "")
            if let (literal, end) = scanned {
                let rest = source[end...]
                let blanks = rest.prefix { $0 == " " || $0 == "\t" }
                let after = rest.dropFirst(blanks.count)
                if after.isEmpty || after.hasPrefix("#") {
                    assignment.value = literal
                    assignment.comment = after.isEmpty ? "" : String(rest)
                }
            }
            found.append(assignment)
            index += used
        }
        return found
    }

    static let template = try! NSRegularExpression(
        pattern: #"^[ \t]*#+[ \t]*gitlab_rails\[['"]([a-z_]+)['"]\][ \t]*="#)

    /// The first commented-out example of each key, as the shipped gitlab.rb has them.
    static func templates(in file: LineFile) throws(ConfigFileError) -> [String: Int] {
        var found: [String: Int] = [:]
        // An example inside `=begin` … `=end` would take the new line into the comment.
        let skipped = try blockComments(in: file)
        for index in 0..<file.count where file[index].contains("#") && !skipped.contains(index) {
            let line = file[index]
            guard let match = template.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                let key = Range(match.range(at: 1), in: line)
            else { continue }
            if found[String(line[key])] == nil { found[String(line[key])] = index }
        }
        return found
    }
}

/// Ghost's `config.production.json`: the `mail` object, which Ghost hands
/// to Nodemailer (`transport` "SMTP", `from`, and the SMTP `options`).
///
/// The `mail` value is written in the file's own layout, with every member
/// smtp-setup does not set kept as it was (a pool, timeouts, TLS ciphers);
/// every byte outside it is kept. Nodemailer chooses the AUTH mechanism
/// itself and Ghost has no reply-to for its mail, so neither is asked.
public struct GhostFormat: ConfigFileFormat {
    public init() {}

    public var application: Application { .ghost }

    public var usedKeys: Set<SettingKey> {
        Set(SettingKey.allCases).subtracting([.authentication, .replyToEmailAddress])
    }

    /// The `mail` object for `settings`, with the members of `existing` (the
    /// file's `mail`, its text in `bytes`) that smtp-setup does not set.
    static func mail(for settings: MailSettings, keeping existing: JSONNode?, in bytes: [UInt8]) -> JSONOutput {
        // A reset: the transport `ghost install` writes, which sends no SMTP.
        guard !settings.isEmpty else { return .object([("transport", .string("Direct"))]) }
        guard case .object(var mail) = mail(for: settings) else { return mail(for: settings) }
        // `service` and `url` would override the host written here: Nodemailer
        // takes a well-known service's host, port and security over `host`.
        let options = kept(existing?["options"], in: bytes, except: optionKeys.union(["service", "url"]))
        let tls = kept(existing?["options"]?["tls"], in: bytes, except: ["rejectUnauthorized"])
        if let index = mail.firstIndex(where: { $0.0 == "options" }), case .object(var ours) = mail[index].1 {
            if let at = ours.firstIndex(where: { $0.0 == "tls" }), case .object(let reject) = ours[at].1 {
                ours[at].1 = .object(reject + tls)
            } else if !tls.isEmpty {
                ours.append(("tls", .object(tls)))
            }
            mail[index].1 = .object(ours + options)
        }
        return .object(mail + kept(existing, in: bytes, except: ["transport", "from", "options"]))
    }

    /// The options smtp-setup writes (`tls` is merged member by member).
    static let optionKeys: Set<String> = ["host", "port", "secure", "requireTLS", "ignoreTLS", "name", "auth", "tls"]

    /// The members of `object` not named in `keys`, as the file has them;
    /// of a key given twice, the last (what `JSON.parse` keeps).
    static func kept(_ object: JSONNode?, in bytes: [UInt8], except keys: Set<String>) -> [(String, JSONOutput)] {
        guard case .object(let members)? = object?.value else { return [] }
        return members.enumerated().filter { index, member in
            !keys.contains(member.key) && !members[(index + 1)...].contains { $0.key == member.key }
        }.map { ($0.element.key, .raw(String(decoding: bytes[$0.element.node.span], as: UTF8.self))) }
    }

    /// The `mail` object for `settings` alone.
    static func mail(for settings: MailSettings) -> JSONOutput {
        let security = settings.security ?? .starttls
        var options: [(String, JSONOutput)] = []
        if let host = settings.address { options.append(("host", .string(host))) }
        if let port = settings.effective(.port) {
            options.append(("port", Int(port).map { .number(String($0)) } ?? .string(port)))
        }
        options.append(("secure", .bool(security == .tls)))
        // Nodemailer upgrades with STARTTLS when offered; requireTLS makes
        // it refuse a server that does not offer it, ignoreTLS never upgrades.
        if security == .starttls { options.append(("requireTLS", .bool(true))) }
        if security == .none { options.append(("ignoreTLS", .bool(true))) }
        if let name = settings.domain { options.append(("name", .string(name))) }
        if settings.authentication != Authentication.none, let user = settings.userName {
            var auth: [(String, JSONOutput)] = [("user", .string(user))]
            if let pass = settings.password { auth.append(("pass", .string(pass))) }
            options.append(("auth", .object(auth)))
        }
        if !settings.verifyCertificate { options.append(("tls", .object([("rejectUnauthorized", .bool(false))]))) }
        var mail: [(String, JSONOutput)] = [("transport", .string("SMTP"))]
        if let from = settings.fromEmailAddress {
            mail.append(("from", .string(SenderText.compose(name: settings.fromName, address: from))))
        }
        mail.append(("options", .object(options)))
        return .object(mail)
    }

    public func read(_ text: String) throws(ConfigFileError) -> MailSettings {
        let root = try JSONNode.parse(text)
        var settings = MailSettings()
        // Another transport (Ghost's "Direct") sends no SMTP at all.
        guard let mail = root["mail"], mail["transport"]?.string?.lowercased() == "smtp" else { return settings }
        if let from = mail["from"]?.string {
            let (name, address) = SenderText.parse(from)
            settings[.fromName] = name
            settings[.fromEmailAddress] = address
        }
        let options = mail["options"]
        settings[.address] = options?["host"]?.string
        if let port = options?["port"] {
            if case .number(let number) = port.value { settings[.port] = number } else { settings[.port] = port.string }
        }
        settings[.domain] = options?["name"]?.string
        if let auth = options?["auth"], let user = auth["user"]?.string {
            settings[.userName] = user
            settings[.password] = auth["pass"]?.string
        } else {
            settings[.authentication] = Authentication.none.rawValue
        }
        let security: Security =
            options?["secure"]?.bool == true
            ? .tls : options?["ignoreTLS"]?.bool == true ? .none : .starttls
        settings[.security] = security.rawValue
        let rejects = options?["tls"]?["rejectUnauthorized"]?.bool != false
        settings[.verifyCertificate] = rejects ? "true" : "false"
        return settings
    }

    public func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String {
        let root = try JSONNode.parse(text)
        guard case .object(let members) = root.value else {
            throw ConfigFileError(
                "is not a JSON object.", fix: "Check that this is Ghost's config.production.json.")
        }
        let bytes = Array(text.utf8)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        let layout = JSONLayout.unit(of: members, in: bytes)
        let existing = members.last(where: { $0.key == "mail" })
        let mail = Self.mail(for: settings, keeping: existing?.node, in: bytes)
        let edited: [UInt8]
        if let existing {
            let rendered = mail.render(
                indentation: JSONLayout.lineIndentation(at: existing.keyStart, in: bytes), unit: layout,
                newline: newline)
            edited =
                Array(bytes[..<existing.node.span.lowerBound]) + Array(rendered.utf8)
                + Array(bytes[existing.node.span.upperBound...])
        } else {
            let unit = layout ?? ""
            let member =
                JSONOutput.quoted("mail") + (layout == nil ? ":" : ": ")
                + mail.render(indentation: unit, unit: layout, newline: newline)
            let separator = layout == nil ? "" : newline + unit
            if let last = members.last {
                let point = last.node.span.upperBound
                edited = Array(bytes[..<point]) + Array(("," + separator + member).utf8) + Array(bytes[point...])
            } else {
                // `{}`: the member goes inside the braces.
                let point = root.span.lowerBound + 1
                let closing = layout == nil ? "" : newline
                edited = Array(bytes[..<point]) + Array((separator + member + closing).utf8) + Array(bytes[point...])
            }
        }
        return String(decoding: edited, as: UTF8.self)
    }

    public func problems(in settings: MailSettings) -> [SettingProblem] {
        var problems = FormatProblems.unused(by: self, in: settings).filter { $0.key != .authentication }
        problems += FormatProblems.mechanismChosenByApplication(
            application, "Nodemailer logs in with what the server offers.", in: settings)
        problems += FormatProblems.nameWithoutAddress(for: application, in: settings)
        return problems
    }
}

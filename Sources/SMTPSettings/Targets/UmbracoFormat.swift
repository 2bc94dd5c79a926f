/// Umbraco's SMTP settings: `appsettings.json`'s `Umbraco:CMS:Global:Smtp`
/// (Umbraco 9 and later, sent with MailKit) or `web.config`'s
/// `system.net/mailSettings/smtp` (Umbraco 7 and 8, .NET's SmtpClient),
/// chosen by the file's content: XML starts with `<`.
///
/// Neither has a certificate switch (both always check), an AUTH choice
/// (the library picks) or a HELO name, so those are not asked.
public struct UmbracoFormat: ConfigFileFormat {
    public init() {}

    public var application: Application { .umbraco }

    public var usedKeys: Set<SettingKey> {
        [.address, .port, .security, .userName, .password, .fromEmailAddress]
    }

    static func isWebConfig(_ text: String) -> Bool {
        text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }.first == "<"
    }

    public func read(_ text: String) throws(ConfigFileError) -> MailSettings {
        if Self.isWebConfig(text) { return try UmbracoWebConfig(text).settings() }
        let root = try JSONNode.parse(text, dotNet: true)
        var settings = MailSettings()
        guard let smtp = try Self.member(path: Self.path, in: root) else { return settings }
        if case .object(let members) = smtp.value, members.isEmpty { return settings }
        settings[.fromEmailAddress] = try Self.text(smtp, "From")
        settings[.address] = try Self.text(smtp, "Host")
        settings[.port] = try Self.text(smtp, "Port")
        if let user = try Self.text(smtp, "Username") {
            settings[.userName] = user
            settings[.password] = try Self.text(smtp, "Password")
        } else {
            settings[.authentication] = Authentication.none.rawValue
        }
        settings[.security] = Self.security(try Self.text(smtp, "SecureSocketOptions"), port: settings[.port]).rawValue
        return settings
    }

    /// MailKit's SecureSocketOptions as this tool tests them: `Auto` is TLS
    /// on connect on port 465 and STARTTLS when offered elsewhere, read as
    /// STARTTLS, the nearest this tool tests. .NET reads enum names in any case.
    static func security(_ name: String?, port: String?) -> Security {
        switch name?.lowercased() {
        case "none"?: .none
        case "sslonconnect"?: .tls
        case "starttls"?, "starttlswhenavailable"?: .starttls
        default: port == "465" ? .tls : .starttls
        }
    }

    static let path = ["Umbraco", "CMS", "Global", "Smtp"]

    /// The member .NET's configuration finds for a key: names compare
    /// without case, and .NET refuses a key given twice.
    static func member(_ name: String, in node: JSONNode) throws(ConfigFileError) -> JSONNode.Member? {
        guard case .object(let members) = node.value else { return nil }
        let found = members.filter { $0.key.lowercased() == name.lowercased() }
        guard found.count <= 1 else {
            throw ConfigFileError(
                "sets \(name) twice, which .NET refuses.", fix: "Remove one of them, then try again.")
        }
        return found.first
    }

    static func member(path: [String], in root: JSONNode) throws(ConfigFileError) -> JSONNode? {
        var node = root
        for name in path {
            guard let next = try member(name, in: node) else { return nil }
            node = next.node
        }
        return node
    }

    /// A value as .NET's configuration hands it over: text, numbers and
    /// flags as written; null as no value.
    static func text(_ object: JSONNode, _ name: String) throws(ConfigFileError) -> String? {
        guard let node = try member(name, in: object)?.node else { return nil }
        switch node.value {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "True" : "False"
        case .null: return nil
        case .object, .array:
            throw ConfigFileError(
                "sets Umbraco:CMS:Global:Smtp:\(name) to an object or list, not a value.",
                fix: "Write one value there, then try again.")
        }
    }

    static func smtp(for settings: MailSettings) -> JSONOutput {
        // A reset: an empty Smtp object, which Umbraco reads as no mail server.
        guard !settings.isEmpty else { return .object([]) }
        var members: [(String, JSONOutput)] = []
        if let from = settings.fromEmailAddress { members.append(("From", .string(from))) }
        if let host = settings.address { members.append(("Host", .string(host))) }
        if let port = settings.effective(.port) {
            members.append(("Port", Int(port).map { .number(String($0)) } ?? .string(port)))
        }
        let names: [Security: String] = [.none: "None", .tls: "SslOnConnect", .starttls: "StartTls"]
        members.append(("SecureSocketOptions", .string(names[settings.security ?? .starttls] ?? "StartTls")))
        if settings.authentication != Authentication.none, let user = settings.userName {
            members.append(("Username", .string(user)))
            if let password = settings.password { members.append(("Password", .string(password))) }
        }
        members.append(("DeliveryMethod", .string("Network")))
        return .object(members)
    }

    public func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String {
        if Self.isWebConfig(text) { return try UmbracoWebConfig(text).writing(settings) }
        let root = try JSONNode.parse(text, dotNet: true)
        guard case .object(let topMembers) = root.value else {
            throw ConfigFileError("is not a JSON object.", fix: "Check that this is Umbraco's appsettings.json.")
        }
        let bytes = Array(text.utf8)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        let unit = JSONLayout.unit(of: topMembers, in: bytes)
        // Walk down as far as the file goes; what is missing is added whole.
        var node = root
        var depth = 0
        while depth < Self.path.count, let next = try Self.member(Self.path[depth], in: node) {
            guard case .object = next.node.value else {
                throw ConfigFileError(
                    "sets \(Self.path[...depth].joined(separator: ":")) to a value, not an object.",
                    fix: "Make it an object (or remove it), then try again.")
            }
            node = next.node
            depth += 1
        }
        var value = Self.smtp(for: settings)
        for name in Self.path[min(depth + 1, Self.path.count)...].reversed() { value = .object([(name, value)]) }
        let replaced: (Range<Int>, String)
        if depth == Self.path.count {
            let indentation = JSONLayout.lineIndentation(at: node.span.lowerBound, in: bytes)
            replaced = (node.span, value.render(indentation: indentation, unit: unit, newline: newline))
        } else {
            replaced = Self.inserting(Self.path[depth], value, into: node, bytes: bytes, unit: unit, newline: newline)
        }
        return String(
            decoding: bytes[..<replaced.0.lowerBound] + Array(replaced.1.utf8) + bytes[replaced.0.upperBound...],
            as: UTF8.self)
    }

    /// A new last member of `object`, in the file's layout.
    static func inserting(
        _ key: String, _ value: JSONOutput, into object: JSONNode, bytes: [UInt8], unit: String?, newline: String
    ) -> (Range<Int>, String) {
        guard case .object(let members) = object.value else { return (0..<0, "") }
        let parent = JSONLayout.lineIndentation(at: object.span.lowerBound, in: bytes)
        if let last = members.last {
            let indentation = JSONLayout.lineIndentation(at: last.keyStart, in: bytes)
            let member =
                JSONOutput.quoted(key) + (unit == nil ? ":" : ": ")
                + value.render(indentation: indentation, unit: unit, newline: newline)
            let point = last.node.span.upperBound
            return (point..<point, "," + (unit == nil ? "" : newline + indentation) + member)
        }
        let indentation = parent + (unit ?? "")
        let member =
            JSONOutput.quoted(key) + (unit == nil ? ":" : ": ")
            + value.render(indentation: indentation, unit: unit, newline: newline)
        let point = object.span.lowerBound + 1
        let text = unit == nil ? member : newline + indentation + member + newline + parent
        // `{ }` or `{ // comment }`: the member goes right after the brace.
        return (point..<point, text)
    }

    public func problems(in settings: MailSettings) -> [SettingProblem] {
        var problems = FormatProblems.unused(by: self, in: settings).filter {
            $0.key != .authentication && $0.key != .verifyCertificate
        }
        if !settings.verifyCertificate {
            problems.append(
                SettingProblem(
                    .verifyCertificate,
                    "cannot be turned off for Umbraco: MailKit (and .NET's SmtpClient) always check the certificate.",
                    fix: "Leave certificate checks on, and give the server a certificate its name matches."))
        }
        problems += FormatProblems.mechanismChosenByApplication(
            application, "its mail library (MailKit) logs in with what the server offers.", in: settings)
        return problems
    }
}

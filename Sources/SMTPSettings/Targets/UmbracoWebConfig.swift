/// Umbraco 7/8's `web.config`: the `<smtp>` element under
/// `configuration/system.net/mailSettings`, read by .NET's SmtpClient.
/// The element is written whole; every other byte is kept.
struct UmbracoWebConfig {
    let text: String
    let bytes: [UInt8]
    let root: XMLElementSpan

    init(_ text: String) throws(ConfigFileError) {
        self.text = text
        bytes = Array(text.utf8)
        var scanner = XMLScanner(bytes: bytes)
        guard let root = try scanner.document(), root.name == "configuration" else {
            throw ConfigFileError(
                "has no <configuration> element.", fix: "Check that this is Umbraco's web.config.")
        }
        self.root = root
    }

    static let path = ["system.net", "mailSettings", "smtp"]

    func element(_ names: ArraySlice<String>) throws(ConfigFileError) -> XMLElementSpan? {
        var element = root
        for name in names {
            let found = element.children.filter { $0.name == name }
            guard found.count <= 1 else {
                throw ConfigFileError(
                    "has more than one <\(name)> in <\(element.name)>, which .NET refuses.",
                    fix: "Keep one of them, then try again.")
            }
            guard let next = found.first else { return nil }
            element = next
        }
        return element
    }

    func settings() throws(ConfigFileError) -> MailSettings {
        var settings = MailSettings()
        guard let smtp = try element(Self.path[...]) else { return settings }
        let network = smtp.children.first { $0.name == "network" }?.attributes ?? [:]
        // Neither a server nor a sender (what a reset leaves): nothing is set.
        guard smtp.attributes["from"] != nil || network["host"] != nil else { return settings }
        settings[.fromEmailAddress] = smtp.attributes["from"]
        settings[.address] = network["host"]
        settings[.port] = network["port"]
        if let user = network["userName"], !user.isEmpty {
            settings[.userName] = user
            settings[.password] = network["password"]
        } else {
            settings[.authentication] = Authentication.none.rawValue
        }
        // SmtpClient's EnableSsl is STARTTLS, required; it has no TLS on connect.
        let ssl = network["enableSsl"]?.lowercased() == "true"
        settings[.security] = (ssl ? Security.starttls : Security.none).rawValue
        return settings
    }

    /// The `<smtp>` element for `settings`, its lines indented by `indentation`.
    static func smtp(for settings: MailSettings, indentation: String, unit: String, newline: String) -> String {
        // A reset: no server and no sender, which reads as not set.
        guard !settings.isEmpty else { return "<smtp deliveryMethod=\"Network\" />" }
        var network: [(String, String)] = []
        if let host = settings.address { network.append(("host", host)) }
        if let port = settings.effective(.port) { network.append(("port", port)) }
        if settings.authentication != Authentication.none, let user = settings.userName {
            network.append(("userName", user))
            network.append(("password", settings.password ?? ""))
        }
        network.append(("enableSsl", settings.security == .starttls ? "true" : "false"))
        let attributes = { (pairs: [(String, String)]) in
            pairs.map { " \($0.0)=\"\(XMLText.attribute($0.1))\"" }.joined()
        }
        var smtp: [(String, String)] = [("deliveryMethod", "Network")]
        if let from = settings.fromEmailAddress { smtp.insert(("from", from), at: 0) }
        return "<smtp\(attributes(smtp))>" + newline + indentation + unit + "<network\(attributes(network)) />"
            + newline + indentation + "</smtp>"
    }

    func writing(_ settings: MailSettings) throws(ConfigFileError) -> String {
        if settings.security == .tls {
            throw ConfigFileError(
                "cannot hold TLS on connect: .NET's SmtpClient (Umbraco 7 and 8) only does STARTTLS.",
                fix: "Use STARTTLS (usually port 587), or move to Umbraco 9+'s appsettings.json.")
        }
        for value in [settings.address, settings.userName, settings.password, settings.fromEmailAddress] {
            if let value, XMLText.unwritable(value) {
                throw ConfigFileError(
                    "cannot hold a control character in an XML attribute.", fix: "Choose a value without it.")
            }
        }
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var depth = 0
        var parent = root
        while depth < Self.path.count, let next = try element(Self.path[..<(depth + 1)]) {
            parent = next
            depth += 1
        }
        let unit = indentationUnit()
        if depth == Self.path.count {
            let indentation = lineIndentation(at: parent.start)
            let rendered = Self.smtp(for: settings, indentation: indentation, unit: unit, newline: newline)
            return splice(parent.start..<parent.end, rendered)
        }
        guard let close = parent.closeStart else {
            throw ConfigFileError(
                "has an empty <\(parent.name) /> where the mail settings go.",
                fix: "Write it as <\(parent.name)></\(parent.name)>, then try again.")
        }
        let outer = lineIndentation(at: close)
        let missing = Self.path[depth...]
        func render(_ names: ArraySlice<String>, _ indentation: String) -> String {
            guard let name = names.first, names.count > 1 else {
                return Self.smtp(for: settings, indentation: indentation, unit: unit, newline: newline)
            }
            return "<\(name)>" + newline + indentation + unit + render(names.dropFirst(), indentation + unit) + newline
                + indentation + "</\(name)>"
        }
        return splice(close..<close, unit + render(missing, outer + unit) + newline + outer)
    }

    func splice(_ range: Range<Int>, _ inserted: String) -> String {
        String(decoding: bytes[..<range.lowerBound] + Array(inserted.utf8) + bytes[range.upperBound...], as: UTF8.self)
    }

    /// The blanks before `offset` on its line, when only blanks precede it.
    func lineIndentation(at offset: Int) -> String {
        let blanks = JSONLayout.lineIndentation(at: offset, in: bytes)
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        return offset - start == blanks.utf8.count ? blanks : ""
    }

    /// One level of the file's indentation: its first child's, else two spaces.
    func indentationUnit() -> String {
        guard let first = root.children.first else { return "  " }
        let unit = lineIndentation(at: first.start)
        return unit.isEmpty ? "  " : unit
    }
}

/// XML attribute text, written so any XML 1.0 parser reads it back exactly.
enum XMLText {
    /// `&`, `<`, `>` and `"` as entities; tab and line breaks as character
    /// references, which attribute-value normalization would turn into spaces.
    static func attribute(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// XML 1.0 has no way at all to hold the other control characters.
    static func unwritable(_ value: String) -> Bool {
        value.unicodeScalars.contains {
            ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || $0.value == 0xFFFE || $0.value == 0xFFFF
        }
    }
}

/// One section of an INI file as gopkg.in/ini.v1 (go-ini) reads it, which
/// is how Gitea and Forgejo read `app.ini`; found by lines so that every
/// other section, comment and blank line is kept.
struct GoINISection {
    /// The `[name]` line, nil when the file has no such section.
    let header: Int?
    /// One past the section's last line.
    let end: Int
    let name: String

    init(_ name: String, in file: LineFile) {
        self.name = name
        let header = (0..<file.count).first { Self.sectionName(file[$0]) == name }
        self.header = header
        var end = file.count
        if let header {
            end = (header + 1..<file.count).first { Self.sectionName(file[$0]) != nil } ?? file.count
        }
        self.end = end
    }

    /// The name of a `[name]` line.
    static func sectionName(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") else { return nil }
        return String(trimmed[trimmed.index(after: trimmed.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
    }

    /// The key and the value's raw text of a `KEY = value` line.
    static func keyValue(_ line: String) -> (key: String, raw: Substring)? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let first = trimmed.first, first != "#", first != ";", first != "[",
            let delimiter = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" })
        else { return nil }
        let key = trimmed[..<delimiter].trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : (key, trimmed[trimmed.index(after: delimiter)...])
    }

    /// The key of a commented-out example like `;PROTOCOL = smtps`.
    static func commentedKey(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(";") || trimmed.hasPrefix("#") else { return nil }
        return keyValue(String(trimmed.drop { $0 == ";" || $0 == "#" || $0 == " " || $0 == "\t" }))?.key
    }

    func lines(of key: String, in file: LineFile) -> KeyedLines {
        guard let header else { return KeyedLines(active: [], template: nil) }
        var active: [Range<Int>] = []
        var template: Int?
        for index in header + 1..<end {
            if Self.keyValue(file[index])?.key == key {
                active.append(index..<index + 1)
            } else if template == nil, Self.commentedKey(file[index]) == key {
                template = index
            }
        }
        return KeyedLines(active: active, template: template)
    }

    /// After the section's last line that is not blank.
    func appendPoint(in file: LineFile) -> Int? {
        guard let header else { return nil }
        return (header + 1..<end).last { !LineFile.isBlank(file[$0]) }.map { $0 + 1 } ?? header + 1
    }

    /// The section's values, the last of each key winning.
    func values(in file: LineFile) throws(ConfigFileError) -> [String: String] {
        guard let header else { return [:] }
        var values: [String: String] = [:]
        for index in header + 1..<end {
            guard let (key, raw) = Self.keyValue(file[index]) else { continue }
            guard let value = Self.value(raw) else {
                throw ConfigFileError(
                    line: index + 1, "has a value over several lines for \(key).",
                    fix: "Write \(key) on one line, then try again.")
            }
            values[key] = value
        }
        return values
    }

    /// go-ini's readValue with its default options: a value in backticks or
    /// `"""` is taken as it is; otherwise blanks around it are trimmed, `#`
    /// or `;` starts a comment, and one pair of surrounding quotes is removed.
    static func value(_ raw: Substring) -> String? {
        // By scalar: a blank followed by a combining mark is one Character, which dropping
        // blank Characters would take whole.
        let line = Substring(raw.unicodeScalars.drop { $0.properties.isWhitespace })
        guard !line.isEmpty else { return "" }
        for quote in ["\"\"\"", "`"] where line.hasPrefix(quote) && (quote == "`" || line.count > 3) {
            let inner = line.dropFirst(quote.count)
            guard let close = inner.range(of: quote, options: .backwards) else { return nil }
            return String(inner[..<close.lowerBound])
        }
        var text = line.trimmingCharacters(in: .whitespaces)
        if let comment = text.firstIndex(where: { $0 == "#" || $0 == ";" }) {
            text = String(text[..<comment]).trimmingCharacters(in: .whitespaces)
        }
        let scalars = text.unicodeScalars
        for quote in ["'", "\""] as [Unicode.Scalar]
        where scalars.count >= 2 && scalars.first == quote && scalars.last == quote
            && scalars.filter({ $0 == quote }).count == 2
        {
            return String(scalars.dropFirst().dropLast())
        }
        return text
    }

    /// `value` as go-ini reads it back exactly, with Gitea's options or the
    /// defaults: plain when nothing in it means something, else in backticks
    /// (go-ini takes everything up to the last backtick).
    static func source(_ value: String) -> String {
        let special = value.contains { "#;`\"'\\".contains($0) }
        let padded = value.first?.isWhitespace == true || value.last?.isWhitespace == true
        return value.isEmpty || special || padded ? "`" + value + "`" : value
    }
}

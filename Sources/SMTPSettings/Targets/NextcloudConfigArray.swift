import Foundation

/// The `$CONFIG = array (...)` of Nextcloud's `config/config.php`, found by
/// lines: one `'key' => value,` entry per line (or over lines for an
/// array), as Nextcloud's own writer lays it out.
struct NextcloudConfigArray {
    struct Entry {
        var key: String
        var lines: Range<Int>
        var value: PHPLiteral
        /// What follows the value's comma on its last line ("" if nothing).
        var rest: String
    }

    let header: Int
    /// The line that closes the array (`);`).
    let closing: Int
    let indentation: String
    let entries: [Entry]

    static let headerPattern = #"^[ \t]*\$CONFIG[ \t]*=[ \t]*(array[ \t]*\(|\[)[ \t]*$"#
    static let closingPattern = #"^[ \t]*[)\]][ \t]*;[ \t]*$"#

    init(_ file: LineFile) throws(ConfigFileError) {
        guard let header = (0..<file.count).first(where: { Self.matches(file[$0], Self.headerPattern) }) else {
            throw ConfigFileError(
                "has no '$CONFIG = array (' line of its own.",
                fix: "Check that this is Nextcloud's config/config.php (occ config:system:set lays it out so).")
        }
        guard let closing = (header + 1..<file.count).last(where: { Self.matches(file[$0], Self.closingPattern) })
        else {
            throw ConfigFileError(
                line: header + 1, "has no ');' line that closes $CONFIG.",
                fix: "Check that the file is complete (php -l config/config.php).")
        }
        var entries: [Entry] = []
        var indentation: String?
        var index = header + 1
        while index < closing {
            let line = file[index]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("//") || trimmed.hasPrefix("#") || trimmed.hasPrefix("/*") {
                index += 1
                continue
            }
            let entry = try Self.entry(at: index, before: closing, in: file)
            indentation = indentation ?? LineFile.indentation(of: line)
            entries.append(entry)
            index = entry.lines.upperBound
        }
        self.header = header
        self.closing = closing
        self.indentation = indentation ?? "  "
        self.entries = entries
    }

    static func matches(_ line: String, _ pattern: String) -> Bool {
        line.range(of: pattern, options: .regularExpression) != nil
    }

    /// The `'key' => value,` entry that starts on line `index`.
    static func entry(at index: Int, before closing: Int, in file: LineFile) throws(ConfigFileError) -> Entry {
        let source = (index..<min(closing, index + 300)).map { file[$0] }.joined(separator: "\n")
        var scanner = PHPScanner(source)
        let unreadable = ConfigFileError(
            line: index + 1, "has a setting this tool cannot read (PHP code rather than a value).",
            fix: "Write it as a plain value, as occ config:system:set does, then try again.")
        guard let key = scanner.literal(), key.text != nil else { throw unreadable }
        scanner.skipBlanks()
        guard scanner.take("=>"), let value = scanner.literal() else { throw unreadable }
        while scanner.current == " " || scanner.current == "\t" { scanner.index += 1 }
        if scanner.current == "," { scanner.index += 1 }
        var rest = String.UnicodeScalarView()
        while let scalar = scanner.current, scalar != "\n" {
            rest.append(scalar)
            scanner.index += 1
        }
        let restText = String(rest)
        let trimmed = restText.trimmingCharacters(in: .whitespaces)
        guard trimmed.isEmpty || trimmed.hasPrefix("//") || trimmed.hasPrefix("#") else {
            throw ConfigFileError(
                line: index + scanner.linesConsumed + 1, "has more than one setting on a line.",
                fix: "Put each setting on a line of its own, as occ config:system:set does.")
        }
        return Entry(
            key: key.text ?? "", lines: index..<index + scanner.linesConsumed + 1, value: value, rest: restText)
    }

    /// Where `key` is set, for the line rule the Discourse and GitLab formats share.
    func lines(of key: String) -> KeyedLines {
        KeyedLines(active: entries.filter { $0.key == key }.map(\.lines), template: nil)
    }

    func value(of key: String) -> PHPLiteral? {
        entries.last { $0.key == key }?.value
    }
}

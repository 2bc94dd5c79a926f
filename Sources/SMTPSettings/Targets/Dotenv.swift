import Foundation

/// A `.env` file as Ruby's dotenv gem reads it (the rules of dotenv 2.4,
/// Debian's ruby-dotenv, which 3.x keeps for the forms used here): one
/// assignment a line, `export ` allowed, values unquoted, single- or
/// double-quoted, `#` comments. Lines are kept as they are, so a rewrite
/// changes only the assignments it sets.
public struct Dotenv {
    /// One assignment, with where its value sits in the line.
    struct Assignment: Equatable {
        var key: String
        /// The line up to the value: indentation, `export `, the key, `=`.
        var prefix: Substring
        /// The value as written, quotes included.
        var written: Substring
        /// After the value: spaces and a comment.
        var suffix: Substring
    }

    /// The lines, without their line feeds; a file with Windows line ends
    /// keeps each line's carriage return, as dotenv reads past it.
    var lines: [Substring]
    /// Whether the text ended with a line break.
    var endsWithNewline: Bool
    /// What a line this writes anew ends with before its line feed: "\r" in a file whose lines do.
    let carriageReturn: String

    init(_ text: String) {
        // By scalar: "\r\n" is one Character, so splitting on "\n" would not split such a file at all.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
        endsWithNewline = text.unicodeScalars.last == "\n"
        if endsWithNewline || text.isEmpty { lines.removeLast() }
        self.lines = lines
        carriageReturn = lines.first { !$0.isEmpty }?.unicodeScalars.last == "\r" ? "\r" : ""
    }

    var text: String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// The assignment on a line, as dotenv's LINE pattern matches it; nil
    /// for comments, blank lines and lines dotenv skips.
    static func assignment(in line: Substring) -> Assignment? {
        var rest = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        if rest.hasPrefix("export"), let after = rest.dropFirst(6).first, after == " " || after == "\t" {
            rest = rest.dropFirst(6).drop { $0 == " " || $0 == "\t" }
        }
        let key = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
        guard !key.isEmpty else { return nil }
        rest = rest[key.endIndex...]
        let spaced = rest.drop { $0 == " " || $0 == "\t" }
        if spaced.first == "=" {
            rest = spaced.dropFirst().drop { $0 == " " || $0 == "\t" }
        } else if rest.first == ":", let next = rest.dropFirst().first, next == " " || next == "\t" {
            rest = rest.dropFirst(2)
        } else {
            return nil
        }
        let prefix = line[line.startIndex..<rest.startIndex]
        guard let (written, suffix) = splitValue(rest) else { return nil }
        return Assignment(key: String(key), prefix: prefix, written: written, suffix: suffix)
    }

    /// The value and what follows it: a quoted value ends at the last
    /// matching quote after which only spaces and a comment remain.
    static func splitValue(_ rest: Substring) -> (Substring, Substring)? {
        if let quote = rest.first, quote == "'" || quote == "\"" {
            var end = rest.endIndex
            while let close = rest[rest.index(after: rest.startIndex)..<end].lastIndex(of: quote) {
                let after = rest.index(after: close)
                if isTrailer(rest[after...]) { return (rest[..<after], rest[after...]) }
                end = close
            }
        }
        let value = rest.prefix { $0 != "#" }
        guard !value.isEmpty || rest.isEmpty || rest.first == "#" else { return nil }
        let trimmed = value.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.count
        let end = rest.index(rest.startIndex, offsetBy: trimmed)
        return (rest[..<end], rest[end...])
    }

    static func isTrailer(_ text: Substring) -> Bool {
        let spaced = text.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        return spaced.isEmpty || spaced.first == "#"
    }

    /// The index of the line dotenv takes `key` from: the last one.
    func lastLine(of key: String) -> Int? {
        lines.lastIndex { Self.assignment(in: $0)?.key == key }
    }

    /// Every key's value as dotenv reads it, later lines winning. `$NAME`
    /// reads earlier keys of the file. A command `$(…)` cannot be read: an
    /// error for the keys in `needed`, an unknown (absent) value for others.
    func values(needed: Set<String>) throws(ConfigFileError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, line) in lines.enumerated() {
            guard let assignment = Self.assignment(in: line) else { continue }
            do {
                values[assignment.key] = try Self.value(assignment.written, known: values, line: index + 1)
            } catch {
                if needed.contains(assignment.key) { throw error }
                values[assignment.key] = nil
            }
        }
        return values
    }

    /// dotenv's `parse_value`: quotes removed; in double quotes `\n` and
    /// `\r` become line breaks and `\X` becomes X (except before `$`);
    /// outside single quotes `$NAME` is expanded and `\$` is a dollar.
    static func value(_ written: Substring, known: [String: String], line: Int) throws(ConfigFileError) -> String {
        var text = String(written)
        let quote = text.first
        guard let quote, quote == "'" || quote == "\"", text.count >= 2, text.last == quote else {
            return try substitute(text.trimmingSpaces, known: known, line: line)
        }
        text = String(text.dropFirst().dropLast())
        if quote == "'" { return text }
        text = text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\r", with: "\r")
        var unescaped = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "\\", let next = characters.next() else {
                unescaped.append(character)
                continue
            }
            if next == "$" { unescaped.append("\\") }
            unescaped.append(next)
        }
        return try substitute(unescaped, known: known, line: line)
    }

    /// `$NAME`, `${NAME}` and `\$`, as dotenv's variable substitution.
    static func substitute(_ text: String, known: [String: String], line: Int) throws(ConfigFileError) -> String {
        guard text.contains("$") else { return text }
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            let escaped = characters[index] == "\\" && index + 1 < characters.count && characters[index + 1] == "$"
            guard characters[index] == "$" || escaped else {
                result.append(characters[index])
                index += 1
                continue
            }
            let dollar = escaped ? index + 1 : index
            if dollar + 1 < characters.count, characters[dollar + 1] == "(" {
                // dotenv's command pattern: a balanced group runs (or, escaped,
                // loses its backslash); anything else stays as written.
                let balanced = commandEnd(characters, at: dollar + 1) != nil
                if balanced && !escaped {
                    throw ConfigFileError(
                        line: line, "the value runs a command ($(…)), which smtp-setup does not run.",
                        fix: "Write the value itself there, or set it with smtp-setup set.")
                }
                if escaped && !balanced { result.append("\\") }
                result.append("$")
                index = dollar + 1
                continue
            }
            var end = dollar + 1
            if end < characters.count, characters[end] == "{" { end += 1 }
            let nameStart = end
            while end < characters.count, characters[end].isASCII,
                characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
            {
                end += 1
            }
            let name = String(characters[nameStart..<end])
            if end < characters.count, characters[end] == "}" { end += 1 }
            if escaped {
                result += String(characters[dollar..<end])
            } else if !name.isEmpty {
                result += known[name] ?? ""
            } else {
                result += String(characters[dollar..<end])
            }
            index = end
        }
        return result
    }

    /// Where dotenv's `\((?:[^()]|\g<cmd>)+\)` starting at `start` ends;
    /// nil when it does not match.
    static func commandEnd(_ characters: [Character], at start: Int) -> Int? {
        guard start < characters.count, characters[start] == "(" else { return nil }
        var index = start + 1
        var count = 0
        while index < characters.count {
            switch characters[index] {
            case ")": return count > 0 ? index + 1 : nil
            case "(":
                guard let end = commandEnd(characters, at: index) else { return nil }
                index = end
            default: index += 1
            }
            count += 1
        }
        return nil
    }

    /// A value written so that dotenv, Docker Compose and `sh` all read it
    /// exactly: bare when it has nothing any of them treats specially, else
    /// in double quotes with `\`, `"`, `$` and the backtick escaped. The
    /// caller refuses what no quoting carries (see `unwritableReason`).
    public static func quote(_ value: String) -> String {
        let bare = value.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._@+/:,-".unicodeScalars.contains($0))
        }
        if bare && !value.isEmpty { return value }
        var quoted = "\""
        for character in value {
            if "\\\"$`".contains(character) { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// Why a value cannot be written so that dotenv reads it back; nil when it can.
    public static func unwritableReason(_ value: String) -> String? {
        if value.contains(where: { $0 == "\n" || $0 == "\r" }) {
            return "contains a line break, which a .env line cannot hold."
        }
        if value.contains("\\n") || value.contains("\\r") {
            return
                "contains a backslash followed by n or r, which Ruby dotenv reads as a line break however it is quoted."
        }
        if value.contains("$(") {
            return "contains $(, which Ruby dotenv runs as a command."
        }
        return nil
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}

extension Dotenv {
    /// Sets `key` to `written` (already quoted) on the line dotenv takes it
    /// from, keeping the rest of that line; a new key goes at the end, under
    /// `marker` (written once); nil removes every line assigning the key.
    mutating func set(_ key: String, _ written: String?, marker: String) {
        guard let written else {
            lines.removeAll { Self.assignment(in: $0)?.key == key }
            return
        }
        if let index = lastLine(of: key), let assignment = Self.assignment(in: lines[index]) {
            lines[index] = Self.line(assignment, holding: written)
            return
        }
        if !lines.contains(where: { $0 == marker || $0 == marker + carriageReturn }) {
            if let last = lines.last, !last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                lines.append(Substring(carriageReturn))
            }
            lines.append(Substring(marker + carriageReturn))
        }
        lines.append(Substring("\(key)=\(written)" + carriageReturn))
        endsWithNewline = true
    }

    /// Removes `marker` when it ends the file (a reset removed every key
    /// under it), with the blank line `set` put before it.
    mutating func removeTrailing(marker: String) {
        guard let last = lines.last, last == marker || last == marker + carriageReturn else { return }
        lines.removeLast()
        if let blank = lines.last, blank.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lines.removeLast() }
    }

    /// Sets `key` to `written` (already quoted) on every line assigning it,
    /// not only the one dotenv reads; adds none.
    mutating func setEvery(_ key: String, _ written: String) {
        for index in lines.indices {
            guard let assignment = Self.assignment(in: lines[index]), assignment.key == key else { continue }
            lines[index] = Self.line(assignment, holding: written)
        }
    }

    /// The assignment's line with `written` as its value, the rest kept.
    static func line(_ assignment: Assignment, holding written: String) -> Substring {
        // `"x"#c` is a comment for dotenv but part of the value for sh.
        let suffix = assignment.suffix.first == "#" ? " " + assignment.suffix : String(assignment.suffix)
        return Substring(String(assignment.prefix) + written + suffix)
    }
}

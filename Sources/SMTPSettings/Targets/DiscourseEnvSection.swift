import Foundation
import Yams

/// The `env:` section of Discourse's `containers/app.yml`, found by lines so
/// that it can be edited without re-serialising the YAML a person wrote.
struct DiscourseEnvSection {
    /// The line of `env:` itself.
    let header: Int
    /// One past the section's last line (the next top-level key, or the end).
    let end: Int
    /// The indentation of the section's keys.
    let indentation: String

    init(_ file: LineFile) throws(ConfigFileError) {
        guard let header = (0..<file.count).first(where: { Self.isHeader(file[$0]) }) else {
            if let inline = (0..<file.count).first(where: { file[$0].hasPrefix("env:") }) {
                throw ConfigFileError(
                    line: inline + 1, "has its env: settings on one line.",
                    fix: "Write env: as a block, one setting per line, as Discourse's samples do.")
            }
            throw ConfigFileError(
                "has no env: section.",
                fix: "Check that this is Discourse's containers/app.yml (it has env: with DISCOURSE_HOSTNAME).")
        }
        var end = header + 1
        while end < file.count {
            let line = file[end]
            if let first = line.first, first != " ", first != "\t", first != "#" { break }
            end += 1
        }
        self.header = header
        self.end = end
        let firstKey = (header + 1..<end).first { !Self.isCommentOrBlank(file[$0]) }
        indentation = firstKey.map { LineFile.indentation(of: file[$0]) } ?? "  "
    }

    static func isHeader(_ line: String) -> Bool {
        line.range(of: #"^env[ \t]*:[ \t]*(#.*)?$"#, options: .regularExpression) != nil
    }

    static func isCommentOrBlank(_ line: String) -> Bool {
        let rest = line.drop { $0 == " " || $0 == "\t" }
        return rest.isEmpty || rest.hasPrefix("#")
    }

    /// Where `name` is set in the section, and its commented-out example.
    func lines(of name: String, in file: LineFile) -> KeyedLines {
        var active: [Range<Int>] = []
        var template: Int?
        for index in header + 1..<end {
            let line = file[index]
            if LineFile.indentation(of: line) == indentation, Self.key(of: line) == name {
                active.append(index..<entryEnd(from: index, in: file))
            } else if template == nil, Self.commentedKey(of: line) == name {
                template = index
            }
        }
        return KeyedLines(active: active, template: template)
    }

    /// Where keys the section does not mention yet go: after the last of
    /// `names` (set or commented out), else after the section's last entry.
    func appendPoint(after names: Set<String>, in file: LineFile) -> Int {
        var point: Int?
        var lastEntry = header + 1
        for index in header + 1..<end {
            let line = file[index]
            if LineFile.indentation(of: line) == indentation, let key = Self.key(of: line) {
                lastEntry = entryEnd(from: index, in: file)
                if names.contains(key) { point = lastEntry }
            } else if let key = Self.commentedKey(of: line), names.contains(key) {
                point = index + 1
            }
        }
        return point ?? lastEntry
    }

    /// One past an entry's last line: a value may go on over lines indented
    /// deeper than the key (comments there belong to the next entry).
    func entryEnd(from index: Int, in file: LineFile) -> Int {
        var end = index + 1
        var next = index + 1
        while next < self.end {
            let line = file[next]
            if LineFile.isBlank(line) {
                next += 1
                continue
            }
            guard LineFile.indentation(of: line).count > indentation.count, !Self.isCommentOrBlank(line) else { break }
            next += 1
            end = next
        }
        return end
    }

    /// The key of a `KEY: value` line (plain or quoted key), if it is one.
    static func key(of line: String) -> String? {
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
        let quote = rest.first.flatMap { $0 == "\"" || $0 == "'" ? $0 : nil }
        if quote != nil { rest = rest.dropFirst() }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard !name.isEmpty else { return nil }
        rest = rest.dropFirst(name.count)
        if let quote {
            guard rest.first == quote else { return nil }
            rest = rest.dropFirst()
        }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        return rest.isEmpty || rest.first == " " || rest.first == "\t" ? String(name) : nil
    }

    /// The key of a commented-out example like `  #DISCOURSE_SMTP_PORT: 587`.
    static func commentedKey(of line: String) -> String? {
        let rest = line.drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("#") else { return nil }
        return key(of: String(rest.drop { $0 == "#" || $0 == " " || $0 == "\t" }))
    }

    /// The comment after a one-line entry's value, with the blanks before
    /// it, so that replacing the value keeps what the person noted there.
    static func trailingComment(of line: String) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        var index = value.startIndex
        if let quote = value.first, quote == "\"" || quote == "'" {
            index = value.index(after: index)
            while index < value.endIndex {
                let character = value[index]
                if quote == "\"" && character == "\\" {
                    index = value.index(after: index)
                    if index < value.endIndex { index = value.index(after: index) }
                    continue
                }
                index = value.index(after: index)
                if character == quote {
                    if quote == "'", index < value.endIndex, value[index] == "'" {
                        index = value.index(after: index)
                        continue
                    }
                    break
                }
            }
            let rest = value[index...]
            let blanks = rest.prefix { $0 == " " || $0 == "\t" }
            return !blanks.isEmpty && rest.dropFirst(blanks.count).hasPrefix("#") ? String(rest) : nil
        }
        // A plain value ends where " #" starts a comment.
        while index < value.endIndex {
            if value[index] == " " || value[index] == "\t" {
                let rest = value[index...]
                let blanks = rest.prefix { $0 == " " || $0 == "\t" }
                if rest.dropFirst(blanks.count).hasPrefix("#") { return String(rest) }
            }
            index = value.index(after: index)
        }
        return nil
    }

    /// `value` as a YAML double-quoted scalar: every character Psych reads
    /// back as itself, or escaped.
    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                switch scalar.value {
                case 0..<0x20, 0x7F..<0xA0: out += String(format: "\\x%02X", scalar.value)
                case 0x2028: out += "\\L"
                case 0x2029: out += "\\P"
                case 0xFEFF: out += "\\uFEFF"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The env section's values as the launcher hands them to the container:
    /// Psych's `YAML.load`, then Ruby's `to_s` of each value.
    static func values(in text: String) throws(ConfigFileError) -> [String: (text: String?, line: Int?)] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigFileError(
                line: Self.line(of: error), "is not valid YAML.",
                fix: "Correct the file (./launcher would refuse it too), then try again.")
        } catch {
            throw ConfigFileError("could not be read as YAML.", fix: "Check the file, then try again.")
        }
        // The last `env` wins, as in Psych.
        guard let env = root?.mapping?.filter({ $0.key.scalar?.string == "env" }).last?.value.mapping else {
            return [:]
        }
        var result: [String: (text: String?, line: Int?)] = [:]
        for (key, value) in env {
            guard let name = key.scalar?.string else { continue }
            result[name] = (try launcherText(value, name: name, in: text), value.mark?.line)
        }
        return result
    }

    static func launcherText(_ node: Node, name: String, in document: String) throws(ConfigFileError) -> String? {
        guard let scalar = node.scalar else {
            throw ConfigFileError(
                line: node.mark?.line, "sets \(name) to a list or mapping, not a value.",
                fix: "Write one value, like \(name): \"value\".")
        }
        let tag = scalar.tag.description
        let text = YAMLScalarText.text(of: scalar, in: document)
        let loaded: PsychValue =
            tag.isEmpty || tag == "!"
            ? (scalar.style == .plain ? PsychScalar.tokenize(text) : .string(text))
            : tag == Tag.Name.str.rawValue ? .string(text) : PsychScalar.tokenize(text)
        switch loaded {
        case .null: return nil
        case .string(let text), .date(let text), .symbol(let text): return text
        case .integer(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .float(let number): return "\(number)"
        case .other(let what): return what
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
}

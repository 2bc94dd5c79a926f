import Foundation
import Yams

/// Forem's `settings_smtp.value`: written `value.to_yaml` (Ruby's Psych, which
/// emits through libyaml), read `YAML.unsafe_load(value)`. Yams brings the
/// same libyaml; PsychScalar makes Psych's choices on top of it.
public enum ForemYAML {
    /// `string.to_yaml`, byte for byte: `--- smtp.gmail.com\n`, `--- 'yes'\n`.
    public static func encode(_ string: String) -> String {
        let style: Node.Scalar.Style
        switch PsychScalar.requestedStyle(for: string) {
        case .plain: style = .plain
        case .singleQuoted: style = .singleQuoted
        case .doubleQuoted: style = .doubleQuoted
        case .literal: style = .literal
        case .taggedMergeKey: return "--- !!str '<<'\n"
        }
        return emit(.scalar(.init(string, Tag(.str), style))) ?? fallback(string)
    }

    /// `integer.to_yaml`: `--- 587\n`.
    public static func encode(_ integer: Int) -> String {
        emit(.scalar(.init(String(integer), Tag(.int), .plain))) ?? "--- \(integer)\n"
    }

    /// What a row holds in Forem's type: the port as an Integer, the rest as Strings.
    public static func encode(_ value: String, for key: SettingKey) -> String {
        if key == .port, let number = Int(value), String(number) == value { return encode(number) }
        return encode(value)
    }

    /// Whether a stored value is a YAML document as Psych writes one, rather
    /// than the raw text smtp-setup wrote before (which never holds a newline).
    public static func isYAML(_ stored: String) -> Bool {
        // By bytes: a value that begins with a combining mark joins the space before it into
        // one Character (`--- ́`), which a Character-wise "--- " prefix would not match.
        let bytes = stored.utf8
        return (bytes.starts(with: "--- ".utf8) || bytes.starts(with: "---\n".utf8)) && bytes.last == UInt8(ascii: "\n")
    }

    /// `YAML.unsafe_load(stored)`; nil when Psych would raise a syntax error.
    public static func load(_ stored: String) -> PsychValue? {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: stored, .default, .default, .utf8)
        } catch {
            return nil
        }
        guard let node = composed else { return .null }
        guard case .scalar(let scalar) = node else { return .other("a YAML \(kind(of: node))") }
        let tag = scalar.tag.description
        let text = YAMLScalarText.text(of: scalar, in: stored)
        if tag.isEmpty || tag == "!" {
            return scalar.style == .plain ? PsychScalar.tokenize(text) : .string(text)
        }
        switch tag {
        case Tag.Name.str.rawValue: return .string(text)
        case Tag.Name.int.rawValue: return PsychScalar.parseInteger(text).map(PsychValue.integer)
        default: return .other("a value tagged \(tag)")
        }
    }

    /// A value as Forem's settings cast it: `port` with Ruby's `to_i`, the
    /// others as loaded. nil: Forem sees no value.
    public static func foremText(_ value: PsychValue, for key: SettingKey) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return key == .port ? String(rubyToInteger(text)) : text
        case .integer(let number): return String(number)
        case .float(let number):
            return key == .port && number.isFinite ? String(Int(number.rounded(.towardZero))) : "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .symbol(let name): return name
        case .date(let text): return text
        case .other: return nil
        }
    }

    /// Ruby's `String#to_i`: leading digits after blanks and a sign, else 0.
    static func rubyToInteger(_ text: String) -> Int {
        var rest = Substring(text).drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        var sign = 1
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        var digits = ""
        var previousUnderscore = false
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
                previousUnderscore = false
            } else if character == "_", !digits.isEmpty, !previousUnderscore {
                previousUnderscore = true
            } else {
                break
            }
        }
        return (Int(digits) ?? 0) * sign
    }

    static func emit(_ node: Node) -> String? {
        // Psych's emitter: indent 2, libyaml's 80-column folding, UTF-8 left unescaped.
        try? Yams.serialize(node: node, indent: 2, width: 0, allowUnicode: true, explicitStart: true)
    }

    /// Never reached with libyaml; a double-quoted form it would also read.
    static func fallback(_ string: String) -> String {
        let escaped = string.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            default: return scalar.value < 0x20 ? String(format: "\\x%02X", scalar.value) : String(scalar)
            }
        }
        return "--- \"\(escaped.joined())\"\n"
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .mapping: "mapping"
        case .sequence: "sequence"
        default: "alias"
        }
    }
}

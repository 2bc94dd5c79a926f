/// The Ruby literals a `gitlab.rb` assignment holds, read as Ruby reads them
/// and written so that Ruby reads back exactly the same value.
enum RubyLiteral: Equatable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null
    case symbol(String)

    /// The source text: strings single-quoted, where only `\\` and `\'`
    /// are escapes, so no value can start an interpolation.
    var source: String {
        switch self {
        case .string(let text):
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "nil"
        case .symbol(let name): ":" + name
        }
    }

    /// The value as text, as GitLab's templates turn it into a setting (`to_s`).
    var text: String? {
        switch self {
        case .string(let text), .symbol(let text): text
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: nil
        }
    }

    /// The literal at the start of `source` and where it ends; nil when it
    /// is not one of the literals above (an expression, an interpolation).
    static func scan(_ source: Substring) -> (RubyLiteral, end: Substring.Index)? {
        // By scalar: a quote followed by a combining mark is one Character ('́').
        guard let first = source.unicodeScalars.first else { return nil }
        switch first {
        case "'": return singleQuoted(source)
        case "\"": return doubleQuoted(source)
        case ":":
            let name = Substring(source.unicodeScalars.dropFirst()).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.isEmpty ? nil : (.symbol(String(name)), name.endIndex)
        default:
            let word = source.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "+" }
            let end = word.endIndex
            switch word {
            case "true": return (.bool(true), end)
            case "false": return (.bool(false), end)
            case "nil": return (.null, end)
            default:
                guard word.range(of: #"^[-+]?[0-9][0-9_]*$"#, options: .regularExpression) != nil,
                    !word.contains("__"), !word.hasSuffix("_"),
                    let number = Int(word.replacingOccurrences(of: "_", with: "")),
                    end == source.endIndex || source[end] != "."
                else { return nil }
                return (.integer(number), end)
            }
        }
    }

    static func singleQuoted(_ source: Substring) -> (RubyLiteral, end: Substring.Index)? {
        var text = String.UnicodeScalarView()
        var scalars = source.unicodeScalars.dropFirst()
        while let scalar = scalars.popFirst() {
            if scalar == "'" { return (.string(String(text)), scalars.startIndex) }
            if scalar == "\\", let next = scalars.first, next == "\\" || next == "'" {
                text.append(next)
                scalars.removeFirst()
                continue
            }
            text.append(scalar)
        }
        return nil
    }

    static func doubleQuoted(_ source: Substring) -> (RubyLiteral, end: Substring.Index)? {
        var text = String.UnicodeScalarView()
        var scalars = source.unicodeScalars.dropFirst()
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "n": "\n", "t": "\t", "s": " ", "r": "\r", "e": "\u{1B}", "a": "\u{07}", "b": "\u{08}",
            "f": "\u{0C}", "v": "\u{0B}",
        ]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"": return (.string(String(text)), scalars.startIndex)
            case "#":
                // "#{…}", "#@x" and "#$x" interpolate: not a fixed value.
                if let next = scalars.first, next == "{" || next == "@" || next == "$" { return nil }
                text.append(scalar)
            case "\\":
                guard let escaped = scalars.popFirst() else { return nil }
                if let meaning = simple[escaped] {
                    text.append(meaning)
                } else if escaped == "\n" {
                    continue
                } else if escaped == "u" || escaped == "x" || escaped == "c" || escaped == "C" || escaped == "M"
                    || ("0"..."7").contains(escaped)
                {
                    return nil
                } else {
                    text.append(escaped)
                }
            default: text.append(scalar)
            }
        }
        return nil
    }
}

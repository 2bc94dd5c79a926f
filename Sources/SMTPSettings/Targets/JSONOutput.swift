/// JSON written the way `JSON.stringify(value, null, indent)` lays it out,
/// at a given depth of a file, so an inserted value looks like its file.
indirect enum JSONOutput {
    case object([(String, JSONOutput)])
    case string(String)
    case number(String)
    case bool(Bool)

    /// The text; `indentation` is that of the line the value starts on,
    /// `unit` one level more (nil: all on one line, as the file has it).
    func render(indentation: String, unit: String?, newline: String) -> String {
        switch self {
        case .string(let text): return Self.quoted(text)
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .object(let members):
            guard let unit, !members.isEmpty else {
                return "{"
                    + members.map {
                        Self.quoted($0.0) + ":"
                            + $0.1.render(
                                indentation: "", unit: nil, newline: newline)
                    }.joined(separator: ",") + "}"
            }
            let inner = indentation + unit
            let lines = members.map {
                inner + Self.quoted($0.0) + ": " + $0.1.render(indentation: inner, unit: unit, newline: newline)
            }
            return "{" + newline + lines.joined(separator: "," + newline) + newline + indentation + "}"
        }
    }

    /// A JSON string as `JSON.stringify` writes it: `"`, `\` and control
    /// characters escaped, everything else as it is.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

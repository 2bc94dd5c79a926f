/// JSON written the way `JSON.stringify(value, null, indent)` lays it out,
/// at a given depth of a file, so an inserted value looks like its file.
indirect enum JSONOutput {
    case object([(String, JSONOutput)])
    case string(String)
    case number(String)
    case bool(Bool)
    /// A value kept as the file had it, byte for byte.
    case raw(String)

    /// The text; `indentation` is that of the line the value starts on,
    /// `unit` one level more (nil: all on one line, as the file has it).
    func render(indentation: String, unit: String?, newline: String) -> String {
        switch self {
        case .string(let text): return Self.quoted(text)
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .raw(let text): return text
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

/// How a JSON file is laid out, so a value written into it looks like it.
enum JSONLayout {
    /// One level of the file's indentation (its top-level members'), or nil
    /// when the object is written on one line.
    static func unit(of members: [JSONNode.Member], in bytes: [UInt8]) -> String? {
        guard let first = members.first else { return "  " }
        let start = first.keyStart
        var index = start
        while index > 0, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        guard index > 0, bytes[index - 1] == 0x0A else { return nil }
        let unit = String(decoding: bytes[index..<start], as: UTF8.self)
        return unit.isEmpty ? "  " : unit
    }

    /// The blanks that start the line holding `offset`.
    static func lineIndentation(at offset: Int, in bytes: [UInt8]) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        let blanks = bytes[start..<offset].prefix { $0 == 0x20 || $0 == 0x09 }
        return String(decoding: blanks, as: UTF8.self)
    }
}

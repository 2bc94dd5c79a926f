/// Text from outside (a server's reply, a certificate's names, a value
/// another program stored) made safe to print: nothing in it can move the
/// cursor, set a title, write the clipboard or reorder what a line shows.
/// Control characters (C0, DEL, C1), line and paragraph separators and
/// bidirectional controls are written out visibly (`\r`, `\x1B`, `\u{202E}`).
public enum TerminalSafe {
    /// `text` with every unsafe character written out; `escapingBackslash`
    /// also doubles `\`, so that a quoted reply reads back unambiguously.
    public static func visible(_ text: String, escapingBackslash: Bool = false) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" && escapingBackslash {
                shown += "\\\\"
            } else {
                shown += visible(scalar)
            }
        }
        return shown
    }

    /// Text of several lines for the terminal: line feeds and tabs kept,
    /// every other unsafe character written out as `visible` does.
    public static func printable(_ text: String) -> String {
        guard !isSafe(text.replacing("\n", with: "").replacing("\t", with: "")) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            shown += scalar == "\n" || scalar == "\t" ? String(scalar) : visible(scalar)
        }
        return shown
    }

    /// Bytes as received, decoded leniently, cut to `limit` characters.
    public static func quote(_ bytes: [UInt8], limit: Int = 200) -> String {
        let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars
        var text = String(String.UnicodeScalarView(scalars.prefix(limit)))
        let cut = scalars.count > limit
        text = visible(text, escapingBackslash: true)
        return cut ? text + "…" : text
    }

    /// A value quoted in a message: made visible, and when longer than
    /// `limit` characters only its start and its length, so that a pasted
    /// megabyte is never echoed whole.
    public static func excerpt(_ text: String, limit: Int = 60) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return visible(text) }
        let start = String(String.UnicodeScalarView(scalars.prefix(limit)))
        return visible(start) + "… (\(scalars.count) characters in all)"
    }

    /// Whether `text` would print as it is.
    public static func isSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { visible($0).unicodeScalars.count == 1 }
    }

    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0D: return "\\r"
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x00..<0x20, 0x7F..<0xA0:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        case 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0xFEFF:
            return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: return String(scalar)
        }
    }
}

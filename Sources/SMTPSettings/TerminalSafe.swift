/// Text from outside (a server's reply, a certificate's names, a value
/// another program stored) made safe to print: nothing in it can move the
/// cursor, set a title, write the clipboard or reorder what a line shows.
public enum TerminalSafe {
    /// Control characters as `^[`-style or `\x9b` escapes, bidirectional
    /// controls and line separators as `<U+202E>`; everything else as it is.
    public static func visible(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x00..<0x20:
                out += "^" + String(Unicode.Scalar(UInt8(value + 0x40)))
            case 0x7F:
                out += "^?"
            case 0x80..<0xA0:
                out += "\\x" + String(value, radix: 16)
            case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
                out += "<U+" + String(value, radix: 16, uppercase: true) + ">"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `text` would print as it is.
    public static func isSafe(_ text: String) -> Bool { visible(text) == text }
}

/// Bytes from the server, made safe to show on a terminal: control
/// characters (C0, DEL, C1), line and paragraph separators and bidi
/// overrides are written out visibly (`\r`, `\x1B`, `\u{202E}`), so a
/// server can never move the cursor, recolour the screen or reorder text.
public enum VisibleText {
    public static func quote(_ bytes: [UInt8], limit: Int = 200) -> String {
        var shown = ""
        var count = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if count >= limit {
                shown += "…"
                break
            }
            shown += visible(scalar)
            count += 1
        }
        return shown
    }

    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0D: return "\\r"
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x5C: return "\\\\"
        case 0x00..<0x20, 0x7F..<0xA0:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        case 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
            return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: return String(scalar)
        }
    }
}

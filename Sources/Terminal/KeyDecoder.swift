import Wizard

/// Turns what the terminal sends into keys. ncurses decodes the sequences
/// its terminfo entry knows; this catches the ones it does not (a wrong
/// TERM over SSH is common), so arrows, Home/End and Delete still edit.
public enum KeyDecoder {
    /// A plain character, as `get_wch` returns it.
    public static func character(_ scalar: UInt32) -> Key? {
        switch scalar {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(scalar + 0x60)!))
        case 0x00, 0x1C...0x1F: return nil
        default:
            guard let unicode = Unicode.Scalar(scalar) else { return nil }
            return .character(Character(unicode))
        }
    }

    /// The body of an escape sequence after ESC (`[A`, `OH`, `[3~`...),
    /// or nil when it is not one we know.
    public static func sequence(_ body: String) -> Key? {
        switch body {
        case "[A", "OA": .up
        case "[B", "OB": .down
        case "[C", "OC": .right
        case "[D", "OD": .left
        case "[H", "OH", "[1~", "[7~": .home
        case "[F", "OF", "[4~", "[8~": .end
        case "[3~": .delete
        case "[5~": .pageUp
        case "[6~": .pageDown
        case "[Z": .backTab
        case "[2~": nil
        default: nil
        }
    }

    /// What ESC and the bytes after it were.
    public enum Escape: Equatable {
        case key(Key)
        case pasteStart
        case pasteEnd
        /// A sequence we do not know: dropped rather than typed into a field.
        case unknown
    }

    /// Decodes the body read after ESC (empty: a lone Escape).
    public static func escape(_ body: String) -> Escape {
        switch body {
        case "": return .key(.escape)
        case "[200~": return .pasteStart
        case "[201~": return .pasteEnd
        case "\u{7F}", "\u{08}": return .key(.altBackspace)
        default: break
        }
        if let key = sequence(body) { return .key(key) }
        // ESC then one ordinary key: Escape, and the key is read again.
        return body.unicodeScalars.count == 1 ? .key(.escape) : .unknown
    }

    /// Whether `body` (after ESC) is still an unfinished sequence.
    public static func needsMore(_ body: String) -> Bool {
        guard let first = body.first else { return true }
        guard first == "[" || first == "O" else { return false }
        guard body.count > 1, let last = body.unicodeScalars.last else { return true }
        // CSI ends with a byte from @ to ~; SS3 is always one more byte.
        return first == "[" && !(0x40...0x7E).contains(last.value)
    }
}

import FoundationEssentials

/// One line of editable text with a cursor, as a form field holds it.
struct FieldEditor: Equatable, Sendable {
    private(set) var characters: [Character] {
        didSet { text = String(characters) }
    }
    /// The value, kept with the characters: the view and the rules read it
    /// for every field on every frame, and it changes only with an edit.
    private(set) var text: String
    /// Between characters: 0 is before the first, `characters.count` after the last.
    private(set) var cursor: Int
    /// The whole value is selected (the field was entered with Tab): typing
    /// replaces it, a movement key keeps it.
    private(set) var selected = false

    /// Generous for a password or API key, small enough that a runaway paste stays harmless.
    static let maximumLength = 4096

    init(_ text: String = "") {
        characters = Array(text)
        self.text = text
        cursor = characters.count
    }

    var isEmpty: Bool { characters.isEmpty }

    enum Outcome: Equatable {
        case edited
        case moved
        case ignored
    }

    /// Selects the value, as a web form does for a field reached with Tab.
    mutating func select() {
        selected = !characters.isEmpty
    }

    /// Applies an editing key; keys that are not editing keys are ignored.
    @discardableResult
    mutating func handle(_ key: Key) -> Outcome {
        if selected {
            selected = false
            switch key {
            case .character, .paste:
                characters = []
                cursor = 0
            case .backspace, .delete, .control("d"), .control("w"), .altBackspace, .control("u"), .control("k"):
                characters = []
                cursor = 0
                return .edited
            default:
                break
            }
        }
        switch key {
        case .character(let character): return insert(character) ? .edited : .ignored
        case .paste(let text): return paste(text) ? .edited : .ignored
        case .control("w"), .altBackspace:
            guard cursor > 0 else { return .ignored }
            var start = cursor
            while start > 0, characters[start - 1].isWhitespace { start -= 1 }
            while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
            return .edited
        case .left:
            guard cursor > 0 else { return .ignored }
            cursor -= 1
            return .moved
        case .right:
            guard cursor < characters.count else { return .ignored }
            cursor += 1
            return .moved
        case .home, .control("a"):
            cursor = 0
            return .moved
        case .end, .control("e"):
            cursor = characters.count
            return .moved
        case .backspace:
            guard cursor > 0 else { return .ignored }
            characters.remove(at: cursor - 1)
            cursor -= 1
            return .edited
        case .delete, .control("d"):
            guard cursor < characters.count else { return .ignored }
            characters.remove(at: cursor)
            return .edited
        case .control("u"):
            guard cursor > 0 else { return .ignored }
            characters.removeSubrange(0..<cursor)
            cursor = 0
            return .edited
        case .control("k"):
            guard cursor < characters.count else { return .ignored }
            characters.removeSubrange(cursor...)
            return .edited
        default:
            return .ignored
        }
    }

    /// A paste goes in as typed text, trimmed of the white space and line
    /// breaks that copying from a web page or a terminal adds around a value.
    mutating func paste(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var inserted = false
        for character in trimmed where insert(character) { inserted = true }
        return inserted
    }

    /// Inserts at the cursor. Control characters never enter a field: a
    /// pasted CR or LF in a setting is how SMTP commands get injected.
    mutating func insert(_ character: Character) -> Bool {
        guard !character.unicodeScalars.contains(where: TextWidth.isControl),
            characters.count < Self.maximumLength
        else { return false }
        characters.insert(character, at: cursor)
        cursor += 1
        return true
    }

    /// The part to show in a box `limit` columns wide, keeping the cursor in
    /// view, and the cursor's column within it; with `mask`, each character
    /// shows as it (a password).
    func window(width limit: Int, mask: String? = nil) -> (text: String, cursor: Int) {
        // Nearly always: a value that fits, in one-column glyphs; the cursor's column is its index.
        if characters.count < limit {
            if let mask, TextWidth.printableASCIIWidth(mask) == 1 {
                return (String(repeating: mask, count: characters.count), cursor)
            }
            if mask == nil, TextWidth.printableASCIIWidth(text) != nil { return (text, cursor) }
        }
        return measuredWindow(width: limit, mask: mask)
    }

    /// `window`, glyph by glyph: what its shortcut must agree with.
    func measuredWindow(width limit: Int, mask: String?) -> (text: String, cursor: Int) {
        let glyphs = characters.map { mask ?? String($0) }
        let widths = glyphs.map { TextWidth.width($0) }
        guard limit > 0 else { return ("", 0) }
        var start = 0
        // Leave the cursor its own column at the right edge.
        while widths[start..<cursor].reduce(0, +) > limit - 1 { start += 1 }
        var text = ""
        var used = 0
        var index = start
        while index < glyphs.count, used + widths[index] <= limit {
            text += glyphs[index]
            used += widths[index]
            index += 1
        }
        return (text, widths[start..<cursor].reduce(0, +))
    }
}

import Synchronization

/// Display widths as a terminal draws them: `String.count` counts
/// characters, but a CJK character or an emoji takes two columns and a
/// combining mark none, so layout must measure columns.
enum TextWidth {
    /// Every frame measures every character it draws, so the common ones
    /// (ASCII and the frame's own glyphs) are answered before the Unicode
    /// property lookups, which cost more than the rest of a frame.
    static func width(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? 0 : 1 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if isNarrow(first.value), scalars.index(after: scalars.startIndex) == scalars.endIndex { return 1 }
        return measured(scalars)
    }

    /// The width from the Unicode properties: what `width` answers for any character.
    static func measured(_ scalars: Character.UnicodeScalarView) -> Int {
        guard let first = scalars.first else { return 0 }
        if isControl(first) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        // VS16 asks for the emoji (two-column) presentation of the base.
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if first.properties.isEmojiPresentation || isWide(first.value) { return 2 }
        return 1
    }

    static func width(_ text: some StringProtocol) -> Int {
        if let columns = printableASCIIWidth(text) { return columns }
        // Printable ASCII with the frame's own glyphs (rules, pointers, ticks): each
        // scalar is a character of one column, so no breaking into characters.
        var columns = 0
        for scalar in text.unicodeScalars {
            guard isOwnColumn(scalar) else { return text.reduce(0) { $0 + width($1) } }
            columns += 1
        }
        return columns
    }

    /// Printable ASCII or one of the frame's own glyphs: a character of one
    /// column by itself, in text made only of such scalars (none of them joins
    /// or marks its neighbour).
    static func isOwnColumn(_ scalar: Unicode.Scalar) -> Bool {
        (0x20..<0x7F).contains(scalar.value) || isNarrow(scalar.value)
    }

    /// The columns of text that is printable ASCII only, one a byte; nil for any other text.
    static func printableASCIIWidth(_ text: some StringProtocol) -> Int? {
        let columns = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return nil }
            return bytes.count
        }
        return columns ?? nil
    }

    /// Blocks of one-column scalars, none of them a mark, a format character
    /// or an emoji (Latin, punctuation, arrows, box drawing, ticks, braille):
    /// a test holds every one of them to what the properties say.
    static func isNarrow(_ value: UInt32) -> Bool {
        switch value {
        case 0xA0...0xAC, 0xAE...0x2FF, 0x2010...0x2027, 0x2190...0x21FF, 0x2500...0x25FC, 0x2713...0x2717,
            0x2800...0x28FF:
            true
        default:
            false
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }

    /// East Asian Wide and Fullwidth blocks (the ones wcwidth() reports as 2).
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// Text from outside (transcripts, paths, server replies) with control
    /// characters made visible in caret notation, so that nothing a server
    /// sends can move the terminal's cursor or hide in a blank cell.
    /// Bidirectional overrides, isolates and marks reorder what a line
    /// shows, and line and paragraph separators break it: shown as
    /// `<U+202E>`, never drawn.
    static func isReordering(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func printable(_ text: String) -> String {
        if printableASCIIWidth(text) != nil { return text }
        guard text.unicodeScalars.contains(where: { isControl($0) || isReordering($0) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case _ where isReordering(scalar):
                result += "<U+\(String(scalar.value, radix: 16, uppercase: true))>"
            case 0x09: result += " "
            case 0x00..<0x20: result += "^" + String(Character(Unicode.Scalar(scalar.value + 0x40)!))
            case 0x7F: result += "^?"
            case 0x80..<0xA0: result += "?"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text cut to `limit` columns, ending in the ellipsis when cut.
    static func truncate(_ text: String, to limit: Int, ellipsis: String) -> String {
        guard limit > 0 else { return "" }
        if width(text) <= limit { return text }
        let ellipsisWidth = width(ellipsis)
        guard ellipsisWidth <= limit else { return String(repeating: ".", count: limit) }
        var result = ""
        var used = 0
        for character in text {
            let next = width(character)
            if used + next > limit - ellipsisWidth { break }
            result.append(character)
            used += next
        }
        return result + ellipsis
    }

    /// Prose broken at spaces into lines of at most `limit` columns. Only a
    /// word longer than a whole line (a path, a host name) is broken inside.
    static func wrap(_ text: String, to limit: Int) -> [String] {
        guard limit > 0 else { return [] }
        let key = WrapMemo.Key(text: text, limit: limit)
        if let lines = wrapMemo.withLock({ $0.lines[key] }) { return lines }
        let lines = wrapAnew(text, to: limit)
        wrapMemo.withLock { $0.remember(lines, for: key) }
        return lines
    }

    /// `wrap` without the memo.
    static func wrapAnew(_ text: String, to limit: Int) -> [String] {
        // Printable ASCII (most prose on screen, wrapped anew every frame): one paragraph,
        // split at its space bytes, which are exactly its space characters.
        if printableASCIIWidth(text) != nil {
            return wrap(words: text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }, to: limit)
        }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrap(words: printable(String(paragraph)).split(separator: " "), to: limit)
        }
        return lines
    }

    /// One paragraph's words (printable already) laid into lines of at most `limit` columns.
    private static func wrap(words: [Substring], to limit: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in words {
            var word = String(word)
            var wordWidth = width(word)
            if lineWidth > 0 && lineWidth + 1 + wordWidth <= limit {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 { lines.append(line) }
            while wordWidth > limit {
                let (head, rest) = split(word, at: limit)
                lines.append(head)
                word = rest
                wordWidth = width(word)
            }
            line = word
            lineWidth = wordWidth
        }
        lines.append(line)
        return lines
    }

    /// The first `limit` columns of `text` and what is left.
    static func split(_ text: String, at limit: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let next = width(text[index])
            if used + next > limit && used > 0 { break }
            head.append(text[index])
            used += next
            index = text.index(after: index)
        }
        return (head, String(text[index...]))
    }

    static func pad(_ text: String, to limit: Int) -> String {
        text + spaces(limit - width(text))
    }

    /// `count` spaces (none for less than one): cut from one long run, where
    /// `String(repeating:count:)` would append them one by one on every frame.
    static func spaces(_ count: Int) -> String {
        guard count > 0 else { return "" }
        guard count <= manySpaces.utf8.count else { return String(repeating: " ", count: count) }
        return String(manySpaces.utf8.prefix(count))!
    }

    private static let manySpaces = String(repeating: " ", count: 256)
}

/// The lines of prose wrapped lately. Every frame wraps the same prose as
/// the one before it (a typed key changes one field); this keeps results
/// only, so `wrap` stays a pure function of its arguments.
private let wrapMemo = Mutex(WrapMemo())

private struct WrapMemo {
    /// By bytes: `String` equality would take "é" and "e\u{301}" (canonically
    /// equivalent) for one text and give back the other's bytes.
    struct Key: Hashable {
        var text: String
        var limit: Int

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.limit == rhs.limit && lhs.text.utf8.elementsEqual(rhs.text.utf8)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(limit)
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }

    /// A few screens' worth: forgotten all at once when full, so a window
    /// being resized through many widths cannot make it grow.
    static let capacity = 256
    var lines: [Key: [String]] = [:]

    mutating func remember(_ wrapped: [String], for key: Key) {
        if lines.count >= Self.capacity { lines.removeAll(keepingCapacity: true) }
        lines[key] = wrapped
    }
}

import Testing

@testable import Wizard

@Suite struct TextWidthTests {
    @Test func columnsNotCharacters() {
        #expect(TextWidth.width("abc") == 3)
        #expect(TextWidth.width("日本語") == 6)
        #expect(TextWidth.width("한국") == 4)
        #expect(TextWidth.width("📧") == 2)
        #expect(TextWidth.width("❤️") == 2)  // VS16 asks for the emoji form
        #expect(TextWidth.width("e\u{301}") == 1)  // combining accent takes no column
        #expect(TextWidth.width("\u{301}") == 0)
        #expect(TextWidth.width("Ａ") == 2)  // fullwidth
        #expect(TextWidth.width("…") == 1)
    }

    /// The shortcuts (ASCII, the narrow blocks) say what the Unicode properties say, scalar by scalar.
    @Test func shortcutsAgreeWithTheUnicodeProperties() {
        let blocks: [ClosedRange<UInt32>] = [
            0x00...0x7F, 0x80...0x2FF, 0x2000...0x206F, 0x2190...0x21FF, 0x2500...0x25FF, 0x2700...0x27BF,
            0x2800...0x28FF,
        ]
        for value in blocks.joined() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let character = Character(scalar)
            #expect(
                TextWidth.width(character) == TextWidth.measured(character.unicodeScalars),
                "U+\(String(value, radix: 16, uppercase: true))")
        }
        #expect(TextWidth.width("\r\n" as Character) == 0)
        #expect(TextWidth.width("e\u{301}" as Character) == 1)
        #expect(TextWidth.width("\u{2764}\u{FE0F}" as Character) == 2)
    }

    /// A text measured whole is the sum of its characters, ASCII or not, controls included.
    @Test func textWidthIsTheSumOfItsCharacters() {
        let texts = [
            "", "mail.example.org", "tab\there", "bell\u{7}", "del\u{7F}", "caf\u{E9}", "─┌┐…", "日本 mail",
            "\r\n", String((0x20..<0x7F).map { Character(Unicode.Scalar($0)!) }),
            // The frame's own glyphs with ASCII (measured scalar by scalar), and each of
            // them followed by what joins a character (measured by characters).
            "▸ Server address ─── ✓ • → ⠋", "─\u{301}─", "✓\u{FE0F}", "a\u{200D}b", "•\u{20E3}", "é\u{308}",
        ]
        for text in texts {
            #expect(TextWidth.width(text) == text.reduce(0) { $0 + TextWidth.measured($1.unicodeScalars) }, "\(text)")
            #expect(TextWidth.width(text[...]) == TextWidth.width(text))
        }
        #expect(TextWidth.printableASCIIWidth("plain text") == 10)
        #expect(TextWidth.printableASCIIWidth("tab\there") == nil)
        #expect(TextWidth.printableASCIIWidth("caf\u{E9}") == nil)
    }

    @Test func truncationEndsInTheEllipsisAndNeverSplitsAWideCharacter() {
        #expect(TextWidth.truncate("smtp.sendgrid.net", to: 10, ellipsis: "…") == "smtp.send…")
        #expect(TextWidth.truncate("smtp.sendgrid.net", to: 10, ellipsis: "...") == "smtp.se...")
        #expect(TextWidth.truncate("short", to: 10, ellipsis: "…") == "short")
        let cut = TextWidth.truncate("日本語テキスト", to: 6, ellipsis: "…")
        #expect(cut == "日本…")
        #expect(TextWidth.width(cut) <= 6)
    }

    @Test func wrapBreaksAtSpaces() {
        let lines = TextWidth.wrap("the quick brown fox jumps over the lazy dog", to: 10)
        #expect(lines == ["the quick", "brown fox", "jumps over", "the lazy", "dog"])
        #expect(lines.allSatisfy { TextWidth.width($0) <= 10 })
    }

    @Test func onlyAWordLongerThanTheLineIsBroken() {
        let lines = TextWidth.wrap("see /var/lib/smtp-setup/settings.sqlite3 now", to: 12)
        #expect(lines.allSatisfy { TextWidth.width($0) <= 12 })
        #expect(lines.first == "see")
        #expect(lines.joined() == "see/var/lib/smtp-setup/settings.sqlite3now")
    }

    /// Printable ASCII is wrapped by a shortcut; a text with a newline takes the general path.
    @Test func asciiWrapsAsTheGeneralPathDoes() {
        let texts = [
            "", "   ", "one", "the quick brown fox jumps over the lazy dog", "  leading and  double  spaces ",
            "see /var/lib/smtp-setup/settings.sqlite3 now", "averyveryverylongwordthatneverfits in a line",
        ]
        for text in texts {
            for limit in [1, 5, 12, 40] {
                #expect(TextWidth.wrap(text + "\n", to: limit) == TextWidth.wrap(text, to: limit) + [""])
            }
        }
    }

    /// Wrapped prose is remembered (a frame wraps what the last one did);
    /// what comes back is what wrapping anew gives, before and after the
    /// memo fills and is emptied, for the same text at other widths too.
    @Test func rememberedWrapsAreWhatWrappingAnewGives() {
        let texts = (0..<300).map { "Paragraph \($0): the mail server at smtp\($0).example.org took 中文 too long." }
        for round in 0..<2 {
            for (index, text) in texts.enumerated() {
                let width = 12 + (index + round) % 30
                #expect(TextWidth.wrap(text, to: width) == TextWidth.wrapAnew(text, to: width), "\(text) at \(width)")
                #expect(TextWidth.wrap(text, to: width) == TextWidth.wrapAnew(text, to: width))
            }
        }
        #expect(TextWidth.wrap("a b", to: 0).isEmpty)
        // Canonically equivalent spellings are different texts: each gets its own bytes back.
        for spelling in ["caf\u{E9} au lait", "cafe\u{301} au lait", "caf\u{E9} au lait"] {
            let lines = TextWidth.wrap(spelling, to: 8)
            #expect(Array(lines.joined(separator: " ").unicodeScalars) == Array(spelling.unicodeScalars))
        }
    }

    @Test func wrapMeasuresWideCharacters() {
        let lines = TextWidth.wrap("日本語 日本語 日本語", to: 13)
        #expect(lines == ["日本語 日本語", "日本語"])
    }

    @Test func controlCharactersAreShownNotSent() {
        #expect(TextWidth.printable("250 OK\r\n") == "250 OK^M^J")
        #expect(TextWidth.printable("a\u{1B}[2Jb") == "a^[[2Jb")
        #expect(TextWidth.printable("plain") == "plain")
        // Reordering and line-breaking characters are named, never drawn.
        #expect(TextWidth.printable("a\u{202E}b\u{2066}c\u{2028}d\u{2029}") == "a<U+202E>b<U+2066>c<U+2028>d<U+2029>")
        #expect(TextWidth.printable("x\u{9B}6n") == "x?6n")
    }
}

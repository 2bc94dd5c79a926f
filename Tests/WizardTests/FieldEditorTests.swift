import Testing

@testable import Wizard

@Suite struct FieldEditorTests {
    @Test func typesAtTheCursor() {
        var editor = FieldEditor("smtp.com")
        editor.handle(.home)
        for character in "x" { editor.handle(.character(character)) }
        #expect(editor.text == "xsmtp.com")
        editor.handle(.end)
        editor.handle(.left)
        editor.handle(.left)
        editor.handle(.left)
        editor.handle(.character("X"))
        #expect(editor.text == "xsmtp.Xcom")
        #expect(editor.cursor == 7)
    }

    @Test func backspaceAndDeleteRemoveOnTheirSide() {
        var editor = FieldEditor("abcd")
        editor.handle(.left)
        editor.handle(.left)
        #expect(editor.handle(.backspace) == .edited)
        #expect(editor.text == "acd")
        #expect(editor.handle(.delete) == .edited)
        #expect(editor.text == "ad")
        #expect(editor.cursor == 1)
        editor.handle(.home)
        #expect(editor.handle(.backspace) == .ignored)
        editor.handle(.end)
        #expect(editor.handle(.delete) == .ignored)
        #expect(editor.text == "ad")
    }

    @Test func cursorStaysInsideTheText() {
        var editor = FieldEditor("ab")
        #expect(editor.handle(.right) == .ignored)
        editor.handle(.left)
        editor.handle(.left)
        #expect(editor.handle(.left) == .ignored)
        #expect(editor.cursor == 0)
    }

    @Test(arguments: ["\r", "\n", "\0", "\t", "\u{1B}", "\u{7F}", "\u{85}", "\r\n"])
    func controlCharactersAreNeverInserted(_ text: String) {
        var editor = FieldEditor("ok")
        #expect(editor.handle(.character(Character(text))) == .ignored)
        #expect(editor.text == "ok")
    }

    @Test func windowKeepsTheCursorInView() {
        var editor = FieldEditor("abcdefghijklmnopqrstuvwxyz")
        let end = editor.window(width: 10)
        #expect(end.text == "rstuvwxyz")
        #expect(end.cursor == 9)
        editor.handle(.home)
        let start = editor.window(width: 10)
        #expect(start.text == "abcdefghij")
        #expect(start.cursor == 0)
    }

    /// The shortcut for a value that fits gives what measuring each glyph gives,
    /// with the cursor anywhere, masked or not, at the edge of fitting and past it.
    @Test func windowsShortcutAgreesWithMeasuring() {
        for value in ["", "a", "abcdefghi", "abcdefghij", "abcdefghijk", "日本", "é", "e\u{301}x", "a\u{200B}b"] {
            for mask in [nil, "*", "•", "＊"] {
                var editor = FieldEditor(value)
                editor.handle(.home)
                for _ in 0...value.count {
                    for width in [0, 1, 9, 10, 11, 12] {
                        let fast = editor.window(width: width, mask: mask)
                        let measured = editor.measuredWindow(width: width, mask: mask)
                        #expect(fast == measured, "\(value.debugDescription) \(String(describing: mask)) w\(width)")
                    }
                    editor.handle(.right)
                }
            }
        }
    }

    @Test func windowMeasuresWhatIsShown() {
        let editor = FieldEditor("日本語")
        let shown = editor.window(width: 10)
        #expect(shown.cursor == 6)
        let masked = editor.window(width: 10, mask: "*")
        #expect(masked.text == "***")
        #expect(masked.cursor == 3)
    }
}

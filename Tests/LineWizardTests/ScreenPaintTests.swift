import Foundation
import TestSupport
import Testing

/// What the full-screen wizard writes to the terminal, byte for byte, on a
/// real pty at 80x24: after the first frame, a typed key sends its own
/// character and nothing else that shows (no clear, no repainted text), so
/// typing stays fast over a slow SSH link; a resize repaints everything.
/// Each step waits for output it can see; nothing sleeps.
@Suite struct ScreenPaintTests {
    let dir = TemporaryDirectory("screen-paint")

    func start() throws -> PseudoTerminalProcess {
        try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), ["--store", dir.file("settings.sqlite3")],
            environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"], controllingTerminal: true,
            size: (width: 80, height: 24))
    }

    /// Welcome -> Custom server: the server form, its empty address field
    /// focused, painted to its last row (the help line, "quit").
    func openServerForm(_ child: PseudoTerminalProcess) throws {
        try child.waitFor("outgoing")
        try typeAndWait(child, "\r", for: "Choose", then: "quit")
        try typeAndWait(child, String(repeating: "\u{1B}[B", count: 8) + "\r", for: "hands", then: "quit")
    }

    /// Types `keys` and waits until what the child wrote after them shows
    /// `text` (and `last` after it: a frame is painted top to bottom, so a
    /// word of its last row means the frame is all there); returns that
    /// output. Words only: ncurses may move over the spaces between them.
    @discardableResult
    func typeAndWait(
        _ child: PseudoTerminalProcess, _ keys: String, for text: String, then last: String? = nil
    ) throws -> String {
        let mark = child.written.count
        child.type(keys)
        var since = ""
        try child.waitUntil("'\(text)' after typing \(keys.debugDescription)") {
            since = String(decoding: child.written[mark...], as: UTF8.self)
            guard let found = since.range(of: text) else { return false }
            return last.map { since[found.upperBound...].contains($0) } ?? true
        }
        return since
    }

    @Test func aTypedKeyWritesItsCharacterAndRepaintsNothingElse() throws {
        let child = try start()
        try openServerForm(child)
        // The first key may change more than its cell (a placeholder goes away).
        try typeAndWait(child, "m", for: "m")
        let mark = child.written.count
        try typeAndWait(child, "x", for: "x")
        // The next echo comes after every byte written for the key before it.
        try typeAndWait(child, "q", for: "q")
        let output = String(decoding: child.written[mark...], as: UTF8.self)
        for clear in ["\u{1B}[2J", "\u{1B}[J", "\u{1B}[0J", "\u{1B}c", "\u{1B}[?1049h"] {
            #expect(!output.contains(clear), "a screen clear in \(output.debugDescription)")
        }
        // Escape sequences aside, only the two echoed characters were written:
        // no title, field label or help line was painted again.
        #expect(Self.visibleText(output) == "xq", "\(output.debugDescription)")
        #expect(child.screen.contains("mxq"))
    }

    @Test func aResizeRepaintsTheWholeScreen() throws {
        let child = try start()
        try openServerForm(child)
        for (width, height) in [(100, 30), (80, 24)] {
            let mark = child.written.count
            child.resize(width: width, height: height)
            var output = ""
            try child.waitUntil("a repaint at \(width)x\(height)") {
                output = String(decoding: child.written[mark...], as: UTF8.self)
                return output.contains("quit")
            }
            #expect(output.contains("\u{1B}[2J"), "cleared first: \(output.debugDescription)")
            let text = Self.visibleText(output)
            for word in ["Welcome", "smtp-setup", "Mail", "server", "address", "Port", "STARTTLS", "Tab"] {
                #expect(text.contains(word), "\(word) repainted at \(width)x\(height): \(text)")
            }
        }
        // Typing still echoes after the resizes.
        let output = try typeAndWait(child, "z", for: "z")
        #expect(!output.contains("\u{1B}[2J"))
    }

    @Test func ctrlLRepaintsTheWholeScreen() throws {
        let child = try start()
        try openServerForm(child)
        let output = try typeAndWait(child, "\u{0C}", for: "Welcome", then: "quit")
        #expect(output.contains("\u{1B}[2J"), "cleared first: \(output.debugDescription)")
        let text = Self.visibleText(output)
        for word in ["smtp-setup", "Mail", "hands", "address", "STARTTLS"] { #expect(text.contains(word), "\(text)") }
        // After it, keys are painted as changes again.
        try typeAndWait(child, "m", for: "m")
        let after = try typeAndWait(child, "x", for: "x")
        #expect(Self.visibleText(after) == "x", "\(after.debugDescription)")
    }

    /// The printable text in terminal output: escape sequences (CSI, charset
    /// selection, other ESC pairs) and control characters removed.
    static func visibleText(_ output: String) -> String {
        var text = ""
        var scalars = output.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\u{1B}" {
                guard let next = scalars.next() else { break }
                if next == "[" {
                    // CSI: parameters, then one final byte in @...~.
                    while let byte = scalars.next(), !(0x40...0x7E).contains(byte.value) {}
                } else if next == "(" || next == ")" {
                    _ = scalars.next()
                }
                continue
            }
            if scalar.value >= 0x20 && scalar.value != 0x7F { text.unicodeScalars.append(scalar) }
        }
        return text
    }
}

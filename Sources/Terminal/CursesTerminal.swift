// Module Terminal: everything that touches the terminal device.
// Holds CursesTerminal (the only ncurses code: lifecycle, keys, painting a
// cell grid), KeyDecoder, StylePalette, TerminalModes (every termios and
// tty-flush call: echo off for a password, discarding typed input, the
// isatty check) and SignalWatch (every signal disposition and its restore).
// May import: CNCursesW, Wizard (for Key, CellGrid, Charset), Foundation/Glibc.

import CNCursesW
import FoundationEssentials
import Wizard

#if canImport(Glibc)
    import Glibc
#endif

/// What the terminal has for the run loop.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resized(Size)
    /// Standard input is gone (the SSH link dropped): quit, do not spin.
    case endOfInput
}

/// Why the full screen cannot be used; the caller falls back to prompts.
public struct TerminalUnavailable: Error, CustomStringConvertible {
    public var description: String
}

/// The only code that calls ncurses. It paints cell grids and turns the
/// input into keys; everything it shows comes from the Wizard's view.
/// Use it from one thread only.
public final class CursesTerminal {
    private let screen: OpaquePointer
    private let palette: StylePalette
    private var closed = false
    /// The frame the terminal shows now; nil when it must be painted whole.
    private var painted: CellGrid?
    /// Whether the cursor is visible now; nil before the first frame.
    private var cursorShown: Bool?
    /// Text of a bracketed paste still arriving (it can span several reads).
    private var pasting: String?
    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"
    public let charset: Charset
    public private(set) var size: Size

    /// Opens the terminal on stdin/stdout. `newterm`, unlike `initscr`,
    /// returns nil on an unknown TERM instead of exiting the process.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let term = environment["TERM"] ?? ""
        if let reason = Self.unusableReason(environment: environment) {
            throw TerminalUnavailable(description: reason)
        }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        charset = codeset.uppercased().filter { $0 != "-" } == "UTF8" ? .unicode : .ascii
        guard let screen = newterm(nil, shim_stdout(), shim_stdin()) else {
            throw TerminalUnavailable(description: "the terminal type '\(term)' is unknown here")
        }
        self.screen = screen
        set_term(screen)
        guard shim_has_cursor_addressing() != 0 else {
            endwin()
            delscreen(screen)
            throw TerminalUnavailable(description: "the terminal type '\(term)' cannot move the cursor")
        }
        // raw: Ctrl-C arrives as a key, so the wizard can ask before quitting.
        raw()
        noecho()
        nonl()
        keypad(shim_stdscr(), true)
        set_escdelay(25)
        nodelay(shim_stdscr(), true)
        // No typeahead checks: ncurses would poll stdin twice per refresh to abandon output
        // when more keys are waiting, which diffed frames (a key costs its character) never need.
        typeahead(-1)
        let colour = has_colors() && (environment["NO_COLOR"] ?? "").isEmpty
        if colour {
            start_color()
            use_default_colors()
        }
        palette = StylePalette(colour: colour)
        size = Size(width: Int(shim_cols()), height: Int(shim_lines()))
        // Pasted text arrives marked, so a pasted newline is never Enter.
        Self.send(Self.bracketedPasteOn)
    }

    /// A mode switch ncurses does not know of; a terminal without it ignores it.
    private static func send(_ sequence: String) {
        fputs(sequence, shim_stdout())
        fflush(shim_stdout())
    }

    /// Why the full screen cannot be tried at all (no terminal on both ends,
    /// or a TERM that cannot draw); nil when it can. An unknown TERM is found
    /// out later, when `newterm` returns nil.
    public static func unusableReason(environment: [String: String]) -> String? {
        let term = environment["TERM"] ?? ""
        guard TerminalModes.isTerminal(STDIN_FILENO), TerminalModes.isTerminal(STDOUT_FILENO) else {
            return "standard input or output is not a terminal"
        }
        guard !term.isEmpty, term != "dumb" else { return "TERM is \(term.isEmpty ? "not set" : "dumb")" }
        return nil
    }

    /// Paints the grid, touching only the cells that differ from the last
    /// frame: ncurses then sends only those, which is what a slow SSH link
    /// needs (a typed key costs its character; a spinner tick, its cell).
    /// The whole screen is repainted only after a resize.
    public func draw(_ grid: CellGrid) {
        let window = shim_stdscr()
        let rows = min(grid.size.height, size.height)
        let columns = min(grid.size.width, size.width)
        if let painted, painted.size == grid.size {
            for row in 0..<rows where !grid.sameRow(row, as: painted) {
                for span in Self.changedSpans(from: painted, to: grid, row: row, columns: columns) {
                    paint(grid, row: row, columns: span)
                }
            }
        } else {
            werase(window)
            for row in 0..<rows { paint(grid, row: row, columns: 0..<columns) }
        }
        painted = grid
        wattr_set(window, shim_a_normal(), 0, nil)
        let cursor = grid.cursor.flatMap { $0.row < rows && $0.column < columns ? $0 : nil }
        // Switching the cursor on costs bytes (and a flicker) every time: only when it changes.
        if cursorShown != (cursor != nil) {
            cursorShown = cursor != nil
            curs_set(cursor != nil ? 1 : 0)
        }
        if let cursor { wmove(window, Int32(cursor.row), Int32(cursor.column)) }
        wrefresh(window)
    }

    /// The runs of columns on `row` that differ between two frames of the
    /// same size. A wide character's second column ("") goes with its first.
    static func changedSpans(from old: CellGrid, to new: CellGrid, row: Int, columns: Int) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var column = 0
        while column < columns {
            guard old[row, column] != new[row, column] else {
                column += 1
                continue
            }
            var start = column
            while start > 0 && new[row, start].isContinuation { start -= 1 }
            var end = column + 1
            while end < columns && (old[row, end] != new[row, end] || new[row, end].isContinuation) { end += 1 }
            if let last = spans.last, last.upperBound >= start {
                spans[spans.count - 1] = last.lowerBound..<end
            } else {
                spans.append(start..<end)
            }
            column = end
        }
        return spans
    }

    /// Writes the cells of `columns` on `row`, one call per run of a style.
    private func paint(_ grid: CellGrid, row: Int, columns: Range<Int>) {
        let window = shim_stdscr()
        var column = columns.lowerBound
        while column < columns.upperBound {
            let style = grid[row, column].style
            let start = column
            var text: [wchar_t] = []
            while column < columns.upperBound && grid[row, column].style == style {
                let cell = grid[row, column]
                if let scalar = cell.scalar {
                    text.append(wchar_t(bitPattern: scalar.value))
                } else {
                    for scalar in cell.text.unicodeScalars { text.append(wchar_t(bitPattern: scalar.value)) }
                }
                column += 1
            }
            let (attribute, pair) = palette.attribute(style)
            wattr_set(window, attribute, pair, nil)
            wmove(window, Int32(row), Int32(start))
            text.withUnsafeBufferPointer { _ = waddnwstr(window, $0.baseAddress, Int32(text.count)) }
        }
    }

    /// Hands the terminal back to the shell as it was and stops the process
    /// until the shell continues it in the foreground (`fg`); the next frame
    /// then paints the whole screen (ncurses puts its modes back at that
    /// refresh). Returns the window's size if it changed meanwhile: a window
    /// resized while stopped sends its SIGWINCH to the shell, not here. Does
    /// nothing where no shell could continue it (JobControl.canStop).
    public func suspend() -> Size? {
        guard JobControl.canStop else { return nil }
        Self.send(Self.bracketedPasteOff)
        // Keys typed after Ctrl-Z are the shell's to read, not the wizard's
        // (nor a password field's) once it is back.
        TerminalModes.discardTypedInput(STDIN_FILENO)
        endwin()
        JobControl.stopUntilForeground()
        // The shell's modes as they are now (an stty while stopped stays at the end).
        def_shell_mode()
        Self.send(Self.bracketedPasteOn)
        repaintAll()
        return followWindowSize()
    }

    /// Forgets what the screen shows: the next frame paints every cell
    /// and ncurses clears the terminal first (after a resize, a terminal
    /// may have reflowed or dropped what was on it).
    private func repaintAll() {
        painted = nil
        clearok(shim_stdscr(), true)
    }

    /// Reads the window size from the terminal and tells ncurses; returns
    /// the new size if it changed.
    public func followWindowSize() -> Size? {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else {
            return nil
        }
        let newSize = Size(width: Int(window.ws_col), height: Int(window.ws_row))
        guard newSize != size else { return nil }
        resizeterm(Int32(window.ws_row), Int32(window.ws_col))
        size = newSize
        repaintAll()
        return newSize
    }

    /// Every key waiting now, decoded. `readable` is what `poll` said of
    /// stdin: readable with nothing to read means the other end closed.
    public func readPending(readable: Bool) -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        var value: wint_t = 0
        var read = 0
        while true {
            let result = wget_wch(shim_stdscr(), &value)
            if result == ERR { break }
            read += 1
            let isKeyCode = result == shim_key_code_yes()
            if pasting != nil {
                if let text = collectPaste(value, isKeyCode: isKeyCode) { inputs.append(.key(.paste(text))) }
                continue
            }
            if isKeyCode {
                if Int32(value) == KEY_RESIZE {
                    // `resizeterm` in followWindowSize queues one too, read at the next key:
                    // that size is already painted.
                    let newSize = Size(width: Int(shim_cols()), height: Int(shim_lines()))
                    guard newSize != size else { continue }
                    size = newSize
                    repaintAll()
                    inputs.append(.resized(size))
                } else if let key = Self.functionKey(Int32(value)) {
                    inputs.append(.key(key))
                }
                continue
            }
            if value == 0x1B {
                switch readEscapeSequence() {
                case .key(let key): inputs.append(.key(key))
                case .pasteStart: pasting = ""
                case .pasteEnd, .unknown: break
                }
                continue
            }
            if let key = KeyDecoder.character(UInt32(value)) {
                // Ctrl-L, as in every full-screen tool: the next frame repaints everything
                // (something else wrote on the terminal, and only changes are sent otherwise).
                if key == .control("l") {
                    repaintAll()
                    continue
                }
                // Ctrl-Z, as in every full-screen tool: back to the shell until `fg`.
                if key == .control("z") {
                    if let resized = suspend() { inputs.append(.resized(resized)) }
                    continue
                }
                inputs.append(.key(key))
            }
        }
        if readable && read == 0 && Self.endOfInput() { inputs.append(.endOfInput) }
        return inputs
    }

    /// One more piece of a paste; the whole text once its end marker came.
    private func collectPaste(_ value: wint_t, isKeyCode: Bool) -> String? {
        if isKeyCode {
            if Int32(value) == KEY_ENTER { pasting?.append("\n") }
            return nil
        }
        if value == 0x1B {
            guard case .pasteEnd = readEscapeSequence() else { return nil }
            defer { pasting = nil }
            return pasting
        }
        // A runaway paste stays harmless: the field takes 4096 characters at most.
        guard let scalar = Unicode.Scalar(UInt32(value)), (pasting?.unicodeScalars.count ?? 0) < 65_536 else {
            return nil
        }
        pasting?.unicodeScalars.append(scalar)
        return nil
    }

    /// After ESC: a sequence terminfo did not know, a paste marker, Alt
    /// plus a key, or a lone Escape.
    private func readEscapeSequence() -> KeyDecoder.Escape {
        var body = ""
        var value: wint_t = 0
        while KeyDecoder.needsMore(body) {
            let result = wget_wch(shim_stdscr(), &value)
            if result == ERR { break }
            if result == shim_key_code_yes() {
                // ESC then a key ncurses decoded itself: Alt-Backspace, or Escape then that key.
                if Int32(value) == KEY_BACKSPACE && body.isEmpty { return .key(.altBackspace) }
                ungetch(Int32(value))
                return body.isEmpty ? .key(.escape) : .unknown
            }
            guard let scalar = Unicode.Scalar(UInt32(value)) else { break }
            body.unicodeScalars.append(scalar)
        }
        let decoded = KeyDecoder.escape(body)
        if case .key(.escape) = decoded, let scalar = body.unicodeScalars.first {
            // ESC then a key typed fast (Alt-key): keep the key.
            unget_wch(wchar_t(bitPattern: scalar.value))
        }
        return decoded
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case shim_key_f0() + 1...shim_key_f0() + 24: .function(Int(code - shim_key_f0()))
        default: nil
        }
    }

    /// Readable but nothing to read: the other end closed.
    static func endOfInput() -> Bool {
        var pending: Int32 = 0
        return ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) == 0 && pending == 0
    }

    /// Gives the terminal back as it was. Safe to call twice.
    ///
    /// The wizard runs without echo all along: what was typed and not read
    /// yet (a password half-typed when a signal came) is discarded before
    /// `endwin` turns echo back on, or the shell would read it. On a
    /// terminal that hung up every write and termios call here fails at
    /// once with EIO, which ncurses gives up on: nothing blocks or traps.
    public func close() {
        guard !closed else { return }
        closed = true
        Self.send(Self.bracketedPasteOff)
        TerminalModes.discardTypedInput(STDIN_FILENO)
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    deinit { close() }
}

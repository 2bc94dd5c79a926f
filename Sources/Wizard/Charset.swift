/// The glyphs the screen is drawn with. A non-UTF-8 locale gets plain
/// ASCII, so that a `vt100` or a `C` locale over SSH shows no mojibake.
public enum Charset: Equatable, Sendable {
    case unicode
    case ascii

    var horizontal: String { self == .unicode ? "─" : "-" }
    var vertical: String { self == .unicode ? "│" : "|" }
    var topLeft: String { self == .unicode ? "┌" : "+" }
    var topRight: String { self == .unicode ? "┐" : "+" }
    var bottomLeft: String { self == .unicode ? "└" : "+" }
    var bottomRight: String { self == .unicode ? "┘" : "+" }
    var ellipsis: String { self == .unicode ? "…" : "..." }
    var check: String { self == .unicode ? "✓" : "+" }
    var cross: String { self == .unicode ? "✗" : "x" }
    var warning: String { "!" }
    var pending: String { self == .unicode ? "·" : "." }
    var mask: String { self == .unicode ? "•" : "*" }
    var bullet: String { self == .unicode ? "•" : "-" }
    var pointer: String { self == .unicode ? "▸" : ">" }
    var dash: String { self == .unicode ? "—" : "-" }
    var radioOn: String { self == .unicode ? "(•)" : "(*)" }
    var radioOff: String { "( )" }
    var upDown: String { self == .unicode ? "↑/↓" : "Up/Down" }
    var leftRight: String { self == .unicode ? "←/→" : "Left/Right" }
    var up: String { self == .unicode ? "↑" : "Up" }
    var down: String { self == .unicode ? "↓" : "Down" }

    /// One frame per tick; each frame is one column wide.
    var spinner: [String] {
        self == .unicode ? ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] : ["|", "/", "-", "\\"]
    }

    func spinner(_ frame: Int) -> String {
        let frames = spinner
        return frames[((frame % frames.count) + frames.count) % frames.count]
    }
}

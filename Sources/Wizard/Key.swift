/// A key press, already decoded from whatever escape sequence carried it.
public enum Key: Equatable, Sendable {
    case character(Character)
    case enter
    case escape
    case tab
    case backTab
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    case backspace
    case delete
    /// Ctrl plus a letter, lower-case: `.control("c")`.
    case control(Character)
    /// Alt-Backspace (ESC then DEL): deletes a word, never "Escape, go back".
    case altBackspace
    /// Text pasted in one go (bracketed paste): its newlines are not Enter.
    case paste(String)
    /// An F-key; never required, but harmless.
    case function(Int)
}

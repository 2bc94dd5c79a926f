import SMTPSettings

/// What the wizard said about the last intent, on the message line, in a style.
struct Notice: Equatable, Sendable {
    var text: String
    var style: CellGrid.Style

    static func error(_ text: String) -> Notice { Notice(text: text, style: .error) }
    static func warning(_ text: String) -> Notice { Notice(text: text, style: .warning) }
    static func success(_ text: String) -> Notice { Notice(text: text, style: .success) }
    static func info(_ text: String) -> Notice { Notice(text: text, style: .normal) }
}

/// One line of the conversation. Built from what the probe chose to show
/// at each send, never from the wire bytes, so secrets never get here.
public struct TranscriptLine: Equatable, Sendable, Codable {
    public enum Direction: String, Sendable, Codable {
        case sent
        case received
        /// Our own remark, e.g. "TLS 1.3 established".
        case note
    }

    public var direction: Direction
    /// Whether the line travelled inside TLS.
    public var encrypted: Bool
    public var text: String

    public init(_ direction: Direction, encrypted: Bool, _ text: String) {
        self.direction = direction
        self.encrypted = encrypted
        self.text = text
    }

    /// swaks' arrows: `->`/`<-` in clear, `~>`/`<~` inside TLS.
    public var arrow: String {
        switch (direction, encrypted) {
        case (.sent, false): "->"
        case (.received, false): "<-"
        case (.sent, true): "~>"
        case (.received, true): "<~"
        case (.note, _): "=="
        }
    }

    public var rendered: String { "\(arrow) \(text)" }
}

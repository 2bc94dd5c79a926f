import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Standard input read line by line for the plain fallback wizard: a pipe,
/// a file, or a terminal without cursor control (`TERM=dumb`).
///
/// Everything is read through this one buffer straight from the file
/// descriptor, so that turning echo off for the password acts on exactly
/// the bytes read next.
final class LineInput {
    static let maximumLineBytes = 65_536

    let fileDescriptor: Int32
    private var buffer: [UInt8] = []
    private var ended = false

    /// Whether a person types at a terminal (which echoes), rather than a pipe or file.
    let isTerminal: Bool

    init(fileDescriptor: Int32 = STDIN_FILENO) {
        self.fileDescriptor = fileDescriptor
        isTerminal = isatty(fileDescriptor) == 1
    }

    /// The next line without its line ending; nil once input has ended.
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                return take(upTo: newline, dropping: 1)
            }
            if buffer.count >= Self.maximumLineBytes { return take(upTo: buffer.count, dropping: 0) }
            if ended { return buffer.isEmpty ? nil : take(upTo: buffer.count, dropping: 0) }
            fill()
        }
    }

    /// The next line, not echoed when input is a terminal. The terminal is
    /// put back on every way out: return, end of input, and SIGINT, SIGTERM,
    /// SIGHUP or SIGQUIT arriving while the admin types.
    func readSecretLine() -> String? {
        guard isTerminal, let echo = TerminalEcho.off(fileDescriptor) else { return readLine() }
        defer { echo.restore() }
        return readLine()
    }

    private func take(upTo end: Int, dropping separator: Int) -> String {
        var line = Array(buffer[..<end])
        buffer.removeSubrange(..<min(buffer.count, end + separator))
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }

    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return
            }
            if count < 0 && errno == EINTR { continue }
            // 0 is the end; an error (EIO once an SSH link is gone) ends input too.
            ended = true
            return
        }
    }
}

/// The terminal state saved while echo is off, for the signal handler.
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var savedTerminalFD: Int32 = -1

/// Restores the terminal and dies of the signal as if nothing had caught it.
private func restoreTerminalAndRaise(_ signal: Int32) {
    if savedTerminalFD >= 0 { tcsetattr(savedTerminalFD, TCSANOW, &savedTerminal) }
    _ = Glibc.signal(signal, SIG_DFL)
    raise(signal)
}

/// Echo turned off on a terminal, with the state and signal handlers to put back.
private struct TerminalEcho {
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    let fileDescriptor: Int32
    let previousHandlers: [(Int32, sighandler_t?)]

    static func off(_ fileDescriptor: Int32) -> TerminalEcho? {
        var state = termios()
        guard tcgetattr(fileDescriptor, &state) == 0 else { return nil }
        // Saved before anything changes, so a signal at any point restores the original.
        savedTerminal = state
        savedTerminalFD = fileDescriptor
        let handlers = signals.map { ($0, Glibc.signal($0, restoreTerminalAndRaise)) }
        var quiet = state
        quiet.c_lflag &= ~tcflag_t(ECHO)
        // The Enter that ends the password still moves to a new line.
        quiet.c_lflag |= tcflag_t(ECHONL)
        tcsetattr(fileDescriptor, TCSANOW, &quiet)
        return TerminalEcho(fileDescriptor: fileDescriptor, previousHandlers: handlers)
    }

    func restore() {
        tcsetattr(fileDescriptor, TCSANOW, &savedTerminal)
        savedTerminalFD = -1
        for (signal, handler) in previousHandlers { _ = Glibc.signal(signal, handler) }
    }
}

/// Where the fallback wizard writes: standard output, flushed at every
/// prompt so it shows before the wizard waits for an answer. (The live test
/// phases come from `LivePhasePrinter`, which prints to standard output too.)
struct LineOutput: Sendable {
    var write: @Sendable (String) -> Void

    static let standard = LineOutput { text in
        print(text, terminator: "")
        fflush(nil)
    }

    func line(_ text: String = "") { write(text + "\n") }

    /// A question: no newline, the answer is typed after it.
    func prompt(_ text: String) { write(text) }
}

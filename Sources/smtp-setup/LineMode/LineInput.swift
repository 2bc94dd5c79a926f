import Foundation
import Terminal

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
    /// Input ended because the terminal hung up (the SSH link dropped), not
    /// because the admin typed Ctrl-D or a pipe ran dry.
    private(set) var hungUp = false

    /// Whether a person types at a terminal (which echoes), rather than a pipe or file.
    let isTerminal: Bool

    init(fileDescriptor: Int32 = STDIN_FILENO) {
        self.fileDescriptor = fileDescriptor
        isTerminal = TerminalModes.isTerminal(fileDescriptor)
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
    /// put back on every way out (return, end of input, and SIGINT, SIGTERM,
    /// SIGHUP or SIGQUIT arriving while the admin types), and what was typed
    /// and not read is discarded first: see `TerminalModes`.
    func readSecretLine() -> String? {
        guard isTerminal, let hidden = TerminalModes.hideInput(fileDescriptor) else { return readLine() }
        defer { hidden.restore() }
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
            let failure = count < 0 ? errno : 0
            ended = true
            hungUp = isTerminal && (failure == EIO || TerminalModes.hungUp(fileDescriptor))
            return
        }
    }
}

import ArgumentParser
import Foundation
import Terminal

/// Reads the password from standard input: the one channel that keeps it
/// out of `ps`, shell history and logs.
enum PasswordInput {
    static let maximumBytes = 4096

    static func readFromStandardInput() throws -> String {
        if TerminalModes.isTerminal(STDIN_FILENO) { return try readTyped() }
        var data = Data()
        while data.count <= maximumBytes, let chunk = try? FileHandle.standardInput.read(upToCount: 1024),
            !chunk.isEmpty
        {
            data.append(chunk)
        }
        guard data.count <= maximumBytes else {
            throw usageFailure("--password-stdin read more than \(maximumBytes) bytes; pipe in only the password.")
        }
        // Exactly the bytes given: Foundation's decoding would drop a leading U+FEFF.
        guard var text = String(validating: data, as: UTF8.self) else {
            throw usageFailure("the password on standard input is not UTF-8 text.")
        }
        // One trailing newline is how `echo` and here-strings end; keep anything else.
        // ("\r\n" is a single Character in Swift, so one removal covers both.)
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw usageFailure("--password-stdin got an empty password; pipe it in, e.g. from a file: < secret.txt")
        }
        return text
    }

    /// At a terminal, reading to the end would show what is typed and wait
    /// for Ctrl-D: the password is asked for instead, on one line, not shown.
    private static func readTyped() throws -> String {
        SafeOutput.write("Password (not shown): ", to: STDERR_FILENO)
        guard let line = LineInput().readSecretLine() else {
            throw usageFailure("--password-stdin got no password: input ended before a line was typed.")
        }
        guard !line.isEmpty else {
            throw usageFailure("--password-stdin got an empty password; type it, or pipe it in: < secret.txt")
        }
        return line
    }
}

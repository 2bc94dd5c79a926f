import Foundation
import TestSupport
import Testing

/// At a `TERM=dumb` terminal the password is read with echo off, and echo
/// comes back on every way out, after what was typed and not read is
/// thrown away. No test here sleeps: each waits for a state it can see
/// (the terminal's echo flag, the screen, the child's exit).
@Suite struct PasswordEchoTests {
    let dir = TemporaryDirectory("line-wizard-tty")

    func start(term: String = "dumb") throws -> PseudoTerminalProcess {
        let child = try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), ["--store", dir.file("settings.sqlite3")],
            environment: ["TERM": term])
        try child.waitFor("Provider (1-9)")
        for answer in ["9", "smtp.example.com", "", "", "", "", "user"] { child.type(answer + "\r") }
        try child.waitFor("Password (not shown): ")
        // The prompt is written just before echo goes off (and the signal
        // handlers go in before that): echo off is the state to wait for.
        try child.waitUntil("echo turned off") { !child.echoes }
        return child
    }

    @Test func thePasswordIsNotEchoedAndEchoComesBack() throws {
        let child = try start()
        #expect(!child.echoes)
        child.type("Sup3r-Secret\r")
        try child.waitFor("HELO domain")
        #expect(child.echoes)
        // Ctrl-D at the next question ends input: nothing saved.
        child.type("\u{04}")
        #expect(child.wait() == 66)
        #expect(child.screen.contains("Input ended; nothing was saved."))
        #expect(!child.screen.contains("Sup3r"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("settings.sqlite3")))
    }

    /// The bytes typed reach the line discipline some time after `write`
    /// returns; the wizard discards them before echo comes back, so they
    /// are never echoed, however late they arrive.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalWhileTypingThePasswordRestoresEcho(signal: Int32) throws {
        let child = try start()
        #expect(!child.echoes)
        child.type("Sup3r")
        kill(child.pid, signal)
        #expect(child.wait() == 128 + signal)
        #expect(child.echoes)
        #expect(!child.screen.contains("Sup3r"))
    }

    /// What the shell would read next: a half-typed password is gone.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aHalfTypedPasswordNeverReachesTheNextReader(signal: Int32) throws {
        let child = try start()
        let next = try NextReader(child)
        child.type("Sup3r")
        kill(child.pid, signal)
        #expect(child.wait() == 128 + signal)
        // A line typed now ends whatever is still queued: the next reader
        // gets exactly "END" if the password was discarded, "Sup3rEND" if not.
        child.type("END\r")
        let line = try next.readLine()
        #expect(line == "END\n", "the next reader got \(line.debugDescription)")
        #expect(!child.screen.contains("Sup3r"))
    }

    @Test func anUnknownTermFallsBackToPlainPrompts() throws {
        let child = try start(term: "no-such-terminal")
        #expect(!child.echoes)
        child.type("Sup3r\r")
        try child.waitFor("HELO domain")
        #expect(child.echoes)
        // Ctrl-C at an ordinary question ends it, as it should at any prompt.
        kill(child.pid, SIGINT)
        #expect(child.wait() == 128 + SIGINT)
        #expect(!child.screen.contains("Sup3r"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("settings.sqlite3")))
    }

    @Test func endOfInputAtThePasswordRestoresEcho() throws {
        let child = try start()
        child.type("\u{04}")
        #expect(child.wait() == 66)
        #expect(child.echoes)
    }
}

/// The terminal opened once more, as the shell holds it: what it reads is
/// what the next program on this terminal would get. Opened while the
/// wizard runs, so the terminal's input queue outlives the wizard.
struct NextReader: ~Copyable {
    let fd: Int32

    init(_ child: PseudoTerminalProcess) throws {
        fd = open(child.slavePath, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw SetupFailure("cannot open \(child.slavePath): \(String(cString: strerror(errno)))") }
    }

    /// One line in canonical mode (up to and with its newline).
    func readLine(timeout: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while !bytes.contains(UInt8(ascii: "\n")) {
            guard Date() < deadline else {
                throw SetupFailure("no line for the next reader; got \(String(decoding: bytes, as: UTF8.self))")
            }
            var readable = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&readable, 1, 50) > 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 { bytes += chunk[..<count] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    deinit { close(fd) }
}

import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-Z in the full-screen wizard, and SIGTSTP sent from outside, hand the
/// terminal back as the shell left it and stop the process; continued (what
/// `fg` sends), it paints the whole screen again and typing goes on where it
/// was. On a real pty at 80x24; every step waits for something it can see.
@Suite struct SuspendTests {
    let dir = TemporaryDirectory("suspend")
    let paint = ScreenPaintTests()

    func start() throws -> PseudoTerminalProcess {
        try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), ["--store", dir.file("settings.sqlite3")],
            environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"], controllingTerminal: true,
            size: (width: 80, height: 24))
    }

    /// The process state letter of /proc/PID/stat ("T" when stopped).
    static func state(of pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.range(of: ") ", options: .backwards)
        else { return nil }
        return stat[close.upperBound...].first
    }

    /// Stops the wizard with `stop`, checks the terminal is the shell's again,
    /// continues it and checks the whole screen comes back and typing works.
    func suspendAndContinue(_ stop: (PseudoTerminalProcess) -> Void) throws {
        let child = try start()
        try paint.openServerForm(child)
        try paint.typeAndWait(child, "m", for: "m")

        let mark = child.written.count
        stop(child)
        var handedBack = ""
        try child.waitUntil("the alternate screen left and the process stopped") {
            handedBack = String(decoding: child.written[mark...], as: UTF8.self)
            return handedBack.contains("\u{1B}[?1049l") && Self.state(of: child.pid) == "T"
        }
        #expect(handedBack.contains("\u{1B}[?2004l"), "bracketed paste off: \(handedBack.debugDescription)")
        #expect(child.echoes, "the shell's terminal modes are back while stopped")

        let resumed = child.written.count
        kill(child.pid, SIGCONT)
        var output = ""
        try child.waitUntil("the whole screen painted again") {
            output = String(decoding: child.written[resumed...], as: UTF8.self)
            let text = ScreenPaintTests.visibleText(output)
            // "[m ": the address field as it was, with the "m" typed before the stop.
            return ["Welcome", "Mail", "[m ", "STARTTLS", "quit"].allSatisfy { text.contains($0) }
        }
        #expect(output.contains("\u{1B}[?1049h"), "the alternate screen again: \(output.debugDescription)")
        #expect(output.contains("\u{1B}[?2004h"), "bracketed paste on again: \(output.debugDescription)")
        #expect(!child.echoes, "the wizard's own modes are back")
        // Typing goes on in the same field, painted as changes again.
        let after = try paint.typeAndWait(child, "x", for: "x")
        #expect(ScreenPaintTests.visibleText(after) == "x", "\(after.debugDescription)")
    }

    @Test func ctrlZStopsAndContinuingPaintsTheScreenAgain() throws {
        try suspendAndContinue { $0.type("\u{1A}") }
    }

    @Test func sigtstpFromOutsideStopsTheSameWay() throws {
        try suspendAndContinue { kill($0.pid, SIGTSTP) }
    }
}

import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where no shell could continue it (the wizard leads its own session, as
/// with `ssh -t host smtp-setup` or `docker exec -it`), Ctrl-Z does nothing:
/// a stopped wizard would leave a frozen terminal. (Under a shell with job
/// control it stops; SuspendEndToEndTests.) On a real pty at 80x24.
@Suite struct SuspendTests {
    let dir = TemporaryDirectory("suspend")
    let paint = ScreenPaintTests()

    @Test func ctrlZInASessionOfItsOwnDoesNothing() throws {
        let child = try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), ["--store", dir.file("settings.sqlite3")],
            environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"], controllingTerminal: true,
            size: (width: 80, height: 24))
        try paint.openServerForm(child)
        try paint.typeAndWait(child, "m", for: "m")
        let mark = child.written.count
        // Keys are read in order: once "x" shows, the Ctrl-Z before it was handled.
        let output = try paint.typeAndWait(child, "\u{1A}x", for: "x")
        #expect(ScreenPaintTests.visibleText(output) == "x", "\(output.debugDescription)")
        #expect(!String(decoding: child.written[mark...], as: UTF8.self).contains("\u{1B}[?1049l"))
        #expect(ProcessTable.state(of: child.pid) != "T")
        #expect(!child.echoes, "the wizard's modes stay")
    }
}

import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The line wizard at a terminal asks who the application runs as when
/// nothing else says (a new store made as root), and tells the truth about
/// whether that user can read the store.
@Suite struct LineOwnerTests {
    let dir = TemporaryDirectory("line-owner")

    @Test(.enabled(if: geteuid() == 0, "giving a store to another user needs root"))
    func aNewStoreIsGivenToTheUserTheAdminNames() throws {
        let store = dir.file("settings.sqlite3")
        let child = try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), ["--store", store], environment: ["TERM": "dumb"])
        try child.waitFor("Provider (1-9)")
        for answer in ["9", "smtp.example.com", "", "", "", "", "user"] { child.type(answer + "\r") }
        try child.waitFor("Password (not shown): ")
        try child.waitUntil("echo turned off") { !child.echoes }
        child.type("Sup3r-Secret\r")
        try child.waitFor("HELO domain")
        for answer in ["", "", "app@example.com", ""] { child.type(answer + "\r") }
        try child.waitFor("Test the connection now?")
        child.type("n\r")
        try child.waitFor("Type yes to save")
        child.type("yes\r")
        try child.waitFor("Save anyway?")
        child.type("y\r")
        try child.waitFor("Which user does the application run as?")
        child.type("no-such-user-here\r")
        try child.waitFor("no-such-user-here")
        child.type("nobody\r")
        #expect(child.wait() == 0)
        let nobody = try StoreOwner(parsing: "nobody")
        #expect(StoreOwner.of(path: store)?.uid == nobody.uid)
        let screen = child.screen.replacingOccurrences(of: "\r\n", with: " ")
        if StoreReadability.check(path: store, reader: nobody).canRead {
            #expect(screen.contains("The application reads them from the store"))
        } else {
            #expect(screen.contains("Not readable yet"))
            #expect(!screen.contains("The application reads them"))
        }
        #expect(!screen.contains("Sup3r-Secret"))
    }
}

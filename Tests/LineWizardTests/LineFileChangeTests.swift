import Foundation
import SMTPSettings
import TestSupport
import Testing

/// An application's file edited by hand while the line wizard was at its
/// review: the save is refused with the time of the edit and the admin
/// chooses, as for another save into the SQLite store.
@Suite struct LineFileChangeTests {
    let dir = TemporaryDirectory("line-file-change")
    var path: String { dir.file("app.ini") }
    var environment: [String: String] { [FileHistory.environmentVariable: dir.file("history.sqlite3")] }

    static let appINI = "APP_NAME = Gitea\nRUN_USER = git\n\n[server]\nDOMAIN = git.example.com\n"

    /// Starts the wizard on a set-up Gitea file, changes the from name and stops at the review.
    func editUntilTheReview() throws -> RunningProcess {
        try Self.appINI.write(toFile: path, atomically: false, encoding: .utf8)
        let set = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            [
                "set", "address=smtp.example.com", "user_name=u", "from_email_address=a@example.com",
                "--password-stdin", "--store", "gitea:\(path)",
            ], input: "pw-1\n", environment: environment)
        #expect(set.status == 0, "\(set.output)")
        let child = try RunningProcess(
            BuiltProducts.path("smtp-setup"), ["--store", "gitea:\(path)", "--timeout", "2"], environment: environment)
        // The provider and server questions as they are, a new from name, no test.
        let answers = Array(repeating: "", count: 9) + ["Other Name", "", "", "n"]
        child.write(answers.map { $0 + "\n" }.joined())
        let deadline = Date().addingTimeInterval(30)
        while !child.currentOutput.contains("Type yes to save") {
            guard Date() < deadline, child.isRunning else {
                throw SetupFailure("no review: \(child.currentOutput)")
            }
            usleep(10_000)
        }
        return child
    }

    @Test func aHandEditAtTheReviewCanBeSavedOver() throws {
        let child = try editUntilTheReview()
        let edited = try String(contentsOfFile: path, encoding: .utf8) + "\n[log]\nLEVEL = Info\n"
        try edited.write(toFile: path, atomically: false, encoding: .utf8)
        child.write("yes\ny\noverwrite\nn\n")
        child.closeInput()
        let result = try #require(child.wait(timeout: 30))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("\(path) was changed outside smtp-setup at"), "\(result.stdout)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("[log]\nLEVEL = Info\n"), "the hand edit was lost")
        #expect(text.contains("Other Name"))
        // Undo goes back to the hand edit (revision 2), on this store.
        #expect(result.stdout.contains("To undo:  smtp-setup rollback 2 --store gitea:\(path)\n"), "\(result.stdout)")
    }

    @Test func aHandEditAtTheReviewCanBeReloaded() throws {
        let child = try editUntilTheReview()
        let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "SMTP_ADDR = smtp.example.com", with: "SMTP_ADDR = smtp.edited.example")
        #expect(edited.contains("smtp.edited.example"))
        try edited.write(toFile: path, atomically: false, encoding: .utf8)
        // Reload, keep every answer (now the file's), nothing left to save.
        child.write("yes\ny\nreload\n" + String(repeating: "\n", count: 13) + "n\n")
        child.closeInput()
        let result = try #require(child.wait(timeout: 30))
        #expect(result.stdout.contains("was changed outside smtp-setup at"), "\(result.stdout)")
        #expect(result.stdout.contains("Server address [smtp.edited.example]"), "\(result.stdout)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == edited)
    }
}

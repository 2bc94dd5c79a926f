import Foundation
import SMTPSettings
import TestSupport
import Testing

@Suite struct ConfigFileCrashTests {
    /// SIGKILL at random moments of a save loop into each application's file
    /// must always leave the old file or the new one: every SMTP value of it
    /// encodes one revision, and the rest of the file is untouched.
    @Test(arguments: ApplicationFile.all)
    func killedSavesLeaveTheOldFileOrTheNewOne(_ file: ApplicationFile) throws {
        let format = try #require(file.application.format)
        let dir = TemporaryDirectory("\(file.store)-crash")
        let path = dir.file(file.application.fileName)
        let history = dir.file("history.sqlite3")
        try file.shipped.write(toFile: path, atomically: false, encoding: .utf8)
        let unchanged = file.unrelated(file.shipped)
        let store = ConfigFileStore(application: file.application, path: path, history: FileHistory(path: history))
        var generator = SystemRandomNumberGenerator()
        var lastRevision = 0
        var kills = 0
        for round in 0..<18 {
            let soak = try RunningProcess(
                BuiltProducts.path("StoreSoak"), ["\(file.store):\(path)"],
                environment: [FileHistory.environmentVariable: history])
            // Wait (with a deadline) until this round has saved once, then kill at a random moment.
            let deadline = Date().addingTimeInterval(10)
            while soak.isRunning, Date() < deadline, ((try? store.history().count) ?? 0) <= lastRevision {
                usleep(1_000)
            }
            usleep(UInt32.random(in: 0...20_000, using: &generator))
            if soak.isRunning {
                soak.kill(SIGKILL)
                kills += 1
            }
            let result = try #require(soak.wait(timeout: 10))
            #expect(result.stderr.isEmpty, "round \(round): \(result.stderr)")

            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(file.unrelated(text) == unchanged, "round \(round): the rest of the file changed")
            let settings = try format.read(text)
            let number = Int(settings[.userName]?.dropFirst(5) ?? "") ?? -1
            let expected = FormatCases.expectedRead(StoreSoakValues.settings(forRevision: number), by: format)
            #expect(settings == expected, "round \(round): torn")
            let revisions = try store.history().count
            #expect(revisions >= lastRevision, "round \(round) went back in time")
            lastRevision = revisions
        }
        #expect(kills >= 15)
        #expect(lastRevision >= 18, "the loop barely saved; kills did not land mid-loop")
        // The next save clears what the killed ones left half made.
        let loaded = try store.load()
        _ = try store.save(StoreSoakValues.settings(forRevision: 9999), basedOn: loaded.revision, action: "test")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            $0.contains("smtp-setup-new")
        }
        #expect(left.isEmpty, "\(left)")
    }
}

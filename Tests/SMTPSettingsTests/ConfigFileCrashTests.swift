import Foundation
import SMTPSettings
import TestSupport
import Testing

@Suite struct ConfigFileCrashTests {
    static let head = "# Mastodon\nLOCAL_DOMAIN=social.example.com\nSECRET_KEY_BASE=abc123\n"

    /// SIGKILL at random moments of a save loop into Mastodon's file must
    /// always leave the old file or the new one: every SMTP value of it
    /// encodes one revision, and the rest of the file is untouched.
    @Test func killedSavesLeaveTheOldFileOrTheNewOne() throws {
        let dir = TemporaryDirectory("mastodon-crash")
        let path = dir.file(".env.production")
        let history = dir.file("history.sqlite3")
        try Self.head.write(toFile: path, atomically: false, encoding: .utf8)
        let store = ConfigFileStore(application: .mastodon, path: path, history: FileHistory(path: history))
        var generator = SystemRandomNumberGenerator()
        var lastRevision = 0
        var kills = 0
        for round in 0..<40 {
            let soak = try RunningProcess(
                BuiltProducts.path("StoreSoak"), ["mastodon:\(path)"],
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
            #expect(text.hasPrefix(Self.head), "round \(round): the rest of the file changed")
            let settings = try MastodonFormat().read(text)
            let number = Int(settings[.userName]?.dropFirst(5) ?? "") ?? -1
            #expect(settings == StoreSoakValues.settings(forRevision: number).withDefaults, "round \(round): torn")
            let revisions = try store.history().count
            #expect(revisions >= lastRevision, "round \(round) went back in time")
            lastRevision = revisions
        }
        #expect(kills >= 30)
        #expect(lastRevision >= 40, "the loop barely saved; kills did not land mid-loop")
        // The next save clears what the killed ones left half made.
        let loaded = try store.load()
        _ = try store.save(StoreSoakValues.settings(forRevision: 9999), basedOn: loaded.revision, action: "test")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            $0.contains("smtp-setup-new")
        }
        #expect(left.isEmpty, "\(left)")
    }
}

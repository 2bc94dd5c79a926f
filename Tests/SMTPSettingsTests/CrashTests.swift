import Foundation
import SMTPSettings
import TestSupport
import Testing

@Suite struct CrashTests {
    /// SIGKILL at random moments of a save loop must always leave a store
    /// that opens and holds one whole revision, old or new.
    @Test func killedSavesLeaveOneWholeRevision() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite3")
        var generator = SystemRandomNumberGenerator()
        var lastRevision = 0
        var kills = 0
        for round in 0..<60 {
            let soak = try RunningProcess(BuiltProducts.path("StoreSoak"), [path])
            // Wait until this round has saved at least once (a busy machine starts
            // processes slowly), then kill at a random moment of the next saves.
            let deadline = Date().addingTimeInterval(10)
            while soak.isRunning, Date() < deadline,
                ((try? SQLiteStore(path: path).history().count) ?? 0) <= lastRevision
            {
                usleep(1_000)
            }
            usleep(UInt32.random(in: 0...20_000, using: &generator))
            if soak.isRunning {
                soak.kill(SIGKILL)
                kills += 1
            }
            let result = try #require(soak.wait(timeout: 10))
            #expect(result.stderr.isEmpty, "round \(round): \(result.stderr)")

            let loaded = try SQLiteStore(path: path).load()
            #expect(loaded.revision >= lastRevision, "round \(round) went back in time")
            if loaded.revision > 0 {
                #expect(
                    loaded.settings == StoreSoakValues.settings(forRevision: loaded.revision).withDefaults,
                    "round \(round)")
            }
            #expect(try SQLiteStore(path: path).history().count == loaded.revision)
            lastRevision = loaded.revision
        }
        #expect(kills >= 50)
        #expect(lastRevision >= 60, "the loop barely saved; kills did not land mid-loop")
        let check = try ProcessRunner.run("/usr/bin/sqlite3", [path, "PRAGMA integrity_check"])
        #expect(check.stdout == "ok\n")
    }
}

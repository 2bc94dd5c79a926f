import Foundation
import SMTPSettings
import TestSupport
import Testing

private let sample = MailSettings([
    .address: "smtp.example.com", .port: "2525", .userName: "apikey", .password: "pw-123",
    .fromEmailAddress: "app@example.com",
])

private func mode(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
}

private func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

@Suite struct SQLiteStoreTests {
    @Test func absentStoreReadsEmptyAndCreatesNothing() throws {
        let dir = TemporaryDirectory()
        let store = SQLiteStore(path: dir.file("sub/settings.sqlite3"))
        let loaded = try store.load()
        #expect(loaded.revision == 0 && loaded.settings.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.file("sub")))
    }

    @Test func roundTripAndRevisions() throws {
        let dir = TemporaryDirectory()
        let store = SQLiteStore(path: dir.file("settings.sqlite3"), user: "tester")
        let first = try #require(try store.save(sample, basedOn: 0, action: "set"))
        #expect(first.revision == 1)
        #expect(Set(first.changedKeys) == Set(sample.withDefaults.setKeys))
        let loaded = try store.load()
        #expect(loaded.settings == sample.withDefaults)
        #expect(loaded.revision == 1 && loaded.latest?.savedBy == "tester")

        var changed = sample
        changed[.port] = "587"
        let second = try #require(try store.save(changed, basedOn: 1, action: "set"))
        #expect(second.changedKeys == [.port])
        #expect(try store.save(changed, basedOn: 2, action: "set") == nil)
        #expect(try store.history().map(\.revision) == [2, 1])
    }

    @Test func foremReadsTheTableAsItIs() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite3")
        _ = try SQLiteStore(path: path).save(sample, basedOn: 0, action: "set")
        let result = try ProcessRunner.run(
            "/usr/bin/sqlite3", [path, "SELECT var || '=' || value FROM settings_smtp ORDER BY var"])
        // Values are YAML as Forem writes them, defaults included; the tool's own keys live elsewhere.
        #expect(result.stdout.contains("address=--- smtp.example.com\n"))
        #expect(result.stdout.contains("port=--- 2525\n"))
        #expect(result.stdout.contains("authentication=--- plain\n"))
        #expect(!result.stdout.contains("security=") && !result.stdout.contains("verify_certificate="))
        let columns = try ProcessRunner.run("/usr/bin/sqlite3", [path, "PRAGMA table_info(settings_smtp)"]).stdout
        for column in ["id", "var", "value", "created_at", "updated_at"] {
            #expect(columns.contains("|\(column)|"))
        }
    }

    @Test func aResetLeavesForemsTableEmpty() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite3")
        let store = SQLiteStore(path: path)
        _ = try store.save(sample, basedOn: 0, action: "set")
        let reset = try #require(try store.save(MailSettings(), basedOn: 1, action: "reset"))
        #expect(reset.changedKeys.contains(.port) && reset.changedKeys.contains(.security))
        #expect(try store.load().settings.isEmpty)
        let rows = try ProcessRunner.run("/usr/bin/sqlite3", [path, "SELECT count(*) FROM settings_smtp"])
        #expect(rows.stdout == "0\n")
    }

    @Test func historyNeverHoldsThePassword() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite3")
        _ = try SQLiteStore(path: path).save(sample, basedOn: 0, action: "set")
        let dump = try ProcessRunner.run("/usr/bin/sqlite3", [path, "SELECT * FROM smtp_setup_revisions"]).stdout
        #expect(dump.contains("smtp.example.com"))
        #expect(!dump.contains("pw-123"))
    }

    @Test func createdPrivate() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("new/dir/settings.sqlite3")
        _ = try SQLiteStore(path: path).save(sample, basedOn: 0, action: "set")
        #expect(mode(path) == 0o600)
        #expect(mode(dir.file("new/dir")) == 0o700)
        chmod(path, 0o644)
        var changed = sample
        changed[.port] = "25"
        _ = try SQLiteStore(path: path).save(changed, basedOn: 1, action: "set")
        #expect(mode(path) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.file("new/dir"))
        #expect(leftovers == ["settings.sqlite3"])
    }

    @Test func textFileIsNeverTouched() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite3")
        try "important notes\n".write(toFile: path, atomically: false, encoding: .utf8)
        let before = bytes(path)
        let store = SQLiteStore(path: path)
        #expect(throws: StoreError.notAStore(path: path, what: "a text file")) { try store.load() }
        #expect(throws: StoreError.notAStore(path: path, what: "a text file")) {
            try store.save(sample, basedOn: 0, action: "set")
        }
        #expect(bytes(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["settings.sqlite3"])
    }

    @Test func foreignSQLiteIsNeverTouched() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("app.sqlite3")
        try ProcessRunner.run(
            "/usr/bin/sqlite3",
            [path, "CREATE TABLE users(id INTEGER, email TEXT); INSERT INTO users VALUES (1, 'a@b.c');"])
        let before = bytes(path)
        let store = SQLiteStore(path: path)
        do {
            _ = try store.save(sample, basedOn: 0, action: "set")
            Issue.record("saved into a foreign database")
        } catch {
            #expect(error.exitCode == 74)
            #expect(error.description.contains("another SQLite database (tables: users)"))
        }
        #expect(throws: StoreError.self) { try store.history() }
        #expect(bytes(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["app.sqlite3"])
    }

    @Test func damagedStoreIsReportedAndKept() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite3")
        let store = SQLiteStore(path: path)
        _ = try store.save(sample, basedOn: 0, action: "set")
        // Keep the header (so it is recognisably ours) and garble every page after it.
        var data = bytes(path)
        for index in 100..<data.count { data[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try data.write(to: URL(fileURLWithPath: path))
        do {
            _ = try store.save(sample, basedOn: 1, action: "set")
            Issue.record("saved into a damaged store")
        } catch {
            #expect(error.exitCode == 74)
            #expect(error.description.contains("damaged"))
        }
        #expect(bytes(path) == data)
    }

    @Test func conflictSaysWhoAndWhenAndWritesNothing() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite3")
        _ = try SQLiteStore(path: path, user: "alice").save(sample, basedOn: 0, action: "set")
        var bob = sample
        bob[.port] = "465"
        var carol = sample
        carol[.port] = "25"
        _ = try SQLiteStore(path: path, user: "bob").save(bob, basedOn: 1, action: "set")
        do {
            _ = try SQLiteStore(path: path, user: "carol").save(carol, basedOn: 1, action: "set")
            Issue.record("conflict not detected")
        } catch {
            guard case .conflict(let expected, let current) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(expected == 1 && current.revision == 2 && current.savedBy == "bob")
            #expect(error.description.contains("bob") && error.exitCode == 75)
        }
        #expect(try SQLiteStore(path: path).load().settings[.port] == "465")
    }

    @Test func aSaveFromARevisionThatDoesNotExistIsNotAConflict() throws {
        let dir = TemporaryDirectory()
        let store = SQLiteStore(path: dir.file("settings.sqlite3"))
        _ = try store.save(sample, basedOn: 0, action: "set")
        #expect(throws: StoreError.noSuchRevision(999, latest: 1)) {
            try store.save(sample, basedOn: 999, action: "set")
        }
    }

    @Test func rollbackAfterAResetNeedsThePasswordAgain() throws {
        let dir = TemporaryDirectory()
        let store = SQLiteStore(path: dir.file("settings.sqlite3"))
        _ = try store.save(sample, basedOn: 0, action: "set")
        _ = try store.save(MailSettings(), basedOn: 1, action: "reset")
        do {
            _ = try store.rollback(to: 1, basedOn: 2, password: nil)
            Issue.record("restored settings without a password")
        } catch {
            guard case .incompleteRevision(1, let problems) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(problems.contains { $0.hasPrefix("password:") })
            #expect(error.exitCode == 65 && error.description.contains("--password-stdin"))
        }
        #expect(try store.load().revision == 2, "nothing was written")
        _ = try store.rollback(to: 1, basedOn: 2, password: "pw-123")
        #expect(try store.load().settings == sample.withDefaults)
    }

    @Test func rollbackRestoresAndKeepsPasswordHonestly() throws {
        let dir = TemporaryDirectory()
        let store = SQLiteStore(path: dir.file("settings.sqlite3"))
        _ = try store.save(sample, basedOn: 0, action: "set")
        var second = sample
        second[.port] = "465"
        second[.security] = "tls"
        _ = try store.save(second, basedOn: 1, action: "set")
        let plain = try store.rollback(to: 1, basedOn: 2, password: nil)
        #expect(plain.entry.revision == 3 && !plain.keptCurrentPassword)
        #expect(try store.load().settings == sample.withDefaults)

        var third = sample
        third[.password] = "new-password"
        _ = try store.save(third, basedOn: 3, action: "set")
        let kept = try store.rollback(to: 2, basedOn: 4, password: nil)
        #expect(kept.keptCurrentPassword)
        #expect(try store.load().settings[.password] == "new-password")
        #expect(try store.load().settings[.security] == "tls")
        #expect(throws: StoreError.noSuchRevision(9, latest: 5)) {
            try store.rollback(to: 9, basedOn: 5, password: nil)
        }
    }
}

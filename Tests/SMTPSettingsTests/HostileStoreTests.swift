import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Busy, full, read-only and missing stores, and hostile values: each says
/// what is true with its exit code, and a failure creates and writes nothing.
@Suite(.serialized) struct HostileStoreTests {
    static let secret = "Sup3r-Secret-Value"
    let dir = TemporaryDirectory()
    var store: String { dir.file("settings.sqlite3") }

    @discardableResult
    func cli(
        _ arguments: [String], store: String? = nil, input: String? = nil, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProcessResult {
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), arguments + ["--store", store ?? self.store], input: input,
            environment: environment)
        let unsafe = firstUnsafeCharacter(result.stdout) ?? firstUnsafeCharacter(result.stderr)
        #expect(unsafe == nil, "unsafe output: \(unsafe ?? "")", sourceLocation: sourceLocation)
        #expect(!result.output.contains(Self.secret), "the password reached the output", sourceLocation: sourceLocation)
        #expect(
            !result.output.contains("SQLite error"), "raw SQLite text: \(result.output)", sourceLocation: sourceLocation
        )
        return result
    }

    func configure(_ store: String? = nil) throws {
        let result = try cli(
            [
                "set", "address=smtp.example.com", "port=587", "user_name=apikey", "from_email_address=app@example.com",
                "--password-stdin",
            ], store: store, input: Self.secret + "\n")
        #expect(result.status == 0, "\(result.output)")
    }

    /// A sqlite3 shell that holds `sql` open until the test lets go; returns once it is held.
    func hold(_ sql: String) throws -> RunningProcess {
        let shell = try RunningProcess("/usr/bin/sqlite3", [store])
        shell.write(sql + "\nSELECT 'held';\n")
        let deadline = Date().addingTimeInterval(10)
        while !shell.currentOutput.contains("held") && Date() < deadline { usleep(10_000) }
        #expect(shell.currentOutput.contains("held"), "sqlite3: \(shell.currentError)")
        return shell
    }

    @Test(arguments: ["BEGIN; SELECT count(*) FROM settings_smtp;", "BEGIN EXCLUSIVE;"])
    func aBusyStoreIsWaitedForThenBusyNeverDamaged(sql: String) throws {
        try configure()
        let holder = try hold(sql)
        defer { holder.kill(SIGKILL) }
        let started = Date()
        let result = try cli(["set", "port=2525"], environment: ["SMTP_SETUP_BUSY_WAIT": "1"])
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(result.status == 75, "\(result.output)")
        #expect(result.stderr.contains("busy") && result.stderr.contains("waiting"), "\(result.stderr)")
        #expect(result.stderr.contains("sqlite3, pid \(holder.pid)"), "names the holder: \(result.stderr)")
        #expect(!result.stderr.contains("damaged") && !result.stderr.contains("move it away"))
        holder.kill(SIGKILL)
        _ = holder.wait(timeout: 5)
        let after = try cli(["show", "--json"])
        #expect(after.stdout.contains("\"port\" : \"587\""), "nothing was written: \(after.stdout)")
    }

    @Test func aFullDiskSaysSoWithTheSpaceNeeded() throws {
        guard geteuid() == 0 else { return }
        let mountPoint = dir.file("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try ProcessRunner.run("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint])
        try #require(mounted.status == 0, "\(mounted.output)")
        defer { _ = try? ProcessRunner.run("/bin/umount", [mountPoint]) }
        let small = (mountPoint as NSString).appendingPathComponent("settings.sqlite3")
        try configure(small)
        // Fill what is left, then ask for a save.
        _ = try ProcessRunner.run("/bin/dd", ["if=/dev/zero", "of=\(mountPoint)/filler", "bs=4k"])
        let result = try cli(["set", "from_name=\(String(repeating: "x", count: 120))"], store: small)
        #expect(result.status == 73, "\(result.output)")
        #expect(result.stderr.contains("full") && result.stderr.contains("KiB"), "\(result.stderr)")
        #expect(!result.stderr.contains("damaged"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: mountPoint).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aReadOnlyMountSaysReadOnlyNotSudo() throws {
        guard geteuid() == 0 else { return }
        let source = dir.file("rw")
        let readOnly = dir.file("ro")
        for path in [source, readOnly] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try configure((source as NSString).appendingPathComponent("settings.sqlite3"))
        let bound = try ProcessRunner.run("/bin/mount", ["--bind", source, readOnly])
        try #require(bound.status == 0, "\(bound.output)")
        defer { _ = try? ProcessRunner.run("/bin/umount", [readOnly]) }
        let remounted = try ProcessRunner.run("/bin/mount", ["-o", "remount,bind,ro", readOnly])
        try #require(remounted.status == 0, "\(remounted.output)")
        let path = (readOnly as NSString).appendingPathComponent("settings.sqlite3")
        let result = try cli(["set", "port=2525"], store: path)
        #expect(result.status == 73, "\(result.output)")
        #expect(result.stderr.contains("read-only") && !result.stderr.contains("sudo"), "\(result.stderr)")
        // Reading still works.
        #expect(try cli(["show"], store: path).status == 0)
    }

    @Test func leftoversOfAKilledCreateAreRemovedOnTheNextRun() throws {
        try configure()
        // No process has a pid at or above pid_max: these were left by dead ones.
        let pidMax = try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8)
        let dead = Int32(pidMax.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 4_194_304
        let names = [".settings.sqlite3.smtp-setup-new-\(dead)-12345", ".settings.sqlite3.new-\(dead)-678"]
        for name in names { FileManager.default.createFile(atPath: dir.file(name), contents: Data("x".utf8)) }
        let mine = ".settings.sqlite3.smtp-setup-new-\(getpid())-1"
        FileManager.default.createFile(atPath: dir.file(mine), contents: Data("x".utf8))
        try cli(["show"])
        for name in names { #expect(!FileManager.default.fileExists(atPath: dir.file(name)), "\(name) left behind") }
        #expect(FileManager.default.fileExists(atPath: dir.file(mine)), "a live process's file was removed")
    }

    @Test func failingCommandsCreateNothing() throws {
        let rollback = try cli(["rollback", "1"])
        #expect(rollback.status == 64 && rollback.stderr.contains("nothing has been saved"), "\(rollback.output)")
        let reset = try cli(["reset", "--yes"])
        #expect(reset.status == 0 && reset.stdout.contains("nothing to reset"), "\(reset.output)")
        let twice = try cli(["set", "port=587", "address=a.example.com", "port=2525"])
        #expect(twice.status == 64 && twice.stderr.contains("port is given twice"), "\(twice.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "a failure created files")
    }

    @Test func portsAreStoredCanonicalAndHiddenCharactersRefused() throws {
        try configure()
        for typed in ["0587", "+587"] {
            #expect(try cli(["set", "port=\(typed)"]).status == 0)
            #expect(try cli(["show", "--json"]).stdout.contains("\"port\" : \"587\""))
        }
        for bad in ["\u{202E}moc.elpmaxe", "a\u{2028}b", "a\u{2066}b"] {
            let result = try cli(["set", "from_name=\(bad)"])
            #expect(result.status == 65, "\(result.output)")
            #expect(result.stderr.contains("U+"), "\(result.stderr)")
        }
    }

    @Test func aHugeValueIsNeverEchoedWhole() throws {
        let huge = String(repeating: "a", count: 120_000) + ".example.com"
        let result = try cli(["set", "address=\(huge)"])
        #expect(result.status == 65, "\(result.output)")
        #expect(result.stderr.count < 2000, "\(result.stderr.count) characters of error")
        #expect(result.stderr.contains("characters in all"), "\(result.stderr.prefix(500))")
    }

    @Test func valuesAnotherProgramStoredAreShownSafely() throws {
        try configure()
        // Another program writes straight into Forem's table: YAML escapes decode to ESC, BEL and U+202E.
        let sql = #"UPDATE settings_smtp SET value = '--- "x\e]0;owned\a\u202Ey"' WHERE var = 'from_email_address';"#
        let updated = try ProcessRunner.run("/usr/bin/sqlite3", [store, sql])
        #expect(updated.status == 0, "\(updated.output)")
        for command in [["show"], ["history"], ["show", "--json"], ["history", "--json"]] {
            let result = try cli(command)
            #expect(result.status == 0, "\(command): \(result.output)")
        }
    }

    @Test(arguments: [["show"], ["show", "--json"], ["export"]])
    func outputThatCannotBeWrittenFails(command: [String]) throws {
        try configure()
        let full = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "exec \"$0\" \"$@\" >/dev/full", BuiltProducts.path("smtp-setup")] + command + ["--store", store])
        #expect(full.status == 74, "\(full.output)")
        #expect(full.stderr.contains("could not write the output"), "\(full.stderr)")
        let closed = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "exec \"$0\" \"$@\" >&-", BuiltProducts.path("smtp-setup")] + command + ["--store", store])
        #expect(closed.status == 74, "\(closed.output)")
    }
}

import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Runs the real `smtp-setup` binary against a store in a fresh folder.
private struct CLI {
    let dir = TemporaryDirectory()
    var store: String { dir.file("settings.sqlite3") }

    @discardableResult
    func callAsFunction(_ arguments: String..., input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(BuiltProducts.path("smtp-setup"), arguments + ["--store", store], input: input)
    }

    func configure() throws {
        let result = try self(
            "set", "address=smtp.example.com", "port=587", "user_name=apikey", "from_email_address=app@example.com",
            "--password-stdin", input: "Sup3r-Secret-Value\n")
        #expect(result.status == 0, "\(result.output)")
    }
}

private let secret = "Sup3r-Secret-Value"
private let secretForms = [
    secret, Data(secret.utf8).base64EncodedString(), Data("\0apikey\0\(secret)".utf8).base64EncodedString(),
]

@Suite struct CommandLineTests {
    @Test func helpListsTheExitCodesEachLineIndentedAsWritten() throws {
        let result = try ProcessRunner.run(BuiltProducts.path("smtp-setup"), ["--help"])
        #expect(result.status == 0)
        for code in ["0", "1", "64", "65", "66", "69", "73", "74", "75", "77"] {
            #expect(result.stdout.contains("\n  \(code)  "), "exit code \(code)")
        }
        // The parser wraps a line longer than the screen at column 0, out of its list.
        for command in [[], ["test"], ["targets"]] {
            let help = try ProcessRunner.run(BuiltProducts.path("smtp-setup"), command + ["--help"]).stdout
            let lines = help.components(separatedBy: "\n")
            let start = try #require(lines.firstIndex(of: "EXIT CODES"))
            let list = lines[(start + 1)...].prefix { !$0.isEmpty && !$0.hasPrefix("`") && !$0.hasPrefix("USAGE") }
            #expect(list.allSatisfy { $0.hasPrefix("  ") }, "\(command): \(list)")
        }
    }

    /// `--version` alone is answered before the argument parser is built
    /// (a fast path); next to other arguments it is the parser's as before.
    @Test func versionAloneAndWithOtherArguments() throws {
        let alone = try ProcessRunner.run(BuiltProducts.path("smtp-setup"), ["--version"])
        #expect(alone.status == 0)
        #expect(alone.stdout == "smtp-setup 0.1.0\n")
        let parsed = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), ["--store", "/nonexistent/x", "--version"])
        #expect(parsed.status == 0)
        #expect(parsed.stdout == alone.stdout)
    }

    @Test func setShowExportHistory() throws {
        let cli = CLI()
        try cli.configure()
        let show = try cli("show")
        #expect(show.status == 0)
        #expect(show.stdout.contains("smtp.example.com") && show.stdout.contains("password                (set)"))
        let json = try cli("show", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(object["password_set"] as? Bool == true)
        #expect((object["settings"] as? [String: String])?["port"] == "587")
        #expect((object["settings"] as? [String: String])?["password"] == nil)

        let env = try cli("export", "--format", "env")
        #expect(env.stdout.contains("SMTP_ADDRESS=smtp.example.com\n"))
        #expect(env.stdout.contains("SMTP_PASSWORD=Sup3r-Secret-Value\n"))
        #expect(env.stdout.contains("SMTP_USER_NAME=apikey\n"))
        let exported = try cli("export", "--format", "json")
        #expect(
            (try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [String: String])?["port"] == "587")

        let history = try cli("history", "--json")
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as! [[String: Any]]
        #expect(entries.count == 1 && entries[0]["revision"] as? Int == 1)
        #expect((entries[0]["changed_keys"] as? [String])?.contains("password") == true)

        for output in [show.output, json.output, history.output, try cli("history").output] {
            for form in secretForms { #expect(!output.contains(form)) }
        }
    }

    @Test func exportToFileIsPrivateAndShellReadable() throws {
        let cli = CLI()
        try cli.configure()
        try cli("set", "from_name=Our App's Mail")
        let file = cli.dir.file("smtp.env")
        #expect(try cli("export", "--output", file).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let sourced = try ProcessRunner.run(
            "/bin/sh", ["-c", ". \"$0\" && printf '%s|%s' \"$SMTP_FROM_NAME\" \"$SMTP_PORT\"", file])
        #expect(sourced.stdout == "Our App's Mail|587")
    }

    @Test func passwordNeverFromArguments() throws {
        let cli = CLI()
        let result = try cli("set", "address=smtp.example.com", "password=\(secret)")
        #expect(result.status == 64)
        #expect(result.stderr.contains("--password-stdin"))
        #expect(!result.output.contains(secret))
        #expect(!FileManager.default.fileExists(atPath: cli.store))
    }

    @Test func passwordIsNotInAnyProcessCommandLine() throws {
        let cli = CLI()
        // Its own: other tests running beside this one put theirs on command lines on purpose.
        let secret = "Piped-Only-\(UUID().uuidString)"
        let child = try RunningProcess(
            BuiltProducts.path("smtp-setup"),
            ["set", "address=smtp.example.com", "user_name=u", "--password-stdin", "--store", cli.store])
        child.write(secret)
        // Still reading stdin: every process on the machine is visible now.
        usleep(200_000)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
            let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") ?? Data()
            #expect(!String(decoding: cmdline, as: UTF8.self).contains(secret), "pid \(entry)")
        }
        let environ = FileManager.default.contents(atPath: "/proc/\(child.pid)/environ") ?? Data()
        #expect(!String(decoding: environ, as: UTF8.self).contains(secret))
        child.closeInput()
        let result = try #require(child.wait())
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains(secret))
    }

    @Test func invalidSettingsListEveryProblemAndSaveNothing() throws {
        let cli = CLI()
        let result = try cli("set", "address=smtp://x.example.com", "port=99999", "authentication=CRAM-MD5")
        #expect(result.status == 65)
        #expect(result.stderr.contains("address:") && result.stderr.contains("port:"))
        #expect(result.stderr.contains("cram_md5"))
        #expect(!FileManager.default.fileExists(atPath: cli.store))
    }

    @Test func unknownKeyIsAUsageErrorWithASuggestion() throws {
        let result = try CLI()("set", "host=smtp.example.com")
        #expect(result.status == 64)
        #expect(result.stderr.contains("Did you mean address?"))
    }

    @Test func twoProcessesFromTheSameRevisionConflict() throws {
        let cli = CLI()
        try cli.configure()
        let runs = try ["465", "2525"].map { port in
            try RunningProcess(
                BuiltProducts.path("smtp-setup"), ["set", "port=\(port)", "--if-revision", "1", "--store", cli.store])
        }
        runs.forEach { $0.closeInput() }
        let results = runs.compactMap { $0.wait() }
        #expect(results.map(\.status).sorted() == [0, 75], "\(results.map(\.output))")
        let loser = try #require(results.first { $0.status == 75 })
        #expect(loser.stderr.contains("revision 2") && loser.stderr.contains("Nothing was written"))
        let history = try cli("history", "--json")
        #expect(history.stdout.components(separatedBy: "\"revision\"").count - 1 == 2)
    }

    @Test func resetWarnsAndRollbackUndoes() throws {
        let cli = CLI()
        try cli.configure()
        let refused = try cli("reset")
        #expect(refused.status == 64 && refused.stderr.contains("--yes"))
        let reset = try cli("reset", "--yes")
        #expect(reset.status == 0)
        #expect(reset.stderr.contains("no fallback mail server"))
        #expect(reset.stderr.contains("password resets"))
        #expect(reset.stderr.contains("undoing this needs the password again"))
        #expect(reset.stdout.contains("rollback 1 --store \(cli.store) --password-stdin"))
        let incomplete = try cli("rollback", "1")
        #expect(incomplete.status == 65, "\(incomplete.output)")
        #expect(incomplete.stderr.contains("password: is required") && incomplete.stderr.contains("--password-stdin"))
        let rollback = try cli("rollback", "1", "--password-stdin", input: secret)
        #expect(rollback.status == 0, "\(rollback.output)")
        #expect(try cli("show", "--json").stdout.contains("smtp.example.com"))
        #expect(try cli("show").stdout.contains("password                (set)"))
        #expect(try cli("rollback", "42").status == 64)
    }

    @Test func foreignFileGivesExit74AndStaysIdentical() throws {
        let cli = CLI()
        try "not a database\n".write(toFile: cli.store, atomically: false, encoding: .utf8)
        let result = try cli("set", "port=25")
        #expect(result.status == 74)
        #expect(result.stderr.contains("a text file"))
        #expect(try String(contentsOfFile: cli.store, encoding: .utf8) == "not a database\n")
    }

    @Test func unwritableFolderIsReportedBeforeThePasswordIsRead() throws {
        let cli = CLI()
        chmod(cli.dir.path, 0o755)
        // As an unprivileged user the root-owned folder is read-only.
        let child = try RunningProcess(
            "/usr/bin/setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", BuiltProducts.path("smtp-setup"), "set",
                "address=smtp.example.com", "--password-stdin", "--store", cli.store,
            ])
        // stdin stays open: the refusal must come without waiting for input.
        let result = try #require(child.wait(timeout: 20))
        #expect(result.status == 77)
        #expect(result.stderr.contains("needs root or the owner of \(cli.dir.path) (root): re-run with sudo"))
        #expect(!FileManager.default.fileExists(atPath: cli.store))
    }
}

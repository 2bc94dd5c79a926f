import Foundation
import SMTPSettings
import TestSupport
import Testing

/// `smtp-setup targets` through the real binary, on fake install trees
/// (SMTP_SETUP_ROOT) and in a folder of the test's (the current directory).
@Suite struct TargetsCommandTests {
    let root = TemporaryDirectory("targets-root")
    let here = TemporaryDirectory("targets-cwd")

    func install(_ path: String, under base: String? = nil, text: String = "SMTP_SERVER=smtp.example.com\n") throws {
        let full = ((base ?? root.path) as NSString).appendingPathComponent(path)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    /// The binary run in `here`, looking under `root`, with no DATABASE_URL.
    func targets(_ arguments: String...) throws -> ProcessResult {
        try ProcessRunner.run(
            "/bin/sh",
            ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", here.path, BuiltProducts.path("smtp-setup"), "targets"]
                + arguments,
            environment: [
                "SMTP_SETUP_ROOT": root.path, "DATABASE_URL": "", "SMTP_SETUP_HISTORY": root.file("history.sqlite3"),
            ])
    }

    @Test func listsWhatItFindsWithTheStoreToUse() throws {
        try install("home/mastodon/live/.env.production")
        try install("etc/gitlab/gitlab.rb")
        try install("config.production.json", under: here.path, text: "{\"url\": \"https://blog.example.com\"}\n")
        let result = try targets()
        #expect(result.status == 0, "\(result.output)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let mastodon = root.path + "/home/mastodon/live/.env.production"
        let ghost = here.path + "/config.production.json"
        #expect(lines.count == 4, "\(result.stdout)")
        #expect(lines[0].hasPrefix("Ghost at \(ghost)  store: ghost:\(ghost)  (current directory)"))
        #expect(lines[1].hasPrefix("Mastodon at \(mastodon)  store: mastodon:\(mastodon)  (usual location)"))
        #expect(lines[2].hasPrefix("GitLab at \(root.path)/etc/gitlab/gitlab.rb  store: gitlab:"))
        #expect(lines[3].hasPrefix("Fallback: the embedded store \(StoreLocation.defaultPath)"))
        #expect(result.stderr.isEmpty)
    }

    @Test func jsonGivesTheSameAsData() throws {
        try install("var/discourse/containers/app.yml")
        let result = try targets("--json")
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["fallback"] as? String == StoreLocation.defaultPath)
        let found = try #require(object["found"] as? [[String: Any]])
        #expect(found.count == 1)
        let path = root.path + "/var/discourse/containers/app.yml"
        #expect(found[0]["application"] as? String == "discourse")
        #expect(found[0]["title"] as? String == "Discourse")
        #expect(found[0]["path"] as? String == path)
        #expect(found[0]["store"] as? String == "discourse:" + path)
        #expect(found[0]["readable"] as? Bool == true)
        #expect(found[0]["place"] as? String == "usual location")
    }

    @Test func nothingFoundNamesTheFallbackAndExitsOne() throws {
        let result = try targets()
        #expect(result.status == 1)
        #expect(result.stdout.contains("No application found here"))
        #expect(result.stdout.contains("Gitea, Umbraco, Odoo, and Forem's DATABASE_URL"), "every target is named")
        #expect(result.stdout.contains("Fallback: the embedded store \(StoreLocation.defaultPath)"))
        let json = try targets("--json")
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["found"] as? [Any])?.isEmpty == true)
    }

    @Test func aHostilePathCannotDriveTheTerminal() throws {
        let folder = "evil\u{1B}]0;owned\u{07}"
        try install(".env.production", under: here.file(folder), text: "LOCAL_DOMAIN=example.com\n")
        let result = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "cd \"$1\" && exec \"$2\" targets", "sh", here.file(folder), BuiltProducts.path("smtp-setup")],
            environment: [
                "SMTP_SETUP_ROOT": root.path, "DATABASE_URL": "", "SMTP_SETUP_HISTORY": root.file("history.sqlite3"),
            ])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{07}"))
        #expect(result.stdout.contains("evil\\x1B]0;owned\\x07"))
    }

    @Test func helpSaysTheRootIsForTestingOnly() throws {
        let result = try ProcessRunner.run(BuiltProducts.path("smtp-setup"), ["targets", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("SMTP_SETUP_ROOT (for testing only)"))
        #expect(result.stdout.contains("EXIT CODES"))
    }

    /// Needs the file store (`mastodon:PATH`): enabled once it is merged.
    @Test(.enabled(if: (try? StoreLocation(parsing: "mastodon:/tmp/.env.production")) != nil))
    func setNamesTheApplicationsPickUpCommand() throws {
        let file = here.file(".env.production")
        try "LOCAL_DOMAIN=example.com\n".write(toFile: file, atomically: false, encoding: .utf8)
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            [
                "set", "address=smtp.example.com", "port=587", "authentication=none",
                "from_email_address=app@example.com",
                "--store", "mastodon:" + file,
            ], environment: ["SMTP_SETUP_HISTORY": root.file("history.sqlite3")])
        #expect(result.status == 0, "\(result.output)")
        #expect(
            result.stdout.contains(
                "Mastodon reads the new settings once you run: systemctl restart mastodon-sidekiq mastodon-web"))
        #expect(!result.stdout.contains("bin/rails"))
    }
}

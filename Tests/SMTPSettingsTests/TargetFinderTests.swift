import Foundation
import SMTPSettings
import TestSupport
import Testing

/// A fake machine: install trees under a temporary root, and a folder the
/// admin stands in.
private struct FakeMachine {
    let root = TemporaryDirectory("finder-root")
    let here = TemporaryDirectory("finder-cwd")

    /// A file's beginning as its application writes it, by the file's name.
    static func sample(for path: String) -> String {
        switch (path as NSString).lastPathComponent {
        case ".env.production": "LOCAL_DOMAIN=example.com\n"
        case "app.yml": "env:\n  DISCOURSE_HOSTNAME: forum.example.com\n"
        case "gitlab.rb": "external_url 'https://git.example.com'\n"
        case "config.production.json": "{\"url\": \"https://blog.example.com\"}\n"
        case "config.php": "<?php\n$CONFIG = array (\n);\n"
        case "app.ini": "RUN_USER = git\n[server]\nDOMAIN = git.example.com\n"
        case "appsettings.json": "{\"Umbraco\": {}}\n"
        case "web.config": "<configuration><umbracoConfiguration /></configuration>\n"
        default: "[options]\n"
        }
    }

    func install(_ path: String, under base: String? = nil, text: String? = nil, mode: Int = 0o644) {
        let full = ((base ?? root.path) as NSString).appendingPathComponent(path)
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! (text ?? Self.sample(for: path)).write(toFile: full, atomically: false, encoding: .utf8)
        try! FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full)
    }

    func finder(environment: [String: String] = [:]) -> TargetFinder {
        TargetFinder(root: root.path, currentDirectory: here.path, environment: environment)
    }
}

@Suite struct TargetFinderTests {
    @Test func findsEachApplicationInItsUsualPlace() {
        let machine = FakeMachine()
        machine.install("home/mastodon/live/.env.production")
        machine.install("var/discourse/containers/app.yml")
        machine.install("etc/gitlab/gitlab.rb")
        machine.install("var/www/ghost/config.production.json")
        machine.install("var/www/nextcloud/config/config.php")
        machine.install("etc/gitea/app.ini")
        machine.install("var/www/umbraco/appsettings.json")
        let found = machine.finder().find()
        #expect(
            found.map(\.application) == ["mastodon", "discourse", "gitlab", "ghost", "nextcloud", "gitea", "umbraco"])
        let mastodon = found[0]
        let path = machine.root.path + "/home/mastodon/live/.env.production"
        #expect(mastodon.path == path)
        #expect(mastodon.store == "mastodon:" + path)
        #expect(mastodon.readable == true)
        #expect(mastodon.place == .usualLocation)
        #expect(mastodon.sentence == "Mastodon at " + path)
        #expect(found.allSatisfy { $0.place == .usualLocation })
    }

    /// Many projects have an appsettings.json or a config.php: one here is
    /// proposed only when it is the application's. In the usual places the
    /// name is enough, and an empty or unreadable file is not judged.
    @Test func aFileHereMustLookLikeTheApplicationsOwn() {
        let machine = FakeMachine()
        let strangers = [
            ".env.production": "NODE_ENV=production\n", "gitlab.rb": "puts 'hello'\n",
            "config.production.json": "{\"name\": \"x\"}\n", "config.php": "<?php return [];\n",
            "app.ini": "[app]\ndebug = false\n[database]\nhost = localhost\n",
            "appsettings.json": "{\"Cms\": {\"BaseUrl\": \"https://cms.example.com/umbraco/api/\"}}\n",
            "web.config": "<configuration><appSettings /></configuration>\n", "odoo.conf": "[other]\n",
            "containers/app.yml": "version: 2\n",
        ]
        for (name, text) in strangers { machine.install(name, under: machine.here.path, text: text) }
        #expect(machine.finder().find().isEmpty)
        for name in strangers.keys { machine.install(name, under: machine.here.path) }
        #expect(
            machine.finder().find().count == strangers.count - 1,
            "all but web.config, which is looked for in the usual places only")
        let other = FakeMachine()
        other.install("appsettings.json", under: other.here.path, text: "")
        other.install("var/www/umbraco/appsettings.json", text: "{\"name\": \"x\"}\n")
        #expect(other.finder().find().map(\.place) == [.currentDirectory, .usualLocation])
    }

    @Test func nothingInstalledFindsNothing() {
        #expect(FakeMachine().finder().find().isEmpty)
    }

    @Test func theSecondUsualPathAndTheCurrentDirectoryCount() {
        let machine = FakeMachine()
        machine.install("opt/mastodon/.env.production")
        machine.install(".env.production", under: machine.here.path)
        machine.install("containers/app.yml", under: machine.here.path)
        machine.install("config/config.php", under: machine.here.path)
        let found = machine.finder().find()
        #expect(found.map(\.application) == ["mastodon", "discourse", "nextcloud", "mastodon"])
        #expect(found[0].path == machine.here.path + "/.env.production")
        #expect(found[0].place == .currentDirectory)
        #expect(found[1].path == machine.here.path + "/containers/app.yml")
        #expect(found[2].path == machine.here.path + "/config/config.php")
        #expect(found[3].path == machine.root.path + "/opt/mastodon/.env.production")
    }

    @Test func aFileFoundBothWaysIsListedOnce() {
        let machine = FakeMachine()
        machine.install("etc/gitlab/gitlab.rb")
        let finder = TargetFinder(root: machine.root.path, currentDirectory: machine.root.path + "/etc/gitlab")
        let found = finder.find()
        #expect(found.count == 1)
        #expect(found.first?.place == .currentDirectory)
    }

    @Test func foldersAndUnreadableFilesAreToldApart() throws {
        let machine = FakeMachine()
        // A folder where the file should be is not an install.
        try FileManager.default.createDirectory(
            atPath: machine.root.path + "/etc/gitlab/gitlab.rb", withIntermediateDirectories: true)
        machine.install("var/www/ghost/config.production.json", mode: 0o000)
        let found = machine.finder().find()
        #expect(found.map(\.application) == ["ghost"])
        // Root reads anything; any other user cannot read a file of mode 0.
        #expect(found.first?.readable == (geteuid() == 0))
    }

    @Test func foremsDatabaseURLIsListedWithoutItsPassword() {
        let machine = FakeMachine()
        let found = machine.finder(environment: ["DATABASE_URL": "postgres://forem:s3cret@db.local/forem"]).find()
        #expect(found.count == 1)
        #expect(found[0].application == "forem" && found[0].place == .databaseURL)
        #expect(found[0].readable == nil)
        #expect(!found[0].store.contains("s3cret") && found[0].store.contains("db.local/forem"))
        #expect(machine.finder(environment: ["DATABASE_URL": "mysql2://x/y"]).find().isEmpty)
    }

    @Test func aNamedStoreMeansNothingIsProposed() {
        #expect(TargetFinder.storeIsNamed(flag: "/x.sqlite3", environment: [:]))
        #expect(TargetFinder.storeIsNamed(flag: nil, environment: ["SMTP_SETUP_STORE": "/x.sqlite3"]))
        #expect(TargetFinder.storeIsNamed(flag: nil, environment: ["DATABASE_URL": "postgresql://u@h/d"]))
        #expect(!TargetFinder.storeIsNamed(flag: nil, environment: ["SMTP_SETUP_STORE": ""]))
        #expect(!TargetFinder.storeIsNamed(flag: nil, environment: ["DATABASE_URL": "sqlite3:db.sqlite3"]))
    }

    @Test func theRootComesFromTheEnvironmentForTestsOnly() {
        #expect(TargetFinder.fromEnvironment([:]).root == "/")
        #expect(TargetFinder.fromEnvironment(["SMTP_SETUP_ROOT": "/tmp/fake"]).root == "/tmp/fake")
        #expect(TargetFinder.fromEnvironment(["SMTP_SETUP_ROOT": "/tmp/fake"]).under("/etc/x") == "/tmp/fake/etc/x")
    }
}

@Suite struct PickUpTests {
    @Test func theCommandNamesTheInstallThatWasSaved() {
        #expect(
            PickUp(application: .mastodon, file: "/home/mastodon/live/.env.production", searchPath: nil).command
                == "systemctl restart mastodon-sidekiq mastodon-web")
        #expect(
            PickUp(application: .discourse, file: "/srv/disc/containers/app.yml", searchPath: nil).command
                == "cd /srv/disc && ./launcher rebuild app")
        #expect(
            PickUp(application: .discourse, file: "/srv/my disc/containers/app.yml", searchPath: nil).command
                == "cd '/srv/my disc' && ./launcher rebuild app")
        // A two-container install rebuilds the container whose file was saved.
        #expect(
            PickUp(application: .discourse, file: "/var/discourse/containers/web_only.yml", searchPath: nil).command
                == "cd /var/discourse && ./launcher rebuild web_only")
        #expect(
            PickUp(application: .gitlab, file: "/etc/gitlab/gitlab.rb", searchPath: nil).command
                == "gitlab-ctl reconfigure")
        #expect(
            PickUp(application: .ghost, file: "/var/www/blog/config.production.json", searchPath: nil).command
                == "cd /var/www/blog && ghost restart")
    }

    @Test func fromAStoreURL() {
        let pickUp = PickUp(storeURL: "gitlab:/etc/gitlab/gitlab.rb", searchPath: nil)
        #expect(pickUp?.application == .gitlab)
        #expect(PickUp(storeURL: "sqlite:///var/lib/smtp-setup/settings.sqlite3", searchPath: nil) == nil)
        #expect(PickUp(storeURL: "/var/lib/smtp-setup/settings.sqlite3", searchPath: nil) == nil)
        #expect(Application.named(inStoreURL: "mastodon:///home/m/.env.production")?.1 == "/home/m/.env.production")
        #expect(Application.named(inStoreURL: "mastodon:") == nil)
    }

    @Test func offeredOnlyWhenTheToolSeesItInstalled() throws {
        let machine = FakeMachine()
        let bin = TemporaryDirectory("finder-bin")
        let file = machine.root.path + "/home/mastodon/live/.env.production"
        func mastodon() -> Bool {
            PickUp(application: .mastodon, file: file, root: machine.root.path, searchPath: bin.path).isInstalled
        }
        #expect(!mastodon())
        machine.install("etc/systemd/system/mastodon-web.service")
        machine.install("lib/systemd/system/mastodon-sidekiq.service")
        #expect(!mastodon(), "the units without systemctl")
        machine.install("systemctl", under: bin.path, text: "#!/bin/sh\n", mode: 0o755)
        #expect(mastodon())

        #expect(!PickUp(application: .gitlab, file: "/etc/gitlab/gitlab.rb", searchPath: bin.path).isInstalled)
        machine.install("gitlab-ctl", under: bin.path, text: "#!/bin/sh\n", mode: 0o644)
        #expect(!PickUp(application: .gitlab, file: "/etc/gitlab/gitlab.rb", searchPath: bin.path).isInstalled)
        machine.install("gitlab-ctl", under: bin.path, text: "#!/bin/sh\n", mode: 0o755)
        #expect(PickUp(application: .gitlab, file: "/etc/gitlab/gitlab.rb", searchPath: bin.path).isInstalled)

        let appYML = machine.root.path + "/var/discourse/containers/app.yml"
        #expect(!PickUp(application: .discourse, file: appYML, searchPath: nil).isInstalled)
        machine.install("var/discourse/launcher", text: "#!/bin/sh\n", mode: 0o755)
        #expect(PickUp(application: .discourse, file: appYML, searchPath: nil).isInstalled)
    }
}

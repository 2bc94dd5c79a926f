import ArgumentParser
import Testing

@testable import smtp_setup

/// The wizard's store flags read without the argument parser
/// (WizardArguments) mean exactly what the parser makes of them, and
/// everything else is left to the parser.
@Suite struct WizardArgumentsTests {
    /// What ArgumentParser makes of `arguments` as the wizard's flags; nil if
    /// it refuses them or they name a command.
    static func parsed(_ arguments: [String]) -> SMTPSetup? {
        (try? SMTPSetup.parseAsRoot(arguments)) as? SMTPSetup
    }

    @Test(arguments: [
        [], ["--store", "/tmp/s.sqlite3"], ["--store=/tmp/s.sqlite3"],
        ["--store", "mastodon:/home/mastodon/live/.env.production", "--owner", "mastodon"],
        ["--owner=git:git", "--store=gitlab:/etc/gitlab/gitlab.rb"], ["--owner", "nobody"],
        ["--store=a=b"], ["--store", "postgres://forem@localhost:5432/forem"],
    ])
    func readsTheStoreFlagsAsTheParserDoes(_ arguments: [String]) throws {
        let fast = try #require(WizardArguments(arguments), "taken without the parser: \(arguments)")
        let command = try #require(Self.parsed(arguments), "the parser takes \(arguments) too")
        #expect(fast.store == command.storeOptions.store)
        #expect(fast.owner == command.storeOptions.owner)
        // Nothing else the parser could have set: the fast path passes no other values.
        #expect(command.probeFlags.caFile == nil && command.probeFlags.timeout == nil)
        #expect(!command.probeFlags.allowPlaintextAuth && command.forem.foremDir == nil)
    }

    @Test(arguments: [
        ["--store"], ["--store="], ["--store", ""], ["--store", "--owner", "x"], ["--store", "-"],
        ["--store", "a", "--store", "b"],
        ["--owner", "a", "--owner=b"], ["--help"], ["-h"], ["--version", "--store", "a"], ["show"],
        ["--store", "a", "show"], ["--timeout", "5"], ["--ca-file", "/tmp/ca.pem"], ["--allow-plaintext-auth"],
        ["--forem-dir", "/opt/forem"], ["--stor", "a"], ["--store", "a", "extra"], ["-store", "a"],
    ])
    func leavesEverythingElseToTheParser(_ arguments: [String]) {
        #expect(WizardArguments(arguments) == nil, "\(arguments)")
    }
}

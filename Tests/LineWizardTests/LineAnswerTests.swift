import Foundation
import SMTPSettings
import TestSupport
import Testing

/// How the line wizard reads answers: yes/no words, and `m` for a test
/// message to the usual address.
@Suite struct LineAnswerTests {
    let dir = TemporaryDirectory("line-answers")

    func run(_ answers: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), ["--store", dir.file("settings.sqlite3"), "--timeout", "5"],
            input: answers.map { $0 + "\n" }.joined(), timeout: 60)
    }

    /// A relay on this machine: no TLS, no login, a from address.
    func relay(_ port: Int) -> [String] {
        ["9", "127.0.0.1", String(port), "none", "none", "", "", "app@example.com", ""]
    }

    func recipients(_ server: SMTPTestServer) -> [String] {
        server.messages().flatMap { ($0["rcpt_tos"] as? [String]) ?? [] }
    }

    @Test func yesAndNoQuestionsTakeTheirWordsInAnyCaseAndSayWhichOnError() throws {
        let server = try SMTPTestServer(mode: "plain")
        let result = try run(relay(server.port) + ["maybe", "TRUE", "", "no"])
        #expect(result.status == 1, "\(result.output)")
        #expect(
            result.stdout.contains(
                "'maybe' is not an answer here: type y, yes or true, or n, no or false (any case), or Enter for yes."))
        // (Passed, not ready: the embedded store is Forem's, which sends only with a login.)
        #expect(result.stdout.contains("Passed: 127.0.0.1 accepts mail"), "TRUE ran the test")

        let declined = try run(relay(server.port) + ["False", "no"])
        #expect(!declined.stdout.contains("Testing 127.0.0.1"), "False skipped the test: \(declined.stdout)")
        #expect(!declined.stdout.contains("not an answer here"))
    }

    @Test func mSendsToTheFromAddressFirstThenToTheLastAddressUsed() throws {
        let server = try SMTPTestServer(mode: "plain")
        let enterThroughTheFields = Array(repeating: "", count: 8)
        let answers =
            relay(server.port) + ["y", "m", "edit"] + enterThroughTheFields + ["y", "admin@example.org", "edit"]
            + enterThroughTheFields + ["yes", "m", "no"]
        let result = try run(answers)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("(an address, m for app@example.com, or Enter to skip)"))
        #expect(result.stdout.contains("(an address, m for admin@example.org, or Enter to skip)"))
        #expect(recipients(server) == ["app@example.com", "admin@example.org", "admin@example.org"])
    }
}

import Foundation
import SMTPSettings
import TestSupport
import Testing
import Wizard

/// Both front ends over the same core: the full-screen wizard driven by
/// intents, the line wizard (the real binary) by the same answers. They
/// must ask the same questions in the same order, and review the same
/// rows and warnings.
@Suite struct FrontEndParityTests {
    let dir = TemporaryDirectory("parity")
    var storePath: String { dir.file("settings.sqlite3") }

    /// What a front end showed: every question in order, the warnings the
    /// answers drew (each once, sorted: the full screen shows them beside
    /// their fields, the line wizard after the answer), then review's rows and warnings.
    struct Seen: Equatable, CustomStringConvertible {
        var questions: [String] = []
        var fieldWarnings: [String] = []
        var rows: [ReviewSummary.Row] = []
        var warnings: [String] = []

        var description: String {
            "questions: \(questions)\nfield warnings: \(fieldWarnings)\n"
                + "rows: \(rows.map { "\($0.label)=\($0.value)" })\nwarnings: \(warnings)"
        }
    }

    /// Drives the full-screen wizard through intents: a provider, each
    /// question the form steps ask answered from `answers` (a missing answer
    /// keeps the value), no test, then review. Each step's screen must show
    /// its questions in the order asked, and review's screen every row and
    /// warning. Returns what it saw and the answers in the order asked.
    func driveCore(
        _ stored: StoredSettings?, provider: Provider.ID, answers: [SettingKey: String],
        application: Application? = nil
    ) -> (Seen, [String]) {
        var state = WizardState(
            storePath: storePath, access: .writable, stored: stored,
            size: Size(width: 200, height: 60),
            environment: WizardEnvironment(
                machineName: Self.machineName, testsOnEntering: false,
                storeKind: application.map { .applicationFile($0) } ?? .embedded, application: application))
        var seen = Seen()
        var typed: [String] = []
        var fieldWarnings: Set<String> = []
        _ = update(&state, .chooseProvider(provider, region: nil))
        while state.step.isForm {
            expectInOrder(state.questions.map(\.label), on: state)
            var index = 0
            while index < state.questions.count {
                let question = state.questions[index]
                seen.questions.append(question.label)
                typed.append(answers[question.key] ?? "")
                _ = update(&state, .setValue(question.key, answers[question.key] ?? question.value))
                for key in SettingKey.allCases {
                    for problem in state.problems(of: key) where problem.severity == .warning {
                        fieldWarnings.insert("\(problem.sentence) \(problem.fix)")
                    }
                }
                index = (state.questions.firstIndex { $0.key == question.key } ?? index) + 1
            }
            _ = update(&state, .next)
        }
        seen.fieldWarnings = fieldWarnings.sorted()
        #expect(state.step == .test)
        _ = update(&state, .next)
        #expect(state.step == .review)
        let summary = state.reviewSummary
        seen.rows = summary.rows + [ReviewSummary.Row("Test", state.testStatusLine)]
        seen.warnings = summary.warnings
        // The full screen draws every row's and warning's words.
        let screen = Self.screenText(state)
        for row in summary.rows { #expect(screen.contains(row.value), "the screen lacks \(row.value)") }
        for warning in summary.warnings { #expect(screen.contains(warning), "the screen lacks \(warning)") }
        return (seen, typed)
    }

    /// The name an empty HELO domain stands for: this machine's, as the binary reads it.
    static var machineName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(cString: buffer)
    }

    /// The screen's words on one line: wrapped text joined again.
    static func screenText(_ state: WizardState) -> String {
        view(state).text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    /// The step's screen shows `labels` top to bottom in this order.
    func expectInOrder(_ labels: [String], on state: WizardState) {
        let screen = Self.screenText(state)
        var rest = screen[...]
        for label in labels {
            guard let found = rest.range(of: label) else {
                Issue.record("step \(state.step) does not show \(label) after the fields before it: \(screen)")
                return
            }
            rest = rest[found.upperBound...]
        }
    }

    /// Runs the line wizard with `answers` and reads back its questions, review rows and warnings.
    func driveLine(_ answers: [String], store: String? = nil) throws -> (Seen, ProcessResult) {
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), ["--store", store ?? storePath, "--timeout", "5"],
            input: answers.map { $0 + "\n" }.joined(), timeout: 60)
        var seen = Seen()
        let labels = SettingKey.allCases.map(\.label)
        let lines = result.stdout.components(separatedBy: "\n")
        for line in lines {
            // A question is a field's label, then its hint, its value in brackets, or the colon.
            if let label = labels.first(where: {
                line.hasPrefix($0 + " (") || line.hasPrefix($0 + " [") || line.hasPrefix($0 + ":")
            }) {
                seen.questions.append(label)
            }
        }
        let beforeReview = lines.prefix { $0 != "Review:" }
        let fieldWarnings = beforeReview.filter { $0.hasPrefix("  Warning: ") }.map {
            $0.dropFirst("  Warning: ".count)
        }
        seen.fieldWarnings = Set(fieldWarnings.map(String.init)).sorted()
        let review = lines.drop { $0 != "Review:" }.dropFirst()
        for line in review {
            if line.hasPrefix("  Warning: ") {
                seen.warnings.append(String(line.dropFirst("  Warning: ".count)))
            } else if line.hasPrefix("  ") && !line.hasPrefix("   ") {
                let text = line.dropFirst(2)
                let label = String(text.prefix(13)).trimmingCharacters(in: .whitespaces)
                if label == "Changes" { continue }
                seen.rows.append(ReviewSummary.Row(label, String(text.dropFirst(13))))
            } else if line.isEmpty {
                break
            }
        }
        return (seen, result)
    }

    @Test func aNewSetupWithWarningsReadsTheSameInBoth() throws {
        let answers: [SettingKey: String] = [
            .address: "smtp.example.com", .port: "2525", .security: "none", .authentication: "plain",
            .userName: "user", .password: "s3cr3t-Value-1", .domain: "app.example.com", .fromName: "Example App",
            .fromEmailAddress: "app@example.com",
        ]
        let (core, typed) = driveCore(nil, provider: .custom, answers: answers)
        // No certificate question without TLS, in both.
        #expect(!core.questions.contains(SettingKey.verifyCertificate.label))
        #expect(!core.warnings.isEmpty)
        #expect(core.questions.count == 10 && core.rows.count == 6, "\(core)")
        let (line, result) = try driveLine([pick(.custom, hasSettings: false)] + typed + ["n", "no"])
        #expect(result.status == 1, "\(result.output)")
        #expect(line == core, "line:\n\(line)\ncore:\n\(core)")
        #expect(!result.output.contains("s3cr3t-Value-1"))
    }

    /// Saves `values` as the store's first revision and reads it back, as both wizards start from it.
    func storeHolding(_ values: [SettingKey: String]) throws -> StoredSettings {
        let store = try SQLiteStore(path: storePath)
        _ = try store.save(MailSettings(values), basedOn: 0, action: "set")
        return try store.load()
    }

    @Test func retypingTheStoredPasswordReadsUnchangedInBoth() throws {
        let loaded = try storeHolding([
            .address: "smtp.example.com", .security: "tls", .port: "465", .userName: "user",
            .password: "s3cr3t-Value-2", .domain: "app.example.com", .fromEmailAddress: "app@example.com",
        ])
        // Keep every value and type the stored password again: nothing changes, in both.
        let (core, typed) = driveCore(loaded, provider: .keep, answers: [.password: "s3cr3t-Value-2"])
        #expect(core.rows.contains(ReviewSummary.Row("Login", "plain, user user, password unchanged")))
        #expect(core.questions.count == 11, "\(core)")
        let (line, result) = try driveLine([""] + typed + ["n"])
        #expect(result.status == 0, "\(result.output)")
        #expect(line == core, "line:\n\(line)\ncore:\n\(core)")
        #expect(result.stdout.contains("Nothing changed: \(storePath) already holds exactly these settings"))
    }

    @Test func noLoginDropsTheUserNameInBoth() throws {
        let answers: [SettingKey: String] = [
            .address: "127.0.0.1", .port: "25", .security: "none", .authentication: "none",
            .domain: "app.example.com", .fromEmailAddress: "app@example.com",
        ]
        let (core, typed) = driveCore(nil, provider: .custom, answers: answers)
        #expect(!core.questions.contains(SettingKey.userName.label))
        #expect(core.questions.count == 8 && core.rows.count == 6, "\(core)")
        #expect(core.rows.contains(ReviewSummary.Row("Login", "none (no login)")))
        let (line, result) = try driveLine([pick(.custom, hasSettings: false)] + typed + ["n", "no"])
        #expect(result.status == 1, "\(result.output)")
        #expect(line == core, "line:\n\(line)\ncore:\n\(core)")
    }

    /// The line wizard's answer that picks `id` from the provider list the core offers.
    func pick(_ id: Provider.ID, hasSettings: Bool) -> String {
        let index = Provider.choices(hasSettings: hasSettings).firstIndex { $0.id == id } ?? 0
        return String(index + 1)
    }

    @Test func cramMD5KeepingTheStoredPasswordWithChecksOffReadsTheSameInBoth() throws {
        let loaded = try storeHolding([
            .address: "mail.example.com", .port: "587", .security: "starttls", .authentication: "cram_md5",
            .userName: "user", .password: "s3cr3t-Value-3", .fromEmailAddress: "app@example.com",
        ])
        // Enter keeps the stored password; the certificate check is turned off, which warns.
        let answers: [SettingKey: String] = [.verifyCertificate: "false", .fromName: "Example App"]
        let (core, typed) = driveCore(loaded, provider: .keep, answers: answers)
        #expect(core.questions.contains(SettingKey.verifyCertificate.label))
        #expect(
            core.rows.contains { $0.value.contains("cram_md5") && $0.value.contains("password unchanged") }, "\(core)")
        #expect(!core.fieldWarnings.isEmpty && !core.warnings.isEmpty, "\(core)")
        let (line, result) = try driveLine([pick(.keep, hasSettings: true)] + typed + ["n", "no"])
        #expect(result.status == 1, "\(result.output)")
        #expect(line == core, "line:\n\(line)\ncore:\n\(core)")
        #expect(!result.output.contains("s3cr3t-Value-3"))
    }

    @Test func aProviderPresetAsksAndReviewsTheSameInBoth() throws {
        let answers: [SettingKey: String] = [.password: "SG.key-Value-4", .fromEmailAddress: "app@example.com"]
        let (core, typed) = driveCore(nil, provider: .sendgrid, answers: answers)
        #expect(core.rows.contains { $0.value.contains("smtp.sendgrid.net") }, "\(core)")
        #expect(core.rows.contains { $0.value.contains("apikey") }, "\(core)")
        let (line, result) = try driveLine([pick(.sendgrid, hasSettings: false)] + typed + ["n", "no"])
        #expect(result.status == 1, "\(result.output)")
        #expect(line == core, "line:\n\(line)\ncore:\n\(core)")
        #expect(!result.output.contains("SG.key-Value-4"))
    }

    @Test func aGhostFileAsksOnlyWhatGhostUsesInBoth() throws {
        let file = dir.file("config.production.json")
        try Data("{\n  \"url\": \"http://localhost:2368\"\n}\n".utf8).write(to: URL(fileURLWithPath: file))
        let answers: [SettingKey: String] = [
            .address: "smtp.example.com", .port: "587", .security: "starttls", .authentication: "plain",
            .userName: "user", .password: "s3cr3t-Value-5", .domain: "app.example.com", .fromName: "Blog",
            .fromEmailAddress: "blog@example.com",
        ]
        let (core, typed) = driveCore(nil, provider: .custom, answers: answers, application: .ghost)
        // Ghost has no reply-to setting: not asked in either, and review says so.
        #expect(!core.questions.contains(SettingKey.replyToEmailAddress.label), "\(core)")
        #expect(core.rows.contains(ReviewSummary.Row("Reply-to", "not used by Ghost")), "\(core)")
        let (line, result) = try driveLine(
            [pick(.custom, hasSettings: false)] + typed + ["n", "no"], store: "ghost:" + file)
        #expect(line == core, "line:\n\(line)\ncore:\n\(core)\n\(result.output)")
        #expect(!result.output.contains("s3cr3t-Value-5"))
    }
}

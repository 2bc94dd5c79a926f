import ProbeModel
import SMTPSettings
import Testing

@testable import Wizard

/// The wizard on Odoo's database: the mechanism is Odoo's (smtplib) to
/// choose, the HELO name and the sender are not asked, no lockout notice,
/// and the done screen says Odoo reads the server when it sends.
@Suite struct OdooWizardTests {
    let server = MailSettings([
        .address: "smtp.example.com", .port: "587", .security: "starttls", .authentication: "plain",
        .userName: "user", .password: "s3cr3t-App-1",
    ])

    func state(stored: MailSettings) -> WizardState {
        fresh(
            StoredSettings(settings: stored, revision: 0, latest: nil),
            environment: WizardEnvironment(
                machineName: "box.example.net", storeKind: .odooDatabase, application: .odoo))
    }

    @Test func theMechanismIsOdoosAndTheSenderIsNotAsked() {
        var wizard = state(stored: server)
        wizard.fields[.authentication] = FieldEditor("cram_md5")
        #expect(wizard.startTest(sendTo: nil) == [], "no test runs")
        #expect(wizard.test?.outcome?.diagnosis?.setting == SettingName(.authentication))
        let diagnosis = wizard.test?.outcome?.diagnosis
        #expect(
            (diagnosis.map { $0.title + " " + $0.explanation + " " + $0.fix } ?? "").contains("chosen by Odoo itself"),
            "\(String(describing: diagnosis))")
        wizard.enter(.sender)
        #expect(!wizard.questions.map(\.key).contains(.domain))
        #expect(!wizard.questions.map(\.key).contains(.fromEmailAddress))
    }

    @Test func theTestStepSaysWhatOdooWillDo() {
        let wizard = at(.test, from: state(stored: server))
        let words = prose(wizard)
        #expect(
            words.contains(
                "Odoo sends with STARTTLS, refused when the server does not offer it, EHLO box.example.net "
                    + "(this machine's name)"), "\(words)")
    }

    @Test func savingAsksNoLockoutAndTheDoneScreenSaysOdooReadsItWhenItSends() {
        var wizard = state(stored: MailSettings())
        for key in server.setKeys { wizard.fields[key] = FieldEditor(server[key] ?? "") }
        wizard.enter(.review)
        #expect(!wizard.asksLockout)
        #expect(!prose(wizard).contains("I understand"))
        wizard.lastPassed = wizard.settings
        _ = update(&wizard, .save)
        _ = update(&wizard, .saved(entry(1)))
        let words = prose(wizard).replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
        #expect(wizard.step == .done, "\(words)")
        #expect(words.contains("no restart is needed"), "\(words)")
        #expect(!words.contains("clear_cache"))
        let odoo = WizardState(
            storePath: "odoo+postgres://odoo@db:5432/prod?sslmode=prefer", access: .writable, stored: nil,
            environment: WizardEnvironment(storeKind: .odooDatabase, application: .odoo))
        #expect(odoo.storeURL == "odoo+postgres://odoo@db:5432/prod?sslmode=prefer", "undo acts on the same database")
    }
}

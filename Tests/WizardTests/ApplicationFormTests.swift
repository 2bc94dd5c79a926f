import ProbeModel
import SMTPSettings
import Testing

@testable import Wizard

/// The form follows what the store's application can express: fields it has
/// no setting for are not asked (the full screen shows them as "not used by
/// X"), a value it cannot use is refused with the fix before the test, and
/// the test step says what the application will do when it sends.
@Suite struct ApplicationFormTests {
    /// The screen's words with runs of blanks made one, so that a label and its padding read as a phrase.
    func words(_ state: WizardState) -> String {
        prose(state).replacingOccurrences(of: " +", with: " ", options: .regularExpression)
    }

    func state(_ application: Application, stored: MailSettings = MailSettings()) -> WizardState {
        fresh(
            StoredSettings(settings: stored, revision: 0, latest: nil),
            environment: WizardEnvironment(
                machineName: "box.example.net", storeKind: .applicationFile(application), application: application))
    }

    let server = MailSettings([
        .address: "smtp.example.com", .port: "587", .security: "starttls", .authentication: "plain",
        .userName: "user", .password: "s3cr3t-App-1", .fromEmailAddress: "app@example.com",
    ])

    @Test func fieldsTheApplicationHasNoSettingForAreNotAsked() {
        var ghost = state(.ghost, stored: server)
        ghost.enter(.authentication)
        #expect(ghost.questions.map(\.key) == [.authentication, .userName, .password])
        ghost.enter(.sender)
        #expect(ghost.questions.map(\.key) == [.domain, .fromName, .fromEmailAddress])
        #expect(words(ghost).contains("Reply-to address not used by Ghost"))

        var nextcloud = state(.nextcloud, stored: server)
        nextcloud.enter(.sender)
        #expect(nextcloud.questions.map(\.key) == [.fromEmailAddress])
        let screen = words(nextcloud)
        for label in [SettingKey.domain.label, SettingKey.fromName.label, SettingKey.replyToEmailAddress.label] {
            #expect(screen.contains("\(label) not used by Nextcloud"), "\(screen)")
        }

        var discourse = state(.discourse, stored: server)
        discourse.enter(.sender)
        #expect(discourse.questions.map(\.key) == [.domain, .fromEmailAddress])

        var gitlab = state(.gitlab, stored: server)
        gitlab.enter(.sender)
        #expect(gitlab.questions.map(\.key) == [.domain, .fromName, .fromEmailAddress, .replyToEmailAddress])
        #expect(words(gitlab).contains("Empty: GitLab sends localhost;"))
        #expect(gitlab.reviewSummary.rows.contains(ReviewSummary.Row("HELO domain", "(empty: GitLab sends localhost)")))
    }

    @Test func reviewSaysWhatIsNotUsed() {
        let summary = state(.nextcloud, stored: server).reviewSummary
        #expect(summary.rows.contains(ReviewSummary.Row("HELO domain", "not used by Nextcloud")))
        #expect(summary.rows.contains(ReviewSummary.Row("Reply-to", "not used by Nextcloud")))
        let forem = fresh(StoredSettings(settings: server, revision: 0, latest: nil)).reviewSummary
        #expect(forem.rows.contains(ReviewSummary.Row("Reply-to", "(none)")))
    }

    @Test func aMechanismTheApplicationPicksItselfIsRefusedBeforeTheTest() {
        for application in [Application.ghost, .gitea, .nextcloud] {
            var wizard = state(application, stored: server)
            wizard.fields[.authentication] = FieldEditor("login")
            let errors = SettingsValidator.errors(in: wizard.settings, store: .applicationFile(application))
            #expect(errors.contains { $0.key == .authentication && $0.fix.contains("plain") }, "\(application)")
            #expect(wizard.startTest(sendTo: nil) == [], "no test runs: \(application)")
            #expect(wizard.test?.outcome?.diagnosis?.diagnosisClass == .invalidSettings)
            #expect(wizard.test?.outcome?.diagnosis?.setting == SettingName(.authentication))
        }
        // A preset's LOGIN becomes plain where the application picks the mechanism.
        var ghost = state(.ghost)
        _ = update(&ghost, .chooseProvider(.microsoft365, region: nil))
        #expect(ghost.text(.authentication) == "plain")
    }

    /// Only Forem logs out unconfirmed users once SMTP is on: the notice and
    /// its tick are Forem's, and an application's file saves without them.
    @Test func onlyFormsStoresAskForTheLockoutNotice() {
        // Both forms hold settings their store does not, so review has something to save.
        func typed(_ wizard: inout WizardState) {
            for key in server.setKeys { wizard.fields[key] = FieldEditor(server[key] ?? "") }
        }
        var mastodon = state(.mastodon)
        typed(&mastodon)
        mastodon.enter(.review)
        #expect(!mastodon.asksLockout)
        #expect(!words(mastodon).contains("Before you save"))
        #expect(!words(mastodon).contains("I understand"))
        _ = update(&mastodon, .save)
        #expect(mastodon.notice?.text.contains("I understand") != true)

        var forem = fresh(StoredSettings(settings: MailSettings(), revision: 0, latest: nil))
        typed(&forem)
        forem.enter(.review)
        #expect(forem.asksLockout)
        #expect(words(forem).contains("Before you save"))
        #expect(update(&forem, .save) == [])
        #expect(forem.notice?.text.contains("I understand") == true)
    }

    @Test func theTestStepSaysWhatTheApplicationWillDo() {
        var discourse = at(.test, from: state(.discourse, stored: server))
        #expect(discourse.step == .test)
        let words = prose(discourse)
        #expect(
            words.contains(
                "Discourse sends with STARTTLS when the server offers it, plain text when it does not, "
                    + "EHLO localhost (its default), checks the certificate (openssl_verify_mode peer)."), "\(words)")
        #expect(words.contains("EHLO localhost"))
        _ = update(&discourse, .probe(.finished(outcome: ProbeOutcome(wentInClear: true))))
        #expect(
            prose(discourse).contains(
                "The server does not offer STARTTLS: Discourse would send its mail, and any password, in plain text."))

        let ghost = at(.test, from: state(.ghost, stored: server))
        #expect(
            prose(ghost).contains(
                "Ghost sends with STARTTLS, refused when the server does not offer it, EHLO box.example.net "
                    + "(this machine's name)"))
        let mastodon = at(.test, from: state(.mastodon, stored: server))
        #expect(prose(mastodon).contains("EHLO its LOCAL_DOMAIN"))
        // Forem's stores say what they always said.
        let forem = at(.test, from: fresh(StoredSettings(settings: server, revision: 0, latest: nil)))
        #expect(forem.deliverySentence == nil)
    }
}

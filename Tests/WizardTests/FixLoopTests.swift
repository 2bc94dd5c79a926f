import ProbeModel
import SMTPSettings
import Testing

@testable import Wizard

/// After a failure: fix, and test again, in as few keys as possible.
@Suite struct FixLoopTests {
    /// The probe's own diagnosis, with its fix-it value, from a recorded run.
    static let tlsOnPlainPort = Recorded.diagnosis(Recorded.tlsOnPlaintextPort)

    func failed(_ diagnosis: Diagnosis, security: String = "tls", port: String = "587") -> WizardState {
        var state = at(.server)
        state.fields[.security] = FieldEditor(security)
        state.fields[.port] = FieldEditor(port)
        press(&state, .control("t"))
        _ = update(&state, .probe(.finished(outcome: ProbeOutcome(diagnosis: diagnosis))))
        return state
    }

    @Test func ctrlTRunsTheTestFromAnyFormStep() {
        for step in [Step.server, .authentication, .sender] {
            var state = at(step)
            let effects = press(&state, .control("t"))
            #expect(state.step == .test)
            #expect(effects == [.runTest(state.settings, sendTo: nil)])
        }
        // Before the form there is nothing to test: said so, nothing run.
        for step in [Step.welcome, .provider] {
            var early = at(step)
            #expect(press(&early, .control("t")).isEmpty)
            #expect(early.step == step && prose(early).contains("There is nothing to test yet"))
        }
        var state = at(.server)
        #expect(prose(state).contains("^T"))
        press(&state, .function(1))
        #expect(prose(state).contains("run the live test now"))
    }

    @Test func fAppliesAnUnambiguousValueSaysWhatChangedAndFocusesIt() {
        var state = failed(Self.tlsOnPlainPort)
        #expect(prose(state).contains("f fix it: set Connection security to STARTTLS"))
        press(&state, .character("f"))
        #expect(state.text(.security) == "starttls")
        #expect(state.text(.port) == "587")
        #expect(state.step == .server)
        #expect(state.focus == .security)
        #expect(prose(state).contains("Changed Connection security to STARTTLS (was TLS)"))
        // And the test again: one more key.
        #expect(press(&state, .control("t")) == [.runTest(state.settings, sendTo: nil)])
    }

    @Test func aSecurityFixMovesAPortLeftAtTheUsualNumber() {
        var state = failed(Self.tlsOnPlainPort, port: "465")
        press(&state, .character("f"))
        #expect(state.text(.port) == "587")
    }

    @Test func withoutASuggestionFOnlyFocuses() {
        var state = failed(wrongPassword, security: "starttls")
        press(&state, .character("f"))
        #expect(state.step == .authentication)
        #expect(state.focus == .password)
        #expect(state.text(.security) == "starttls")
        #expect(prose(state).contains("Re-enter the password (or API key)"))
    }

    @Test func detectsRecommendationIsOneKeyAway() {
        var state = at(.test)
        _ = update(&state, .probe(.finished(outcome: ProbeOutcome())))
        press(&state, .character("d"))
        _ = update(
            &state,
            .detectFinished(
                [
                    "25    not usable: connection refused", "465   TLS on connect, AUTH PLAIN LOGIN",
                    "587   STARTTLS, AUTH PLAIN LOGIN", "2525  STARTTLS, AUTH PLAIN LOGIN",
                    "8025  plain only (no STARTTLS), no AUTH",
                    "Recommended: port 465, TLS on connect, authentication login",
                ],
                recommendation: [
                    SuggestedValue(.port, "465"), SuggestedValue(.security, "tls"),
                    SuggestedValue(.authentication, "login"),
                ]))
        let screen = prose(state)
        for port in ["25 ", "465", "587", "2525", "8025", "Recommended: port 465"] {
            #expect(screen.contains(port), "the detect pane at 80x24 hides \(port)")
        }
        expectGolden(view(state), "test-detect-all-ports-80x24")
        press(&state, .character("a"))
        #expect(state.text(.port) == "465")
        #expect(state.text(.security) == "tls")
        #expect(state.text(.authentication) == "login")
        #expect(prose(state).contains("Changed Port to 465 (was 587)"))
    }

    @Test func aRunningPhaseCountsDown() {
        var state = at(.test)
        _ = update(&state, .probe(.phaseStarted(phase: .greeting, limitSeconds: 10)))
        #expect(prose(state).contains("10 s left"))
        for _ in 0..<(3000 / WizardState.tickMilliseconds) { _ = update(&state, .tick) }
        #expect(prose(state).contains("Greeting: 7 s left of 10"))
    }

    @Test func choosingAnotherProviderLeavesTheStoredPasswordBehind() {
        var state = at(.provider, from: fresh(existingStore()))
        let mailgun = state.providers.firstIndex { $0.id == .mailgun }!
        state.providerIndex = mailgun
        press(&state, .enter)
        #expect(state.settings.password == nil)
        #expect(prose(state).contains("stored password stays with smtp.sendgrid.net"))
        press(&state, .control("n"))
        press(&state, .tab, .tab)
        #expect(prose(state).contains("type the password for this server"))
        #expect(prose(state).contains("never sent to another server"))
        // Back to the server it was stored for: it is used again.
        var back = at(.server, from: fresh(existingStore()))
        replace(&back, with: "smtp.example.net")
        press(&back, .tab)
        #expect(back.settings.password == nil)
        #expect(prose(back).contains("will not be sent to smtp.example.net"))
        press(&back, .backTab)
        replace(&back, with: "smtp.sendgrid.net")
        #expect(back.settings.password == storedPassword)
    }

    @Test func aPassNeedingTheCAFileSaysSoOnEveryScreen() {
        var state = fresh(
            existingStore(), environment: WizardEnvironment(machineName: "app1"))
        state.fields[.fromName] = FieldEditor("Example App Mail")
        state = at(.test, from: state)
        let certificate = CertificateSummary(
            subject: "mail.internal", issuer: "Internal CA", names: ["mail.internal"], notBefore: savedAt,
            notAfter: savedAt.addingTimeInterval(86_400 * 90), selfSigned: false)
        _ = update(
            &state, .probe(.finished(outcome: ProbeOutcome(certificate: certificate, trustedOnlyViaCAFile: true))))
        #expect(prose(state).contains("Trusted only through --ca-file: the system's trusted CAs refuse"))
        press(&state, .enter)
        #expect(prose(state).contains("passed, but trusted only through --ca-file"))
        press(&state, .character(" "), .character("s"))
        _ = update(&state, .saved(entry(4)))
        #expect(prose(state).contains("unless the CA is installed system-wide"))
        #expect(state.scrollbackSummary.joined().contains("--ca-file"))
    }

    @Test func theHELONameIsShown() {
        var state = fresh(emptyStore(), environment: WizardEnvironment(machineName: "app1.example.com"))
        filledForSendGrid(&state)
        #expect(prose(state).contains("EHLO app1.example.com"))
        press(&state, .escape, .escape)
        #expect(state.step == .sender)
        #expect(state.focus == .domain)
        #expect(prose(state).contains("Empty sends this machine's name, app1.example.com"))
    }

    @Test func theScrollbackKeepsTheVerdictButNoSecret() {
        var state = fresh()
        filledForSendGrid(&state)
        runFailingTest(&state)
        let summary = state.scrollbackSummary.joined(separator: "\n")
        #expect(summary.contains("failed: The user name or password was not accepted"))
        #expect(summary.contains("Fix: Re-enter the password (or API key)"))
        #expect(!summary.contains("SG.new-api-key"))
        #expect(fresh().scrollbackSummary.isEmpty)
    }
}

import SMTPSettings
import Testing

@testable import Wizard

/// After a failure: fix, and test again, in as few keys as possible.
@Suite struct FixLoopTests {
    static let tlsOnPlainPort = TestDiagnosis(
        classID: "tls_on_plaintext_port", title: "TLS spoken to a port that expects plain SMTP first",
        explanation: "The server answered in plain text.", fix: "Use STARTTLS on this port.", setting: .security,
        suggestion: [SuggestedValue(.security, "starttls")])

    func failed(_ diagnosis: TestDiagnosis, security: String = "tls", port: String = "587") -> WizardState {
        var state = at(.server)
        state.fields[.security] = FieldEditor(security)
        state.fields[.port] = FieldEditor(port)
        press(&state, .control("t"))
        _ = update(&state, .testFinished(.failed(diagnosis, certificate: nil)))
        return state
    }

    @Test func ctrlTRunsTheTestFromAnyFormStep() {
        for step in [Step.server, .authentication, .sender] {
            var state = at(step)
            let effects = press(&state, .control("t"))
            #expect(state.step == .test)
            #expect(effects == [.runTest(state.settings, sendTo: nil)])
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
        #expect(prose(state).contains("Enter the API key again"))
    }

    @Test func detectsRecommendationIsOneKeyAway() {
        var state = at(.test)
        _ = update(&state, .testFinished(.passed(certificate: nil)))
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
        _ = update(&state, .testPhase(name: "Greeting", status: .running, milliseconds: nil, limitSeconds: 10))
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
        _ = update(&state, .testFinished(.passed(certificate: "mail.internal", onlyWithCAFile: true)))
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
        #expect(summary.contains("failed: The server refused the user name or password"))
        #expect(summary.contains("Fix: Enter the API key again"))
        #expect(!summary.contains("SG.new-api-key"))
        #expect(fresh().scrollbackSummary.isEmpty)
    }
}

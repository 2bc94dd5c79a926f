import ProbeModel
import SMTPSettings
import Testing

@testable import Wizard

@Suite struct TestStepTests {
    @Test func arrivingFromTheFormRunsTheTest() {
        var state = fresh()
        var effects: [WizardEffect] = []
        for key in sendGridKeys { effects += update(&state, .key(key)) }
        #expect(state.step == .test)
        #expect(effects == [.runTest(state.settings, sendTo: nil)])
        #expect(state.isBusy)
    }

    @Test func comingBackToUnchangedSettingsDoesNotRunItAgain() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        press(&state, .escape)
        #expect(press(&state, .control("n")).isEmpty)
        #expect(state.test?.passed == true)
    }

    @Test func phasesAndTranscriptBuildUpAsTheyArrive() {
        var state = fresh()
        filledForSendGrid(&state)
        _ = update(&state, .probe(.phaseStarted(phase: .resolve, limitSeconds: nil)))
        #expect(state.test?.phases == [TestPhase(.resolve, status: .running, milliseconds: nil)])
        _ = update(&state, .probe(.phaseFinished(phase: .resolve, status: .passed, milliseconds: 7)))
        _ = update(&state, .probe(.phaseStarted(phase: .connect, limitSeconds: nil)))
        _ = update(
            &state, .probe(.transcript(line: TranscriptLine(.received, encrypted: false, "220 mail.example.com ESMTP")))
        )
        #expect(state.test?.phases.count == 2)
        #expect(state.test?.phases[0] == TestPhase(.resolve, status: .passed, milliseconds: 7))
        let text = view(state).text
        #expect(text.contains("DNS"))
        #expect(text.contains("7 ms"))
        #expect(text.contains("<- 220 mail.example.com ESMTP"))
        let spinner = view(state)
        _ = update(&state, .tick)
        #expect(view(state) != spinner)  // the spinner turned
    }

    @Test func aPassingTestIsRecordedForSaving() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        #expect(!state.isBusy)
        #expect(state.lastPassed == state.settings)
        #expect(view(state).text.contains("Passed in"))
    }

    @Test func theFixItKeyJumpsToTheFieldToChange() {
        var state = fresh()
        filledForSendGrid(&state)
        runFailingTest(&state)
        #expect(view(state).text.contains("f fix it: go to Password"))
        press(&state, .character("f"))
        #expect(state.step == .authentication)
        #expect(state.focus == .password)
    }

    @Test(arguments: [
        (SettingKey.address, Step.server), (.port, .server), (.security, .server), (.verifyCertificate, .server),
        (.userName, .authentication), (.domain, .sender), (.fromEmailAddress, .sender),
    ])
    func fixItFindsEverySetting(_ key: SettingKey, _ step: Step) {
        var state = failedTest(setting: key)
        press(&state, .character("f"))
        #expect(state.step == step)
        #expect(state.focus == key)
    }

    @Test func aDiagnosisWithoutASettingHasNoFixItKey() {
        var state = failedTest(setting: nil)
        press(&state, .character("f"))
        #expect(state.step == .test)
        #expect(!view(state).text.contains("fix it"))
    }

    @Test func aRunningTestCanBeCancelled() {
        var state = fresh()
        filledForSendGrid(&state)
        _ = update(&state, .probe(.phaseStarted(phase: .resolve, limitSeconds: nil)))
        #expect(press(&state, .escape) == [.cancelTest])
        #expect(state.step == .test)
        #expect(!state.isBusy)
        #expect(view(state).text.contains("Cancelled"))
        // Late news from the cancelled run changes nothing.
        _ = update(&state, .probe(.finished(outcome: ProbeOutcome())))
        #expect(state.lastPassed == nil)
        press(&state, .escape)
        #expect(state.step == .sender)
    }

    @Test func aTestMessageGoesToAnAskedAddress() throws {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        press(&state, .character("m"))
        #expect(view(state).text.contains("Send a test message to:"))
        // It starts from the from address (the admin's own mailbox, usually).
        let from = try #require(state.settings.fromEmailAddress)
        #expect(state.suggestedSendTo == from && view(state).text.contains(from))
        press(&state, .end, .control("u"))
        type(&state, "not an address")
        #expect(press(&state, .enter).isEmpty)
        #expect(view(state).text.contains("has no @"))
        press(&state, .end, .control("u"))
        type(&state, "admin@example.com")
        #expect(press(&state, .enter) == [.runTest(state.settings, sendTo: "admin@example.com")])
        #expect(prose(state).contains("then a message to admin@example.com"))
        #expect(state.suggestedSendTo == "admin@example.com", "the next one goes where the last went")
    }

    @Test func theSendPromptCanBeLeft() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        press(&state, .character("m"), .escape)
        #expect(state.prompt == nil)
        #expect(state.step == .test)
    }

    @Test func detectAsksAboutTheHostAndShowsWhatItFound() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        #expect(press(&state, .character("d")) == [.detect(host: "smtp.sendgrid.net", port: 587)])
        #expect(state.isBusy)
        _ = update(&state, .detectFinished(["587: STARTTLS, AUTH PLAIN LOGIN", "465: TLS on connect"]))
        #expect(!state.isBusy)
        let text = view(state).text
        #expect(text.contains("Detect: smtp.sendgrid.net"))
        #expect(text.contains("465: TLS on connect"))
        press(&state, .tab)
        #expect(view(state).text.contains("Transcript"))
    }

    @Test func incompleteSettingsAreNotTestedAndSaySo() {
        var state = fresh()
        press(&state, .enter, .end, .enter)  // custom server
        state.fields[.address] = FieldEditor("smtp.example.com")
        press(&state, .control("n"), .control("n"))  // login: no password yet, refused
        #expect(state.step == .authentication)
        state.step = .sender
        #expect(press(&state, .control("n")).isEmpty)  // sender is fine; the test refuses
        #expect(state.step == .test)
        #expect(view(state).text.contains("The settings are not complete yet"))
        press(&state, .character("f"))
        #expect(state.step == .authentication)
        #expect(state.focus == .userName)
    }

    @Test func pageUpScrollsTheTranscriptBack() {
        var state = fresh()
        filledForSendGrid(&state)
        for index in 0..<60 {
            _ = update(
                &state, .probe(.transcript(line: TranscriptLine(.received, encrypted: false, "250-LINE \(index)"))))
        }
        #expect(view(state).text.contains("LINE 59"))
        press(&state, .pageUp)
        #expect(!view(state).text.contains("LINE 59"))
        #expect(view(state).text.contains("newer lines below"))
        _ = update(&state, .probe(.transcript(line: TranscriptLine(.received, encrypted: false, "250 LINE 60"))))
        #expect(!view(state).text.contains("LINE 60"))  // reading back keeps its place
        press(&state, .pageDown, .pageDown, .pageDown)
        #expect(view(state).text.contains("LINE 60"))
        for _ in 0..<20 { press(&state, .pageUp) }
        #expect(view(state).text.contains("LINE 0"))
    }

    @Test func testingAgainAfterAChangeSaysTheOldResultIsStale() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        state.fields[.fromName] = FieldEditor("Other")
        #expect(view(state).text.contains("The settings changed since this test"))
        #expect(press(&state, .character("t")) == [.runTest(state.settings, sendTo: nil)])
    }
}

/// A filled-in SendGrid form whose test failed with a diagnosis naming `setting`.
private func failedTest(setting: SettingKey?) -> WizardState {
    var state = fresh()
    filledForSendGrid(&state)
    _ = update(
        &state,
        .probe(
            .finished(
                outcome: ProbeOutcome(
                    diagnosis: Diagnosis(
                        .timeout, title: "No answer", explanation: "e", fix: "Try later.",
                        setting: setting.map { SettingName($0) })))))
    return state
}

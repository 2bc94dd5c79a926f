import Foundation
import SMTPSettings
import Testing

@testable import Wizard

/// Golden screens. Each is generated from the code (UPDATE_GOLDEN=1) and
/// read by a person before it is committed.
@Suite struct ViewGoldenTests {
    static let small = Size(width: 60, height: 16)

    @Test func welcomeOnAnEmptyStore() {
        expectGolden(view(fresh()), "welcome-80x24")
    }

    @Test func welcomeWhenSavingNeedsRoot() {
        let state = fresh(existingStore(), access: .needsRoot(path: storePath))
        expectGolden(view(state), "welcome-needs-root-80x24")
    }

    @Test func welcomeInASCII() {
        expectGolden(view(fresh(charset: .ascii)), "welcome-ascii-80x24")
    }

    @Test func providerList() {
        var state = fresh()
        press(&state, .enter)
        expectGolden(view(state), "provider-80x24")
        press(&state, .down, .down, .down, .right)
        expectGolden(view(state), "provider-ses-80x24")
    }

    @Test func serverWithAnError() {
        var state = fresh()
        press(&state, .enter, .end, .enter)  // custom server: nothing filled in
        press(&state, .control("n"))  // refused: no address
        expectGolden(view(state), "server-error-80x24")
        _ = update(&state, .resized(Self.small))
        expectGolden(view(state), "server-error-60x16")
    }

    @Test func authenticationKeepsTheStoredPassword() {
        var state = at(.authentication)
        press(&state, .down, .down)
        expectGolden(view(state), "auth-stored-80x24")
    }

    @Test func authenticationWithATypedPassword() {
        var state = fresh()
        press(&state, .enter, .enter, .control("n"))  // SendGrid's preset, then on to the login
        press(&state, .down, .down)
        type(&state, "hunter2-new")
        expectGolden(view(state), "auth-typed-80x24")
    }

    @Test func sender() {
        var state = at(.sender)
        press(&state, .down)
        expectGolden(view(state), "sender-80x24")
    }

    @Test func testRunning() {
        var state = fresh()
        filledForSendGrid(&state)
        // The real run, stopped while the server has yet to greet.
        replay(Recorded.passed, into: &state) {
            if case .phaseFinished(.greeting, _, _) = $0 { true } else { false }
        }
        expectGolden(view(state), "test-running-80x24")
    }

    @Test func testPassed() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        expectGolden(view(state), "test-passed-80x24")
    }

    @Test func testFailed() {
        var state = fresh()
        filledForSendGrid(&state)
        runFailingTest(&state)
        expectGolden(view(state), "test-failed-80x24")
        _ = update(&state, .resized(Self.small))
        expectGolden(view(state), "test-failed-60x16")
        _ = update(&state, .resized(.standard))
        state.charset = .ascii
        expectGolden(view(state), "test-failed-ascii-80x24")
    }

    /// The other recorded runs, each as the probe really words it.
    @Test(arguments: [
        (Recorded.passedThroughCAFile, "test-passed-ca-file-80x24"),
        (Recorded.expiredCertificate, "test-failed-certificate-80x24"),
        (Recorded.tlsOnPlaintextPort, "test-failed-tls-on-plain-port-80x24"),
        (Recorded.notSMTP, "test-failed-not-smtp-80x24"),
    ])
    func testAsRecorded(_ recording: String, _ golden: String) {
        var state = fresh()
        filledForSendGrid(&state)
        replay(recording, into: &state)
        expectGolden(view(state), golden)
    }

    @Test func review() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        press(&state, .enter)
        expectGolden(view(state), "review-80x24")
        _ = update(&state, .resized(Self.small))
        expectGolden(view(state), "review-60x16")
    }

    @Test func reviewAfterAConflict() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .saveFailed(.conflict(expected: 3, current: entry(4, by: "bob"))))
        expectGolden(view(state), "review-conflict-80x24")
    }

    @Test func reviewAfterAnOutsideChangeToTheFile() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        let changedAt = Date(timeIntervalSince1970: 1_767_229_200)
        _ = update(&state, .saveFailed(.fileChanged(path: "/var/discourse/containers/app.yml", modifiedAt: changedAt)))
        expectGolden(view(state), "review-file-changed-80x24")
    }

    @Test func done() {
        var state = at(.review)
        runPassingTestThenSave(&state)
        _ = update(&state, .saved(entry(4, keys: [.port, .password])))
        expectGolden(view(state), "done-80x24")
    }

    @Test func tooSmall() {
        expectGolden(view(fresh(size: Size(width: 40, height: 10))), "too-small-40x10")
    }
}

/// Passes a test of the current settings and asks to save them.
func runPassingTestThenSave(_ state: inout WizardState) {
    state.lastPassed = state.settings
    press(&state, .character(" "), .character("s"))
}

@Suite struct MoreGoldenTests {
    @Test func serverWithAPreset() {
        var state = fresh()
        press(&state, .enter, .enter)
        expectGolden(view(state), "server-sendgrid-80x24")
    }

    @Test func providerOfferingToKeepTheCurrentSettings() {
        var state = fresh(existingStore())
        expectGolden(view(state), "welcome-existing-80x24")
        press(&state, .enter)
        expectGolden(view(state), "provider-keep-80x24")
    }

    @Test func authenticationNone() {
        var state = at(.authentication)
        press(&state, .left)
        expectGolden(view(state), "auth-none-80x24")
    }

    @Test func detectAndTheSendPrompt() {
        var state = fresh()
        filledForSendGrid(&state)
        runPassingTest(&state)
        press(&state, .character("d"))
        _ = update(
            &state,
            .detectFinished([
                "smtp.sendgrid.net has 4 addresses (IPv4 and IPv6).", "Port 587: answers, offers STARTTLS.",
                "Port 465: TLS on connect, certificate valid.", "Port 25: no answer (blocked here?).",
                "Port 2525: answers, offers STARTTLS.",
            ]))
        expectGolden(view(state), "test-detect-80x24")
        press(&state, .character("m"), .end, .control("u"))
        type(&state, "admin@example")
        expectGolden(view(state), "test-send-prompt-80x24")
    }

    @Test func reviewWithWarningsInASCII() {
        var state = fresh(existingStore(), charset: .ascii)
        press(&state, .enter, .enter)
        press(&state, .tab, .tab, .tab, .character(" "))  // certificate checks off
        press(&state, .backTab, .left)  // STARTTLS -> none: the certificate question no longer applies
        press(&state, .control("n"), .control("n"), .control("n"), .escape, .control("n"))
        #expect(state.step == .review)
        expectGolden(view(state), "review-warnings-ascii-80x24")
    }

    @Test func quitQuestion() {
        var state = at(.sender)
        press(&state, .control("c"))
        expectGolden(view(state), "quit-prompt-80x24")
    }

    @Test func saveUntestedQuestion() {
        var state = at(.review)
        press(&state, .character(" "), .character("s"))
        expectGolden(view(state), "save-untested-80x24")
    }
}

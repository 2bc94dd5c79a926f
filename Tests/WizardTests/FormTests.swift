import ProbeModel
import SMTPSettings
import Testing

@testable import Wizard

@Suite struct PresetTests {
    /// Chooses the provider called `name` on the provider step.
    func choose(_ name: String, in state: inout WizardState, region: Int = 0) {
        press(&state, .enter)
        while state.providers[state.providerIndex].name != name { press(&state, .down) }
        for _ in 0..<region { press(&state, .right) }
        press(&state, .enter)
    }

    @Test func sendGridFillsTheServerAndTheFixedUserName() {
        var state = fresh()
        choose("SendGrid", in: &state)
        #expect(state.step == .server)
        let settings = state.settings
        #expect(settings.address == "smtp.sendgrid.net")
        #expect(settings.port == 587)
        #expect(settings.security == .starttls)
        #expect(settings.authentication == .plain)
        #expect(settings.userName == "apikey")
    }

    @Test func mailgunHintsTheUserNameWithoutFillingIt() {
        var state = fresh()
        choose("Mailgun", in: &state)
        #expect(state.settings.address == "smtp.mailgun.org")
        #expect(state.settings.userName == nil)
        press(&state, .control("n"))
        #expect(view(state).text.contains("postmaster@YOUR-DOMAIN"))
    }

    @Test func sparkPostAndPostmarkAndMicrosoft() {
        var state = fresh()
        choose("SparkPost", in: &state)
        #expect(state.settings.userName == "SMTP_Injection")
        #expect(state.settings.address == "smtp.sparkpostmail.com")
        state = fresh()
        choose("Postmark", in: &state)
        #expect(state.settings.address == "smtp.postmarkapp.com")
        state = fresh()
        choose("Microsoft 365", in: &state)
        #expect(state.settings.address == "smtp.office365.com")
        #expect(state.settings.authentication == .login)
        state = fresh()
        choose("Gmail / Google Workspace", in: &state)
        #expect(state.settings.address == "smtp.gmail.com")
    }

    @Test func amazonSESUsesTheChosenRegion() {
        var state = fresh()
        choose("Amazon SES", in: &state, region: 5)
        #expect(state.settings.address == "email-smtp.\(Provider.sesRegions[5]).amazonaws.com")
        #expect(state.settings.port == 587)
    }

    @Test func localRelayNeedsNoEncryptionAndNoLogin() {
        var state = fresh()
        choose("Local relay (this machine)", in: &state)
        #expect(state.settings.address == "localhost")
        #expect(state.settings.port == 25)
        #expect(state.settings.security == Security.none)
        #expect(state.settings.authentication == Authentication.none)
    }

    @Test func customAndKeepLeaveTheFormAlone() {
        var state = fresh(existingStore())
        press(&state, .enter)
        #expect(state.providers[state.providerIndex].id == .keep)
        press(&state, .enter)
        #expect(state.settings == existingSettings)
        state = fresh(existingStore())
        choose("Custom server", in: &state)
        #expect(state.settings == existingSettings)
    }

    @Test func theProviderScreenSaysWhatTheProviderNeeds() {
        var state = fresh()
        press(&state, .enter)
        let text = view(state).text
        #expect(text.contains("SPF and"))
        #expect(text.contains("API key"))
    }
}

@Suite struct FieldValidationTests {
    @Test func problemsShowWhenTheFieldIsLeftNotWhileTyping() {
        var state = at(.server)
        replace(&state, with: "smtp://mail.example.com")
        #expect(state.problems[.address] == nil)
        #expect(!view(state).text.contains("is a URL"))
        press(&state, .tab)
        #expect(view(state).text.contains("Server address is a URL, not a host name."))
        // Editing again hides the verdict until the field is left again.
        press(&state, .up)
        press(&state, .home)
        for _ in 0..<7 { press(&state, .delete) }
        #expect(!view(state).text.contains("is a URL"))
        press(&state, .down)
        #expect(state.problems[.address] == [])
    }

    @Test func anErrorBlocksTheNextStepAndSaysWhy() {
        var state = at(.server)
        replace(&state, with: "")
        press(&state, .tab, .tab, .tab)
        #expect(press(&state, .enter).isEmpty)
        #expect(state.step == .server)
        #expect(state.focus == .address)
        let text = view(state).text
        #expect(text.contains("Fix this first: Server address is not set."))
        press(&state, .control("n"))
        #expect(state.step == .server)
        type(&state, "smtp.example.com")
        press(&state, .control("n"))
        #expect(state.step == .authentication)
    }

    @Test func aWarningShowsButDoesNotBlock() {
        var state = at(.server)
        press(&state, .tab)
        replace(&state, with: "465")
        press(&state, .tab)  // leaves the port: 465 with STARTTLS
        #expect(state.problems[.port]?.first?.severity == .warning)
        #expect(view(state).text.contains("465 usually expects TLS"))
        press(&state, .control("n"))
        #expect(state.step == .authentication)
    }

    @Test func aChoiceIsJudgedAtOnceAndItsNeighboursToo() {
        var state = at(.server)
        press(&state, .tab)
        replace(&state, with: "465")
        press(&state, .tab)
        #expect(state.problems[.port]?.isEmpty == false)
        press(&state, .right)  // STARTTLS -> TLS: now 465 is right
        #expect(state.text(.security) == "tls")
        #expect(state.problems[.port] == [])
    }

    @Test func theUsualPortFollowsTheSecurityUnlessChosen() {
        var state = at(.server)
        press(&state, .tab, .tab)
        press(&state, .character(" "))
        #expect(state.text(.security) == "tls")
        #expect(state.text(.port) == "465")
        press(&state, .character(" "))
        #expect(state.text(.port) == "25")
        #expect(view(state).text.contains("usual for none: 25"))
        press(&state, .up)
        replace(&state, with: "2525")
        press(&state, .down, .character(" "))
        #expect(state.text(.security) == "starttls")
        #expect(state.text(.port) == "2525")
    }

    @Test func verifyCertificateToggles() {
        var state = at(.server)
        press(&state, .tab, .tab, .tab)
        #expect(state.focus == .verifyCertificate)
        press(&state, .character(" "))
        #expect(state.settings.verifyCertificate == false)
        #expect(view(state).text.contains("certificate checks are off"))
        press(&state, .left)
        #expect(state.settings.verifyCertificate == true)
    }

    @Test func controlCharactersNeverEnterAField() {
        var state = at(.server)
        replace(&state, with: "mail.example.com")
        press(&state, .character("\r"), .character("\n"), .character("\u{0}"), .character("\u{1B}"))
        #expect(state.text(.address) == "mail.example.com")
    }

    @Test func wideCharactersStayInsideTheBox() {
        var state = at(.sender)
        press(&state, .tab)
        replace(&state, with: String(repeating: "日本語", count: 20))
        let grid = view(state)
        let row = grid.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.contains("From name")
        }!
        let line = grid.text.split(separator: "\n", omittingEmptySubsequences: false)[row]
        #expect(TextWidth.width(line) <= 80)
        #expect(line.hasSuffix("]"))
    }

    @Test func unchangedDefaultsStayUnset() {
        var state = at(
            .review,
            from: fresh(
                StoredSettings(
                    settings: MailSettings([
                        .address: "mail.example.com", .userName: "u", .password: "p4ssword",
                        .fromEmailAddress: "a@example.com",
                    ]), revision: 1, latest: entry(1))))
        #expect(state.step == .review)
        #expect(state.settings[.port] == nil)
        #expect(state.settings[.security] == nil)
        press(&state, .escape)
        #expect(state.settings.changedKeys(from: state.loaded.settings).isEmpty)
    }
}

@Suite struct PasswordTests {
    func onPassword(_ stored: StoredSettings? = existingStore()) -> WizardState {
        var state = at(.authentication, from: fresh(stored))
        press(&state, .down, .down)
        #expect(state.focus == .password)
        return state
    }

    @Test func typedPasswordIsMaskedAndEditable() {
        var state = onPassword()
        type(&state, "abcdef")
        press(&state, .left, .left, .backspace)  // abcd|ef: the d goes
        #expect(state.text(.password) == "abcef")
        press(&state, .home, .delete)
        #expect(state.text(.password) == "bcef")
        press(&state, .end, .backspace)
        #expect(state.text(.password) == "bce")
        let text = view(state).text
        #expect(text.contains("[•••  "))
        #expect(!text.contains("bce"))
    }

    @Test func revealShowsWhatWasTypedAndHidesItAgain() {
        var state = onPassword()
        type(&state, "n3w-pass")
        press(&state, .control("r"))
        #expect(view(state).text.contains("[n3w-pass"))
        #expect(view(state).text.contains("^R hide"))
        press(&state, .control("r"))
        #expect(!view(state).text.contains("n3w-pass"))
        press(&state, .control("r"), .escape)
        #expect(!state.revealPassword)  // leaving the step hides it again
    }

    @Test func asciiMasksWithStars() {
        var state = onPassword()
        state.charset = .ascii
        type(&state, "secret")
        #expect(view(state).text.contains("[******  "))
    }

    @Test func theStoredPasswordIsKeptUntilANewOneIsTyped() {
        var state = onPassword()
        #expect(state.settings.password == storedPassword)
        #expect(view(state).text.contains("(stored password kept — type to replace)"))
        type(&state, "x")
        #expect(state.settings.password == "x")
        press(&state, .backspace)
        #expect(state.settings.password == storedPassword)
    }

    @Test func theStoredPasswordIsNeverDrawnNotEvenRevealed() {
        var state = onPassword()
        press(&state, .control("r"))
        #expect(state.revealPassword)
        #expect(!view(state).text.contains(storedPassword))
        #expect(view(state).text.contains("stored password kept"))
        // The diagnosis and transcript come from outside; they are scrubbed too.
        state = at(.test, from: fresh(existingStore()))
        _ = update(
            &state, .probe(.transcript(line: TranscriptLine(.sent, encrypted: true, "AUTH PLAIN \(storedPassword)"))))
        _ = update(
            &state,
            .probe(
                .finished(
                    outcome: ProbeOutcome(
                        diagnosis: Diagnosis(
                            .authFailed, title: "t \(storedPassword)", explanation: storedPassword, fix: "f",
                            setting: .password),
                        certificate: CertificateSummary(
                            subject: storedPassword, issuer: storedPassword, names: [], notBefore: savedAt,
                            notAfter: savedAt, selfSigned: true)))))
        #expect(!view(state).text.contains(storedPassword))
    }

    @Test func noScreenEverShowsTheStoredPassword() {
        var states: [WizardState] = []
        var state = fresh(existingStore())
        for key: Key in [.enter, .enter, .enter, .enter, .enter, .enter, .enter, .enter, .control("r"), .enter] {
            _ = update(&state, .key(key))
            states.append(state)
        }
        press(&state, .control("n"))
        states.append(state)
        runPassingTest(&state)
        states.append(state)
        press(&state, .enter)
        #expect(state.step == .review)
        states.append(state)
        press(&state, .character(" "), .character("s"))
        states.append(state)
        _ = update(&state, .saved(entry(4, keys: [.password])))
        states.append(state)
        for shown in states {
            for charset in [Charset.unicode, .ascii] {
                for size in [Size.standard, Size(width: 60, height: 16), Size(width: 200, height: 60)] {
                    var sized = shown
                    sized.size = size
                    sized.charset = charset
                    #expect(!view(sized).text.contains(storedPassword), "\(shown.step)")
                }
            }
        }
    }

    @Test func reviewSaysSetOrUnchangedNeverTheValue() {
        var state = at(.review)
        #expect(view(state).text.contains("password unchanged"))
        press(&state, .control("p"), .control("p"), .control("p"))
        #expect(state.step == .authentication)
        press(&state, .down, .down)
        type(&state, "brand-new")
        press(&state, .control("n"), .control("n"), .control("n"))
        #expect(state.step == .review)
        let text = view(state).text
        #expect(text.contains("password set"))
        #expect(!text.contains("brand-new"))
    }
}

@Test func printingTheStateNeverPrintsThePassword() {
    var state = at(.authentication)
    press(&state, .down, .down)
    type(&state, "typed-secret")
    #expect(!String(describing: state).contains(storedPassword))
    #expect(!String(describing: state).contains("typed-secret"))
}

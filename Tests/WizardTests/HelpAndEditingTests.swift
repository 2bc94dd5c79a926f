import SMTPSettings
import Testing

@testable import Wizard

@Suite struct HelpAndEditingTests {
    @Test func questionMarkOpensTheKeyListAndEscClosesIt() {
        var state = fresh()
        press(&state, .character("?"))
        #expect(prose(state).contains("Keys on the Welcome step"))
        press(&state, .escape)
        #expect(!prose(state).contains("Keys on the"))
        #expect(state.step == .welcome)
    }

    @Test func inATextFieldQuestionMarkIsTypedAndF1OpensTheList() {
        var state = at(.authentication)
        press(&state, .tab, .tab)
        #expect(state.focus == .password)
        type(&state, "a?b")
        #expect(state.text(.password) == "a?b")
        press(&state, .function(1))
        #expect(prose(state).contains("Keys on the Auth step"))
        #expect(prose(state).contains("delete the word before the cursor"))
        #expect(prose(state).contains("show or hide the password"))
        press(&state, .function(1))
        #expect(state.help == nil)
    }

    @Test func theKeyListGoldens() {
        var state = at(.server)
        press(&state, .function(1))
        expectGolden(view(state), "help-server-80x24")
        _ = update(&state, .resized(Screen.minimum))
        expectGolden(view(state), "help-server-60x16")
        press(&state, .pageDown)
        expectGolden(view(state), "help-server-scrolled-60x16")
    }

    @Test func ctrlWAndAltBackspaceDeleteTheWordBeforeTheCursor() {
        var editor = FieldEditor("Example App  Mail")
        editor.handle(.control("w"))
        #expect(editor.text == "Example App  ")
        editor.handle(.altBackspace)
        #expect(editor.text == "Example ")
        editor.handle(.altBackspace)
        #expect(editor.text == "")
        #expect(editor.handle(.altBackspace) == .ignored)
    }

    @Test func altBackspaceNeverLeavesTheStep() {
        var state = at(.sender)
        press(&state, .tab)
        press(&state, .altBackspace)
        #expect(state.step == .sender)
        #expect(state.text(.fromName) == "")
    }

    @Test func aPastedNewlineNeverMovesOnAndSpacesAroundAreTrimmed() {
        var state = at(.server)
        press(&state, .end, .control("u"))
        #expect(update(&state, .key(.paste("  smtp.example.com\r\n"))) == [])
        #expect(state.text(.address) == "smtp.example.com")
        #expect(state.focus == .address)
        #expect(state.step == .server)
        _ = update(&state, .key(.paste("smtp.\nexample.net")))
        #expect(state.text(.address) == "smtp.example.comsmtp.example.net")
    }

    @Test func tabSelectsTheValueTypingReplacesItAnArrowKeepsIt() {
        var state = at(.server)
        press(&state, .tab)
        #expect(state.focus == .port)
        type(&state, "2525")
        #expect(state.text(.port) == "2525")
        press(&state, .backTab, .tab, .left)
        type(&state, "1")
        #expect(state.text(.port) == "25215")
        press(&state, .backTab)
        press(&state, .backspace)
        #expect(state.text(.address) == "")
    }

    @Test func aPasteReplacesASelectedValue() {
        var state = at(.server)
        press(&state, .tab)
        _ = update(&state, .key(.paste(" 2525 ")))
        #expect(state.text(.port) == "2525")
    }
}

/// Every key of the current step, over the step (F1, or ? outside a text
/// field). The help line at the bottom only has room for the main ones.
enum HelpScreen {
    static let keyWidth = 20

    static func body(_ state: WizardState, width: Int) -> Body {
        var lines = [Line("Keys on the \(state.step.title) step", .title), .blank]
        for (key, action) in entries(state) {
            lines += Line.wrapped(
                action, width: width, indent: keyWidth, first: Span(TextWidth.pad(key, to: keyWidth), .key))
        }
        lines.append(.blank)
        lines += Line.wrapped("Esc, F1 or ? closes this list.", .dim, width: width)
        return Body(lines: lines)
    }

    static func metrics(_ state: WizardState) -> BodyMetrics {
        let screen = Screen(state)
        return BodyMetrics(body(state, width: screen.bodyWidth), height: screen.bodyHeight)
    }

    static func entries(_ state: WizardState) -> [(String, String)] {
        let charset = state.charset
        var entries: [(String, String)]
        switch state.step {
        case .welcome where state.needsStoreChoice:
            entries = [
                (charset.upDown, "choose where the settings go"), ("Home/End", "first or last store"),
                ("Enter", "use the highlighted store"), ("o", "type another store, as --store takes it"),
                ("PgUp/PgDn", "scroll when the text does not fit"),
            ]
        case .welcome:
            entries = [("Enter", "start"), ("\(charset.upDown) PgUp/PgDn", "scroll when the text does not fit")]
        case .provider:
            entries = [
                (charset.upDown, "choose a provider"), ("Home/End", "first or last provider"),
                (charset.leftRight, "change the Amazon SES region"), ("Enter", "use the preset and go on"),
                ("Esc", "back"), ("PgUp/PgDn", "scroll when the list does not fit"),
            ]
        case .server, .authentication, .sender:
            entries = formEntries(state)
        case .test:
            entries = [
                ("t", "run the test again"), ("m", "send a real test message (asks for the address)"),
                ("d", "detect which ports and security the server offers"),
                ("a", "use what detect recommends (port, security, login method)"),
                ("f", "fix it: apply the suggested value, or go to the field to change"),
                ("Esc / c", "cancel a running test"), ("Tab", "switch between the transcript and detect"),
                ("PgUp/PgDn", "scroll the transcript"), (charset.upDown, "scroll the step when it does not fit"),
                ("Enter", "go on to saving"), ("Esc", "back to the form (when no test runs)"),
            ]
        case .review:
            entries = [
                ("Space", "tick or untick \"I understand\""), ("s", "save"),
                ("r", "after a conflict: load the settings someone else saved"),
                ("o", "after a conflict: overwrite them with yours"), ("^T", "run the test again"),
                ("\(charset.upDown) PgUp/PgDn", "scroll"), ("Esc", "back"),
            ]
        case .done:
            entries = [("q / Enter", "quit"), ("\(charset.upDown) PgUp/PgDn", "scroll")]
            if state.offersAfterSave, let offer = state.afterSaveOffer {
                entries.insert((String(offer.key), offer.action + " now"), at: 0)
            }
        }
        if state.step != .done {
            entries += [
                ("^N / ^P", "next or previous step"), ("^C", "quit (asks first; nothing is saved)"),
            ]
        }
        return entries + [("F1", "this list" + (state.isTyping ? "" : "; ? opens it too"))]
    }

    static func formEntries(_ state: WizardState) -> [(String, String)] {
        let charset = state.charset
        var entries = [
            ("Tab / \(charset.down)", "next field"), ("Shift-Tab / \(charset.up)", "previous field"),
            ("Enter", "next field; on the last one, the next step"), ("Esc", "previous step"),
            ("Space / \(charset.leftRight)", "change a choice or a tick box"),
            ("\(charset.leftRight) Home End", "move in a text field (^A start, ^E end)"),
            ("Backspace / Del", "delete a character"), ("^W / Alt-Backspace", "delete the word before the cursor"),
            ("^U / ^K", "delete to the start / to the end"),
            ("typing after Tab", "replaces the value Tab selected; an arrow keeps it"),
            ("paste", "pastes into the field; a newline in it never moves on"),
        ]
        if state.step == .authentication { entries.append(("^R", "show or hide the password")) }
        entries += [("^T", "run the live test now"), ("PgUp/PgDn", "scroll when the step does not fit")]
        return entries
    }
}

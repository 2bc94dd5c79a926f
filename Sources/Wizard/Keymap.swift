import SMTPSettings

/// The full-screen front end's keys: each becomes an intent (`carryOut`),
/// or stays a keystroke where it only edits a field, moves the focus or
/// scrolls. What an intent does is decided once, in `Update+Intent.swift`.
extension WizardState {
    mutating func handle(_ key: Key) -> [WizardEffect] {
        if prompt != nil { return answerPrompt(key) }
        notice = nil
        if key == .control("c") {
            if step == .done { return [.quit] }
            prompt = .quit
            return []
        }
        if help != nil { return helpKey(key) }
        if key == .function(1) || (key == .character("?") && !isTyping) {
            help = HelpOverlay()
            return []
        }
        if key == .control("n") { return carryOut(.next) }
        if key == .control("p") { return carryOut(.back) }
        if key == .control("t") { return retest() }
        // The test step's PgUp/PgDn scroll its transcript; the form's and
        // the provider list's arrows move the choice.
        if (key == .pageUp || key == .pageDown) && step != .test {
            scrollBody(pages: key == .pageUp ? -1 : 1)
            return []
        }
        if step == .welcome && needsStoreChoice && key != .pageUp && key != .pageDown {
            return storeChoiceKey(key)
        }
        if (key == .up || key == .down) && !step.isForm && step != .provider {
            scrollBody(by: key == .up ? -1 : 1)
            return []
        }
        switch step {
        case .welcome:
            return key == .enter ? goForward() : []
        case .provider:
            return providerKey(key)
        case .server, .authentication, .sender:
            return formKey(key)
        case .test:
            return testKey(key)
        case .review:
            return reviewKey(key)
        case .done:
            if case .character(let typed) = key, let offer = afterSaveOffer,
                typed.lowercased() == String(offer.key), offersAfterSave
            {
                return runAfterSave()
            }
            guard afterSaveRun != .running else { return [] }
            return key == .character("q") || key == .character("Q") || key == .enter ? [.quit] : []
        }
    }

    /// Keys while the help is open: it scrolls, and any way out closes it.
    mutating func helpKey(_ key: Key) -> [WizardEffect] {
        switch key {
        case .up, .down: scrollBody(by: key == .up ? -1 : 1)
        case .pageUp, .pageDown: scrollBody(pages: key == .pageUp ? -1 : 1)
        case .escape, .function(1), .character("?"), .character("q"), .enter: help = nil
        default: break
        }
        return []
    }

    /// Whether keys go into a text field now, so `?` is typed rather than opening the help.
    var isTyping: Bool {
        guard step.isForm, let focus else { return false }
        switch focus.fieldKind {
        case .text, .secret: return true
        case .choice, .toggle: return false
        }
    }

    mutating func answerPrompt(_ key: Key) -> [WizardEffect] {
        switch prompt {
        case .quit:
            switch key {
            case .character("y"), .character("Y"), .control("c"):
                return carryOut(.quit)
            case .character("n"), .character("N"), .escape:
                prompt = nil
            default:
                break
            }
        case .owner(let editor, _):
            return lineKey(
                key, editor, reopen: { .owner($0, problem: nil) },
                submit: { state, text in state.carryOut(.answerOwner(text)) })
        case .storeURL(let editor, _):
            return lineKey(
                key, editor, reopen: { .storeURL($0, problem: nil) },
                submit: { state, text in state.carryOut(.chooseStore(text)) })
        case .saveUntested:
            switch key {
            case .character("y"), .character("Y"):
                return carryOut(.saveUntested(true))
            case .character("n"), .character("N"), .escape:
                return carryOut(.saveUntested(false))
            case .control("c"):
                prompt = .quit
            default:
                break
            }
        case .sendTo(let editor, _):
            return lineKey(
                key, editor, reopen: { .sendTo($0, problem: nil) },
                submit: { state, text in
                    let address = text.trimmingCharacters(in: .whitespaces)
                    if let problem = EmailAddressSyntax.problem(address) {
                        state.prompt = .sendTo(editor, problem: "'\(address)' \(problem).")
                        return []
                    }
                    state.prompt = nil
                    return state.carryOut(.runTest(sendTo: address))
                })
        case nil:
            break
        }
        return []
    }

    /// Keys in a question typed on the bottom line: Esc closes it, Ctrl-C
    /// asks to quit, Enter hands the text to `submit`, the rest edit it.
    mutating func lineKey(
        _ key: Key, _ editor: FieldEditor, reopen: (FieldEditor) -> Prompt,
        submit: (inout WizardState, String) -> [WizardEffect]
    ) -> [WizardEffect] {
        var editor = editor
        switch key {
        case .escape: prompt = nil
        case .control("c"): prompt = .quit
        case .enter: return submit(&self, editor.text)
        default: if editor.handle(key) != .ignored { prompt = reopen(editor) }
        }
        return []
    }
}

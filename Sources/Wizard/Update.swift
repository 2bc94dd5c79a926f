import Foundation
import SMTPSettings

/// Applies one message to the state and returns the effects to carry out.
public func update(_ state: inout WizardState, _ message: WizardMessage) -> [WizardEffect] {
    state.update(message)
}

extension WizardState {
    mutating func update(_ message: WizardMessage) -> [WizardEffect] {
        let before = ViewFocus(self)
        let effects = apply(message)
        follow(from: before)
        return effects
    }

    private mutating func apply(_ message: WizardMessage) -> [WizardEffect] {
        switch message {
        case .key(let key):
            return handle(key)
        case .resized(let newSize):
            size = newSize
            return []
        case .tick:
            spinnerFrame &+= 1
            return []
        case .testPhase(let name, let status, let milliseconds, let limit):
            recordPhase(name, status, milliseconds, limit: limit)
            return []
        case .testTranscript(let direction, let text):
            recordTranscript(direction, text)
            return []
        case .testFinished(let outcome):
            finishTest(outcome)
            return []
        case .detectFinished(let lines, let recommendation):
            finishDetect(lines, recommendation: recommendation)
            return []
        case .saved(let entry, let readability):
            finishSave(entry, readability: readability)
            return []
        case .savedUnchanged:
            finishSave(nil)
            return []
        case .saveFailed(let error):
            failSave(error)
            return []
        case .reloaded(let stored):
            reload(stored)
            return []
        }
    }

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
        if key == .control("n") { return goForward() }
        if key == .control("p") { return goBack() }
        if key == .control("t") { return retest() }
        // The test step's PgUp/PgDn scroll its transcript; the form's and
        // the provider list's arrows move the choice.
        if (key == .pageUp || key == .pageDown) && step != .test {
            scrollBody(pages: key == .pageUp ? -1 : 1)
            return []
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

    /// Ctrl-T: the test again from anywhere in the form, in one key.
    mutating func retest() -> [WizardEffect] {
        switch step {
        case .welcome, .provider, .done: return []
        case .review where saving == .saving || saving == .reloading: return []
        default: break
        }
        if test?.isRunning == true {
            enter(.test)
            return []
        }
        enter(.test)
        return startTest(sendTo: nil)
    }

    mutating func answerPrompt(_ key: Key) -> [WizardEffect] {
        switch prompt {
        case .quit:
            switch key {
            case .character("y"), .character("Y"), .control("c"):
                prompt = nil
                return test?.isRunning == true ? [.cancelTest, .quit] : [.quit]
            case .character("n"), .character("N"), .escape:
                prompt = nil
            default:
                break
            }
        case .owner(var editor, _):
            switch key {
            case .escape:
                prompt = nil
            case .control("c"):
                prompt = .quit
            case .enter:
                let user = editor.text.trimmingCharacters(in: .whitespaces)
                guard !user.isEmpty else {
                    prompt = .owner(editor, problem: "Type the user the application runs as, like www-data.")
                    return []
                }
                prompt = nil
                ownerAnswer = user
                return save(basedOn: baseRevision)
            default:
                if editor.handle(key) != .ignored { prompt = .owner(editor, problem: nil) }
            }
        case .saveUntested:
            switch key {
            case .character("y"), .character("Y"):
                prompt = nil
                return save(basedOn: baseRevision)
            case .character("n"), .character("N"), .escape:
                prompt = nil
            case .control("c"):
                prompt = .quit
            default:
                break
            }
        case .sendTo(var editor, _):
            switch key {
            case .escape:
                prompt = nil
            case .control("c"):
                prompt = .quit
            case .enter:
                let address = editor.text.trimmingCharacters(in: .whitespaces)
                if let problem = EmailAddressSyntax.problem(address) {
                    prompt = .sendTo(editor, problem: "'\(address)' \(problem).")
                    return []
                }
                prompt = nil
                return startTest(sendTo: address)
            default:
                let outcome = editor.handle(key)
                if outcome != .ignored { prompt = .sendTo(editor, problem: nil) }
            }
        case nil:
            break
        }
        return []
    }

    // MARK: Moving between steps

    /// The next step, if the current one is complete.
    mutating func goForward() -> [WizardEffect] {
        switch step {
        case .welcome, .provider:
            enter(step.next!)
        case .server, .authentication, .sender:
            guard completeStep() else { return [] }
            enter(step.next!)
            if step == .test { return autoTest() }
        case .test:
            enter(.review)
        case .review, .done:
            break
        }
        return []
    }

    mutating func goBack() -> [WizardEffect] {
        guard step != .done, saving != .saving, saving != .reloading, let previous = step.previous else { return [] }
        enter(previous)
        return []
    }

    mutating func enter(_ target: Step) {
        if let focus, step.isForm { leave(focus) }
        // A revealed password is hidden again once the admin moves on.
        if target != step {
            revealPassword = false
            scroll = 0
        }
        step = target
        furthest = max(furthest, target)
        focus = focusable(target).first
    }

    /// Opens the step holding `key` with that field focused: the diagnosis
    /// pane's fix-it key lands here.
    mutating func jump(to key: SettingKey) {
        var target = key
        // A field that does not apply is reached through the choice that turns it on.
        if !draft.applies(key) { target = key == .verifyCertificate ? .security : .authentication }
        enter(Step.holding(target))
        focus = target
    }
}

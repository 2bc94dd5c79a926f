import FoundationEssentials
import SMTPSettings

/// Applies one message to the state and returns the effects to carry out.
public func update(_ state: inout WizardState, _ message: WizardMessage) -> [WizardEffect] {
    state.update(message)
}

extension WizardState {
    mutating func update(_ message: WizardMessage) -> [WizardEffect] {
        keepingInView { $0.apply(message) }
    }

    /// Runs `change`, then scrolls so that what had the admin's eye stays in view.
    mutating func keepingInView(_ change: (inout WizardState) -> [WizardEffect]) -> [WizardEffect] {
        let before = ViewFocus(self)
        let effects = change(&self)
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
        case .probe(let event):
            record(event)
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
        case .afterSaveRan(let result):
            finishAfterSave(result)
            return []
        case .storeOpened(let opened):
            open(opened)
            return []
        case .storeOpenFailed(let reason):
            failOpening(reason)
            return []
        }
    }

    /// Ctrl-T: the test again from anywhere in the form, in one key.
    mutating func retest() -> [WizardEffect] {
        switch step {
        case .welcome, .provider:
            // Nothing to test yet: said, rather than a key that seems dead.
            notice = .info("There is nothing to test yet: fill in the server first (Enter goes on).")
            return []
        case .done: return []
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

    // MARK: Moving between steps

    /// The next step, if the current one is complete.
    mutating func goForward() -> [WizardEffect] {
        switch step {
        case .welcome where needsStoreChoice:
            // The store comes first: nothing can be loaded, tested against it or saved before.
            guard case .choosing(let index) = storeChoosing else { return [] }
            return chooseStore(storeChoices[index].store)
        case .welcome, .provider:
            enter(step.next!)
        case .server, .authentication, .sender:
            guard completeStep() else { return [] }
            enter(step.next!)
            if step == .test && environment.testsOnEntering { return autoTest() }
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
        // A field the application has no setting for is not asked: its step opens as it is.
        if draft.application?.unaskedKeys.contains(key) == true { return enter(Step.holding(key)) }
        // A field that does not apply is reached through the choice that turns it on.
        if !draft.applies(key) { target = key == .verifyCertificate ? .security : .authentication }
        enter(Step.holding(target))
        focus = target
    }
}

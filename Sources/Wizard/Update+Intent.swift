import SMTPSettings

extension WizardState {
    /// The one place an intent changes the state: keys reach it through the keymap.
    mutating func perform(_ intent: WizardIntent) -> [WizardEffect] {
        keepingInView { $0.carryOut(intent) }
    }

    mutating func carryOut(_ intent: WizardIntent) -> [WizardEffect] {
        // What was said answered the last intent; this one says its own.
        notice = nil
        switch intent {
        case .chooseStore(let store):
            return chooseStore(store)
        case .setValue(let key, let text):
            fields[key] = FieldEditor(text)
            // Judged now, with its neighbours, as when a field is left.
            leave(key)
            return []
        case .chooseProvider(let id, let region):
            if let region, Provider.sesRegions.contains(region) { sesRegion = region }
            guard let index = providers.firstIndex(where: { $0.id == id }) else { return [] }
            providerIndex = index
            apply(selectedProvider)
            enter(.server)
            return []
        case .edit(let key):
            jump(to: key)
            return []
        case .next:
            return goForward()
        case .back:
            return goBack()
        case .runTest(let sendTo):
            if test?.isRunning == true { return [] }
            if let sendTo { lastSentTo = sendTo }
            if step != .test { enter(.test) }
            return startTest(sendTo: sendTo)
        case .cancelTest:
            return test?.isRunning == true ? cancelTest() : []
        case .acknowledge(let yes):
            acknowledged = yes
            return []
        case .save:
            return requestSave()
        case .saveUntested(let yes):
            guard case .saveUntested = prompt else { return [] }
            prompt = nil
            return yes ? save(basedOn: baseRevision) : []
        case .answerOwner(let user):
            let user = user.trimmingCharacters(in: .whitespaces)
            guard !user.isEmpty else {
                prompt = .owner(FieldEditor(), problem: "Type the user the application runs as, like www-data.")
                return []
            }
            prompt = nil
            ownerAnswer = user
            return save(basedOn: baseRevision)
        case .resolveConflict(let choice):
            switch (saving, choice) {
            case (.conflict, .reload), (.fileChanged, .reload):
                saving = .reloading
                return [.reload]
            case (.conflict(let current), .overwrite):
                baseRevision = current.revision
                return save(basedOn: current.revision)
            case (.fileChanged, .overwrite):
                saving = .saving
                return [.overwriteChangedFile(settings, basedOn: baseRevision, owner: ownerAnswer)]
            default:
                return []
            }
        case .quit:
            prompt = nil
            return test?.isRunning == true ? [.cancelTest, .quit] : [.quit]
        }
    }
}

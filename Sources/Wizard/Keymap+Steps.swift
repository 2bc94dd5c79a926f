import SMTPSettings

/// The keys of each step: the form, the provider list, the test and review.
extension WizardState {
    mutating func formKey(_ key: Key) -> [WizardEffect] {
        guard let focus else { return key == .escape ? goBack() : key == .enter ? goForward() : [] }
        // Asked only when moving: a typed character (most keys) needs no field list.
        var keys: [SettingKey] { focusable(step) }
        switch key {
        case .escape:
            return goBack()
        case .tab, .down:
            let keys = keys
            move(to: keys[min((keys.firstIndex(of: focus) ?? 0) + 1, keys.count - 1)])
        case .backTab, .up:
            let keys = keys
            move(to: keys[max((keys.firstIndex(of: focus) ?? 0) - 1, 0)])
        case .enter:
            let keys = keys
            let index = keys.firstIndex(of: focus) ?? 0
            if index == keys.count - 1 { return goForward() }
            move(to: keys[index + 1])
        case .control("r"):
            if step == .authentication { revealPassword.toggle() }
        default:
            edit(focus, key)
        }
        return []
    }

    mutating func providerKey(_ key: Key) -> [WizardEffect] {
        let count = providers.count
        switch key {
        case .up, .backTab: providerIndex = max(0, providerIndex - 1)
        case .down, .tab: providerIndex = min(count - 1, providerIndex + 1)
        case .home: providerIndex = 0
        case .end: providerIndex = count - 1
        case .left, .right:
            guard selectedProvider.id == .ses else { break }
            let regions = Provider.sesRegions
            let index = regions.firstIndex(of: sesRegion) ?? 0
            sesRegion = regions[(index + (key == .right ? 1 : regions.count - 1)) % regions.count]
        case .enter:
            return carryOut(.chooseProvider(selectedProvider.id, region: sesRegion))
        case .escape:
            return goBack()
        default:
            break
        }
        return []
    }

    mutating func testKey(_ key: Key) -> [WizardEffect] {
        let running = test?.isRunning == true
        switch key {
        case .character("t"), .character("T"):
            if running {
                notice = .info("A test is running: Esc cancels it.")
                return []
            }
            return carryOut(.runTest(sendTo: nil))
        case .character("m"), .character("M"):
            if running { return [] }
            prompt = .sendTo(FieldEditor(suggestedSendTo ?? ""), problem: nil)
        case .character("d"), .character("D"):
            return startDetect()
        case .character("a"), .character("A"):
            if let recommendation = detect?.recommendation, !recommendation.isEmpty, !running {
                let changed = apply(recommendation)
                notice = .success((changed ?? "The form already uses what detect recommends.") + " t tests them.")
            }
        case .character("c"), .character("C"):
            if running { return carryOut(.cancelTest) }
        case .escape:
            return carryOut(running ? .cancelTest : .back)
        case .character("f"), .character("F"):
            if !running { fixIt() }
        case .tab:
            if detect?.lines != nil { pane = pane == .transcript ? .detect : .transcript }
        case .pageUp, .pageDown:
            scrollTranscript(up: key == .pageUp)
        case .enter:
            return goForward()
        default:
            break
        }
        return []
    }

    mutating func reviewKey(_ key: Key) -> [WizardEffect] {
        if saving == .saving || saving == .reloading { return [] }
        switch key {
        case .character(" ") where asksLockout:
            return carryOut(.acknowledge(!acknowledged))
        case .character("s"), .character("S"):
            return carryOut(.save)
        case .enter:
            // The lockout notice must be agreed to on purpose, never by a reflexive Enter.
            notice = .info(
                acknowledged || !asksLockout
                    ? "Press s to save."
                    : "Enter does not save: read the notice, press Space to tick \"I understand\", then s.")
        case .escape:
            return goBack()
        case .character("r"), .character("R"):
            return carryOut(.resolveConflict(.reload))
        case .character("o"), .character("O"):
            return carryOut(.resolveConflict(.overwrite))
        default:
            break
        }
        return []
    }
}

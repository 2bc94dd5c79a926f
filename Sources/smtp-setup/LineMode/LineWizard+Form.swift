import SMTPSettings
import Wizard

/// The provider and every field the core asks, one question each, each
/// judged by the core as it is answered.
extension LineWizard {
    // MARK: Provider

    mutating func chooseProvider() throws(Stop) {
        let choices = core.providers
        output.line("")
        output.line("Mail provider:")
        for (index, choice) in choices.enumerated() {
            output.line("  \(String(index + 1).leftPadded(to: 2))  \(choice.name)")
        }
        // Keeping what exists when there is something; otherwise the server the settings use, or custom.
        let matched = Provider.matching(settings).flatMap { match in choices.firstIndex { $0.id == match.0 } }
        let fallback = choices.firstIndex { $0.id == .keep } ?? matched ?? choices.count - 1
        var chosen: Provider?
        while chosen == nil {
            let answer = try ask("Provider (1-\(choices.count)) [\(fallback + 1)]: ")
            if answer.isEmpty {
                chosen = choices[fallback]
            } else if let number = Int(answer), choices.indices.contains(number - 1) {
                chosen = choices[number - 1]
            } else if let named = choices.first(where: { $0.name.lowercased().hasPrefix(answer.lowercased()) }) {
                chosen = named
            } else {
                output.line("  Type a number from 1 to \(choices.count).")
            }
        }
        guard let chosen else { return }
        let region = chosen.id == .ses ? try chooseRegion() : nil
        perform(.chooseProvider(chosen.id, region: region))
        output.line("")
        if chosen.id == .keep {
            output.line("Keeping the current settings; each question starts from them.")
            return
        }
        output.line("\(chosen.name):")
        for need in chosen.needs { output.line("  - \(need)") }
    }

    /// The region the core holds (the stored one, or the first) unless another is typed.
    func chooseRegion() throws(Stop) -> String {
        while true {
            let answer = try ask("Amazon SES region [\(core.sesRegion)]: ").lowercased()
            if answer.isEmpty { return core.sesRegion }
            if Provider.sesRegions.contains(answer) { return answer }
            output.line("  Not an SES region with SMTP. Regions: \(Provider.sesRegions.joined(separator: " "))")
        }
    }

    // MARK: Fields

    /// Every form step from the one the core is on, its questions in its
    /// order. The list is read afresh after each answer: security and
    /// authentication change what follows.
    mutating func askFields() throws(Stop) {
        output.line("")
        var asked: [SettingKey] = []
        while core.step.isForm {
            let step = core.step
            var index = 0
            while index < core.questions.count {
                let key = core.questions[index].key
                try askField(key)
                asked.append(key)
                warn(about: asked)
                index = (core.questions.firstIndex { $0.key == key } ?? index) + 1
            }
            perform(.next)
            // An error across fields keeps the step: the core says which field, and it is asked again.
            while core.step == step, let focus = core.focusedField {
                try askField(focus)
                perform(.next)
            }
        }
    }

    /// Asks one field until the core finds no error in it.
    mutating func askField(_ key: SettingKey) throws(Stop) {
        if key == .password { return try askPassword() }
        if key == .userName, let provider = core.currentProvider, let hint = provider.userNameHint {
            output.line("  \(provider.name) user name: \(hint)")
        }
        while true {
            let current = core.draft.text(key)
            var question = key.label
            if let hint = hint(for: key) { question += " (\(hint))" }
            if !current.isEmpty { question += " [\(display(current, for: key))]" }
            let answer = try ask(question + ": ")
            var value = current
            if answer == "-" && SettingsDraft.optionalKeys.contains(key) {
                value = ""
            } else if !answer.isEmpty {
                value = normalize(answer, for: key)
            }
            guard try accept(key, value, previous: current) else { continue }
            return
        }
    }

    mutating func askPassword() throws(Stop) {
        if let provider = core.currentProvider, let wanted = provider.password, !core.draft.hasStoredPassword {
            output.line("  \(provider.name) wants \(wanted).")
        }
        while true {
            let draft = core.draft
            let keeps =
                draft.passwordEdited
                ? "; Enter keeps the one you typed" : draft.hasStoredPassword ? "; Enter keeps the stored password" : ""
            let answer = try askSecret("Password (not shown\(keeps)): ")
            let typed = draft.text(.password)
            // The messages never quote the password.
            guard try accept(.password, answer.isEmpty ? typed : answer, previous: typed) else { continue }
            return
        }
    }

    /// Gives the core the answer; on an error, says it, puts the previous
    /// value back, and returns false so the question is asked again.
    mutating func accept(_ key: SettingKey, _ value: String, previous: String) throws(Stop) -> Bool {
        perform(.setValue(key, value))
        let errors = core.problems(of: key).filter { $0.severity == .error }
        guard !errors.isEmpty else { return true }
        errors.forEach(show)
        perform(.setValue(key, previous), quietly: true)
        return false
    }

    /// Prints the warnings of the fields answered so far, each once.
    mutating func warn(about keys: [SettingKey]) {
        for key in keys {
            for problem in core.problems(of: key) where problem.severity == .warning {
                if warned.insert(problem.description).inserted { show(problem) }
            }
        }
    }

    /// Asks again every field that has an error, until none has.
    mutating func askUntilValid() throws(Stop) {
        while let first = SettingsValidator.errors(in: settings, store: store.location.kind).first {
            show(first)
            try askField(first.key)
        }
    }

    // MARK: Values

    /// How to type a choice on one line: the answer's form, not the field's meaning.
    func hint(for key: SettingKey) -> String? {
        switch key {
        case .security: "starttls, tls or none; usually port 587, 465, 25"
        case .verifyCertificate: "yes or no"
        case .authentication: "plain, login, cram_md5 or none"
        case .domain: "optional: this server's public name, sent in EHLO"
        case .fromName, .replyToEmailAddress: "optional"
        case .fromEmailAddress: "the sender, like notifications@example.com"
        default: nil
        }
    }

    func display(_ value: String, for key: SettingKey) -> String {
        guard key == .verifyCertificate else { return value }
        switch value {
        case "true": return "yes"
        case "false": return "no"
        default: return value
        }
    }

    /// What the admin typed, in the form the store keeps.
    func normalize(_ answer: String, for key: SettingKey) -> String {
        switch key {
        case .security:
            return answer.lowercased()
        case .authentication:
            let folded = answer.lowercased().replacingOccurrences(of: "-", with: "_")
            return Authentication(rawValue: folded) != nil ? folded : answer
        case .verifyCertificate:
            switch answer.lowercased() {
            case "y", "yes", "true", "on": return "true"
            case "n", "no", "false", "off": return "false"
            default: return answer
            }
        default:
            return answer
        }
    }

    // MARK: The core

    /// Hands an intent to the core and says what it said back (a fill, a
    /// stored password left behind, what to fix first).
    @discardableResult
    mutating func perform(_ intent: WizardIntent, quietly: Bool = false) -> [WizardEffect] {
        let effects = update(&core, intent)
        if !quietly, let notice = core.noticeText { output.line("  \(notice)") }
        return effects
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

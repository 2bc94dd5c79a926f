import SMTPSettings
import Wizard

/// The provider and every field, each validated as it is entered.
extension LineWizard {
    static let optionalKeys: Set<SettingKey> = [.domain, .fromName, .fromEmailAddress, .replyToEmailAddress]

    // MARK: Provider

    mutating func chooseProvider() throws(Stop) {
        let choices = Provider.choices(hasSettings: !loaded.settings.isEmpty)
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
        if chosen.id == .ses { try chooseRegion() }
        apply(chosen)
    }

    mutating func chooseRegion() throws(Stop) {
        while true {
            let answer = try ask("Amazon SES region [\(sesRegion)]: ").lowercased()
            if answer.isEmpty { return }
            if Provider.sesRegions.contains(answer) {
                sesRegion = answer
                return
            }
            output.line("  Not an SES region with SMTP. Regions: \(Provider.sesRegions.joined(separator: " "))")
        }
    }

    /// Fills the server, port, security, method and user name from the preset,
    /// and says what the provider needs.
    mutating func apply(_ chosen: Provider) {
        output.line("")
        switch chosen.id {
        case .keep:
            provider = Provider.matching(settings).flatMap { match in Provider.all.first { $0.id == match.0 } }
            output.line("Keeping the current settings; each question starts from them.")
            return
        case .custom:
            provider = nil
        default:
            provider = chosen
            if let address = chosen.address(region: sesRegion) {
                let switching = settings[.address]?.lowercased() != address
                settings[.address] = address
                set(.port, String(chosen.port))
                set(.security, chosen.security.rawValue)
                set(.authentication, chosen.authentication.rawValue)
                switch chosen.userName {
                case .fixed(let name): settings[.userName] = name
                case .hint, .none: if switching { settings[.userName] = nil }
                }
                dropUnusedLogin()
            }
        }
        output.line("\(chosen.name):")
        for need in chosen.needs { output.line("  - \(need)") }
    }

    // MARK: Fields

    /// The fields in form order; no certificate question without encryption, no login without authentication.
    var formKeys: [SettingKey] {
        SettingKey.allCases.filter { key in
            switch key {
            case .verifyCertificate: settings.security != Security.none
            case .userName, .password: settings.authentication != Authentication.none
            default: true
            }
        }
    }

    mutating func askFields() throws(Stop) {
        output.line("")
        var asked: [SettingKey] = []
        var index = 0
        // Read afresh each time: the security and authentication answers change what follows.
        while index < formKeys.count {
            let key = formKeys[index]
            try askField(key)
            asked.append(key)
            warn(about: asked)
            index = (formKeys.firstIndex(of: key) ?? index) + 1
        }
    }

    /// Asks for one field until its value has no error; prints its warnings.
    mutating func askField(_ key: SettingKey) throws(Stop) {
        if key == .password { return try askPassword() }
        if key == .userName, let provider, let hint = provider.userNameHint {
            output.line("  \(provider.name) user name: \(hint)")
        }
        while true {
            let current = settings.effective(key)
            var question = key.label
            if let hint = hint(for: key) { question += " (\(hint))" }
            if let shown = current.map({ display($0, for: key) }) { question += " [\(shown)]" }
            let answer = try ask(question + ": ")
            var candidate = settings
            if answer.isEmpty {
                // Enter keeps the value.
            } else if answer == "-" && Self.optionalKeys.contains(key) {
                candidate[key] = nil
            } else {
                candidate[key] = normalize(answer, for: key)
            }
            let errors = SettingsValidator.problems(for: key, in: candidate, store: store.location.kind).filter {
                $0.severity == .error
            }
            if !errors.isEmpty {
                errors.forEach(show)
                continue
            }
            settings = candidate
            keepDefaultsUnset(key)
            dropUnusedLogin()
            return
        }
    }

    mutating func askPassword() throws(Stop) {
        if let wanted = provider?.password { output.line("  \(provider?.name ?? "The provider") wants \(wanted).") }
        while true {
            let keeps: String
            if settings.password == nil {
                keeps = ""
            } else if settings.password == loaded.settings.password {
                keeps = "; Enter keeps the stored password"
            } else {
                keeps = "; Enter keeps the one you typed"
            }
            let answer = try askSecret("Password (not shown\(keeps)): ")
            var candidate = settings
            if !answer.isEmpty { candidate[.password] = answer }
            let errors = SettingsValidator.problems(for: .password, in: candidate).filter { $0.severity == .error }
            if !errors.isEmpty {
                // The messages never quote the password.
                errors.forEach(show)
                continue
            }
            settings = candidate
            return
        }
    }

    /// Prints the warnings of the fields answered so far, each once.
    mutating func warn(about keys: [SettingKey]) {
        for key in keys {
            for problem in SettingsValidator.problems(for: key, in: settings, store: store.location.kind)
            where problem.severity == .warning {
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

    /// Sets a value, leaving a default the store never held unset, as the full-screen form does.
    mutating func set(_ key: SettingKey, _ value: String) {
        settings[key] = value
        keepDefaultsUnset(key)
    }

    /// A default the admin never changed stays unset, so an unchanged form saves nothing.
    mutating func keepDefaultsUnset(_ key: SettingKey) {
        if settings[key] == key.defaultValue && loaded.settings[key] == nil { settings[key] = nil }
    }

    /// A secret that is not used is not kept.
    mutating func dropUnusedLogin() {
        if settings.authentication == Authentication.none {
            settings[.userName] = nil
            settings[.password] = nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

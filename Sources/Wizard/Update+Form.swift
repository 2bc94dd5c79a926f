import SMTPSettings

/// How a field takes its value.
public enum FieldKind: Equatable, Sendable {
    case text
    case secret
    /// One of a few values, cycled with Space or Left/Right.
    case choice([String])
    case toggle
}

extension SettingKey {
    public var fieldKind: FieldKind {
        switch self {
        case .password: .secret
        case .security: .choice(Security.allCases.map(\.rawValue))
        case .authentication: .choice(Authentication.allCases.map(\.rawValue))
        case .verifyCertificate: .toggle
        default: .text
        }
    }
}

extension WizardState {

    mutating func move(to key: SettingKey) {
        guard key != focus else { return }
        if let focus { leave(focus) }
        focus = key
        fields[key]?.select()
    }

    /// Checks the field being left, and again the fields already checked,
    /// whose verdict may depend on it (port on security, security on auth).
    mutating func leave(_ key: SettingKey) {
        if key == .address, let note = draft.passwordLeftBehindNote {
            notice = .warning("\(note) Type this server's password on the Login step.")
        }
        problems[key] = check(key)
        for other in Array(problems.keys) where other != key { problems[other] = check(other) }
    }

    func check(_ key: SettingKey) -> [SettingProblem] {
        SettingsValidator.problems(for: key, in: settings, store: environment.storeKind)
    }

    mutating func edit(_ key: SettingKey, _ pressed: Key) {
        switch key.fieldKind {
        case .text, .secret:
            if fields[key, default: FieldEditor()].handle(pressed) == .edited {
                // Judged again when the field is left, not while it is typed.
                problems[key] = nil
            }
        case .choice(let options):
            let delta: Int
            switch pressed {
            case .character(" "), .right: delta = 1
            case .left: delta = options.count - 1
            default: return
            }
            let old = text(key)
            let current = options.firstIndex(of: old) ?? (delta == 1 ? -1 : 0)
            let new = options[(current + delta) % options.count]
            fields[key] = FieldEditor(new)
            if key == .security { followUsualPort(from: old, to: new) }
            recheck()
        case .toggle:
            switch pressed {
            case .character(" "), .left, .right:
                fields[key] = FieldEditor(text(key) == "false" ? "true" : "false")
                recheck()
            default:
                return
            }
        }
    }

    /// A port left at the old security's usual number follows the new one;
    /// a port the admin chose stays.
    mutating func followUsualPort(from old: String, to new: String) {
        let port = text(.port)
        guard let newSecurity = Security(rawValue: new) else { return }
        let oldUsual = Security(rawValue: old).map { String($0.usualPort) }
        if port.isEmpty || port == oldUsual {
            fields[.port] = FieldEditor(String(newSecurity.usualPort))
        }
    }

    /// A choice changes at once, so its verdict and its neighbours' are shown at once.
    mutating func recheck() {
        if let focus { problems[focus] = check(focus) }
        for key in Array(problems.keys) { problems[key] = check(key) }
    }

    /// Checks every field of the step; refuses to go on over an error,
    /// saying which, with the field focused.
    mutating func completeStep() -> Bool {
        var errors: [SettingProblem] = []
        for key in focusable(step) {
            let found = check(key)
            problems[key] = found
            errors += found.filter { $0.severity == .error }
        }
        guard let first = errors.first else { return true }
        move(to: first.key)
        let more = errors.count > 1 ? " (and \(errors.count - 1) more)" : ""
        notice = .error("Fix this first: \(first.sentence)\(more)")
        return false
    }

    // MARK: Providers

    /// Fills the server, port, security, method and user name from a preset.
    mutating func apply(_ provider: Provider) {
        var draft = self.draft
        let filled = draft.fill(from: provider, region: sesRegion)
        guard !filled.isEmpty else { return }
        for key in filled {
            if fields[key]?.text != draft.text(key) { fields[key] = FieldEditor(draft.text(key)) }
            problems[key] = nil
        }
        var text = "Filled in \(provider.name)'s server settings."
        if passwordLeftBehind && !passwordEdited {
            text +=
                " The stored password stays with \(loaded.settings.address ?? "the old server"): type "
                + "\(provider.name)'s on the Login step."
        }
        notice = .success(text)
    }
}

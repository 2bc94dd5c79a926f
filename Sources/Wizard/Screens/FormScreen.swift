import SMTPSettings

/// The three form steps: server, login, sender.
enum FormScreen {
    /// The rows around the fields: a function of these alone.
    struct Surroundings: Equatable {
        var step: Step
        var help: String?
        var provider: Provider.ID?
        var charset: Charset
        var width: Int

        init(_ state: WizardState, width: Int) {
            step = state.step
            help = state.focus.map(state.help(for:))
            let showsBox = state.step == .server || (state.step == .authentication && state.usesLogin)
            provider = showsBox ? state.currentProviderID : nil
            charset = state.charset
            self.width = width
        }

        /// The title and introduction above the fields, and the help and the provider's box below.
        var lines: (above: [Line], below: [Line]) {
            let provider = Provider.all.first { $0.id == self.provider }
            var above = [Line(title(step), .title)]
            above += Line.wrapped(intro(step), width: width)
            above.append(.blank)
            var below: [Line] = []
            if let help {
                below.append(.blank)
                below += Line.wrapped(help, .dim, width: width)
            }
            if step == .server, let provider {
                let bullet = charset.bullet
                below.append(.blank)
                below += Line.boxed(
                    provider.needs.flatMap { Line.marked(bullet, $0, .normal, width: width - 4) },
                    title: "\(provider.name) needs", width: width, charset: charset)
            }
            if step == .authentication, let provider {
                var inner: [Line] = []
                if let hint = provider.userNameHint {
                    inner += Line.labelled("User name", hint, labelWidth: 11, width: width - 4)
                }
                if let password = provider.password {
                    inner += Line.labelled("Password", password, labelWidth: 11, width: width - 4)
                }
                if !inner.isEmpty {
                    below.append(.blank)
                    below += Line.boxed(inner, title: provider.name, width: width, charset: charset)
                }
            }
            return (above, below)
        }
    }

    /// The step's rows; `memo` keeps each part's rows with what they were
    /// drawn from, and gives them back while that is unchanged.
    static func body(_ state: WizardState, width: Int, memo: inout ViewMemo) -> Body {
        let surroundings = Surroundings(state, width: width)
        let (above, below) = memo.remember(surroundings, \.form) { $0.lines }
        var lines = above
        var anchor: Range<Int>?
        // Asked once: each asking builds the draft from every field.
        let focusable = state.focusable(state.step)
        var draft: SettingsDraft?
        for key in state.step.keys {
            let enabled = focusable.contains(key)
            if !enabled && draft == nil { draft = state.draft }
            let field = FormField(
                state, key, enabled: enabled, unusedReason: enabled ? nil : draft?.unusedReason(key) ?? "",
                width: width)
            let start = lines.count
            lines += memo.remember(field, for: key)
            if key == state.focus { anchor = start..<lines.count }
        }
        return Body(lines: lines + below, anchor: anchor)
    }

    static func title(_ step: Step) -> String {
        switch step {
        case .server: "Mail server"
        case .authentication: "Login"
        default: "HELO name and sender"
        }
    }

    static func intro(_ step: Step) -> String {
        switch step {
        case .server: "Where the application hands over its mail, and how the connection is protected."
        case .authentication: "How the application proves to the mail server that it may send."
        default:
            "The HELO name is how the application introduces itself to the mail server; the sender is who "
                + "its mail comes from."
        }
    }

    static func keys(_ state: WizardState) -> [HelpKey] {
        let charset = state.charset
        var keys = [HelpKey("Tab/\(charset.down)", "next field"), HelpKey(charset.up, "previous")]
        if let focus = state.focus {
            switch focus.fieldKind {
            case .choice, .toggle: keys.append(HelpKey("Space/\(charset.leftRight)", "change", essential: true))
            case .text, .secret: break
            }
        }
        keys.append(HelpKey("Enter", "next", essential: true))
        if state.step == .authentication, state.usesLogin {
            keys.append(HelpKey("^R", state.revealPassword ? "hide" : "reveal", essential: true))
        }
        keys.append(HelpKey("^T", "test", essential: true))
        keys.append(HelpKey("Esc", "back", essential: true))
        return keys
    }
}

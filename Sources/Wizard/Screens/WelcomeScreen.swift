import SMTPSettings

enum WelcomeScreen {
    static func body(_ state: WizardState, width: Int) -> Body {
        let charset = state.charset
        var lines = [Line("Set up outgoing mail (SMTP)", .title), .blank]
        lines += Line.wrapped(
            "This wizard sets up the mail server the application sends invites, password resets and "
                + "email confirmations through: the server, how the connection is protected, the login and "
                + "the sender. It tests them live, and saves only when you say so.",
            width: width)
        lines.append(.blank)
        if state.needsStoreChoice {
            lines += choices(state, width: width)
            lines.append(.blank)
            lines += Line.boxed(
                Line.wrapped(Notices.noFallback, width: width - 4), title: "No fallback mail server", width: width,
                charset: charset, style: .warning)
            return Body(lines: lines)
        }
        lines += Line.labelled("Settings store", state.storePath, labelWidth: 16, width: width)
        switch state.storeAccess {
        case .writable:
            lines += Line.marked(charset.check, "You can save there.", .success, width: width, indent: 16)
        case .needsRoot, .unusable:
            let refusal = state.storeAccess.refusal ?? ""
            lines += Line.marked(
                charset.cross, refusal + " You can still fill in and test the form.", .error, width: width,
                indent: 16)
        }
        lines += Line.wrapped(existing(state), .dim, width: width, indent: 16, first: Span(TextWidth.pad("", to: 16)))
        lines.append(.blank)
        lines += Line.boxed(
            Line.wrapped(Notices.noFallback, width: width - 4), title: "No fallback mail server", width: width,
            charset: charset, style: .warning)
        return Body(lines: lines)
    }

    /// The stores found on this machine, to confirm one: nothing is loaded before.
    static func choices(_ state: WizardState, width: Int) -> [Line] {
        let charset = state.charset
        var lines = Line.wrapped("Where should the settings go? Found on this machine:", .title, width: width)
        for (index, choice) in state.storeChoices.enumerated() {
            let selected = index == state.highlightedStoreChoice
            lines += Line.wrapped(
                choice.title, selected ? .selected : .normal, width: width, indent: 2,
                first: Span((selected ? charset.pointer : " ") + " "))
        }
        lines.append(.blank)
        if state.isOpeningStore {
            lines.append(Line("\(charset.spinner(state.spinnerFrame)) Opening the store\(charset.ellipsis)"))
        } else {
            lines += Line.wrapped(
                "\(charset.upDown) to choose, Enter to use it, o to type another store "
                    + "(like gitlab:/etc/gitlab/gitlab.rb).", .dim, width: width)
        }
        return lines
    }

    static func existing(_ state: WizardState) -> String {
        if let latest = state.loaded.latest {
            return "Current settings: revision \(latest.revision), saved by \(latest.savedBy) at "
                + "\(latest.savedAtText). The form starts from them."
        }
        if !state.loaded.settings.isEmpty { return "The store holds settings; the form starts from them." }
        return "Nothing is saved yet: the form starts empty."
    }
}

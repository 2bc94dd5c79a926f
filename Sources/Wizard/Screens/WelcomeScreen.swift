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

    static func existing(_ state: WizardState) -> String {
        if let latest = state.loaded.latest {
            return "Current settings: revision \(latest.revision), saved by \(latest.savedBy) at "
                + "\(latest.savedAtText). The form starts from them."
        }
        if !state.loaded.settings.isEmpty { return "The store holds settings; the form starts from them." }
        return "Nothing is saved yet: the form starts empty."
    }
}

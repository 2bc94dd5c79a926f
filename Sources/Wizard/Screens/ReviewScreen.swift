import SMTPSettings

enum ReviewScreen {
    static let labelWidth = 14

    static func body(_ state: WizardState, width: Int, height: Int) -> Body {
        let charset = state.charset
        let settings = state.settings
        var lines = [Line("Review and save", .title)]
        func row(_ label: String, _ value: String, _ style: CellGrid.Style = .normal) {
            lines += Line.labelled(label, value, style, labelWidth: labelWidth, width: width)
        }
        var server = settings.serverPhrase
        if settings.security != Security.none && !settings.verifyCertificate { server += ", certificate not checked" }
        row("Server", server)
        row("Login", login(state, settings))
        row("HELO domain", settings.domain ?? "(empty: this machine's name, \(state.environment.machineName))")
        row("From", from(settings))
        row("Reply-to", settings.replyToEmailAddress ?? "(none)")
        row("Readable by", readers(state))
        if let warning = state.environment.readabilityWarning {
            lines += Line.marked(charset.warning, warning, .warning, width: width, indent: labelWidth - 2)
        }
        lines += testRow(state, settings, width: width)
        for problem in SettingsValidator.problems(in: settings) where problem.severity == .warning {
            lines += Line.marked(
                charset.warning, problem.sentence, .warning, width: width,
                indent: labelWidth - 2)
        }
        lines.append(.blank)
        if state.isUnchanged && state.saving == .idle {
            lines += Line.marked(
                charset.check,
                "Nothing changed: \(state.storePath) already holds exactly these settings (revision "
                    + "\(state.loaded.revision)). There is nothing to save; Esc goes back to change something.",
                .success, width: width)
            return Body(lines: lines)
        }
        // The notice and its tick stay in view together, whatever scrolls away.
        let notice = lines.count
        lines += Line.boxed(
            Line.wrapped(Notices.lockout, width: width - 4), title: "Before you save", width: width,
            charset: charset, style: .warning)
        lines += Line.wrapped(
            "I understand: users who have not confirmed their email are logged out.", width: width, indent: 4,
            first: Span(state.acknowledged ? "[x] " : "[ ] ", state.acknowledged ? .success : .key))
        lines.append(.blank)
        lines += status(state, width: width)
        var anchor = notice..<lines.count
        if lines.count > height {
            // Short of rows: the spacing goes before the summary does.
            let blanks = lines.indices.filter { lines[$0] == .blank }
            anchor = (notice - blanks.filter { $0 < notice }.count)..<(lines.count - blanks.count)
            lines.removeAll { $0 == .blank }
        }
        // The summary comes first; the notice scrolls into view once it is ticked or a save answers.
        let follows = state.acknowledged || state.saving != .idle
        return Body(lines: lines, anchor: follows ? anchor : nil)
    }

    /// Who will be able to read the store: the application's user, and no one else.
    static func readers(_ state: WizardState) -> String {
        switch state.environment.owner {
        case .named(let owner): "\(owner) (--owner) and no one else"
        case .existing(let owner): "\(owner), the store's owner (--owner USER gives it to another)"
        case .running(let user): "\(user), who runs this wizard, as a new store"
        case .ask: state.ownerAnswer.map { "\($0), as you said" } ?? "the application's user: asked when you save"
        }
    }

    static func login(_ state: WizardState, _ settings: MailSettings) -> String {
        guard let method = settings.authentication, method != .none else { return "none (no login)" }
        let user = settings.userName.map { "user \($0)" } ?? "no user name"
        // The password is only ever described, never shown.
        let password =
            state.passwordEdited ? "password set" : state.hasStoredPassword ? "password unchanged" : "no password"
        return "\(method.rawValue), \(user), \(password)"
    }

    static func from(_ settings: MailSettings) -> String {
        switch (settings.fromName, settings.fromEmailAddress) {
        case (let name?, let address?): "\(name) <\(address)>"
        case (nil, let address?): address
        case (let name?, nil): "\(name) (no address)"
        case (nil, nil): "(not set)"
        }
    }

    static func testRow(_ state: WizardState, _ settings: MailSettings, width: Int) -> [Line] {
        let charset = state.charset
        let (mark, text, style): (String, String, CellGrid.Style)
        if state.lastPassed == settings, CAFileNote.applies(state) {
            (mark, text, style) = (
                charset.warning, "passed, but " + CAFileNote.sentence(state, capitalised: false), .warning
            )
        } else if state.lastPassed == settings {
            (mark, text, style) = (charset.check, "passed with these settings", .success)
        } else if state.test?.isRunning == true {
            (mark, text, style) = (charset.spinner(state.spinnerFrame), "running", .normal)
        } else if let diagnosis = state.test?.outcome?.diagnosis, state.test?.settings == settings {
            (mark, text, style) = (charset.cross, "failed: \(diagnosis.title)", .error)
        } else if state.lastPassed != nil {
            (mark, text, style) = (charset.warning, "the settings changed since the last passing test", .warning)
        } else {
            (mark, text, style) = (charset.warning, "not run: Esc goes back to the test", .warning)
        }
        return Line.wrapped(
            text, style, width: width, indent: labelWidth + 2,
            first: Span(TextWidth.pad("Test", to: labelWidth) + mark + " ", style))
    }

    static func status(_ state: WizardState, width: Int) -> [Line] {
        let charset = state.charset
        switch state.saving {
        case .saving:
            return [Line("\(charset.spinner(state.spinnerFrame)) Saving\(charset.ellipsis)")]
        case .reloading:
            return [Line("\(charset.spinner(state.spinnerFrame)) Loading the store\(charset.ellipsis)")]
        case .conflict(let current):
            let text =
                "\(current.savedBy) saved revision \(current.revision) at \(current.savedAtText), after you "
                + "started from revision \(state.baseRevision). Nothing of yours was written."
            var inner = Line.wrapped(text, width: width - 4)
            inner.append(Line([Span("r", .key), Span(" reload their settings (yours are set aside)")]))
            inner.append(Line([Span("o", .key), Span(" overwrite them with yours")]))
            return Line.boxed(inner, title: "Someone else saved", width: width, charset: charset, style: .error)
        case .failed(let message):
            return Line.marked(charset.cross, message + " s tries again.", .error, width: width)
        case .idle:
            if let refusal = state.storeAccess.refusal {
                return Line.marked(charset.cross, "Cannot save: \(refusal)", .error, width: width)
            }
            return Line.wrapped(
                "Saves to \(state.storePath) as revision \(state.baseRevision + 1).", .dim, width: width)
        }
    }

    static func keys(_ state: WizardState) -> [HelpKey] {
        if state.isUnchanged && state.saving == .idle { return [HelpKey("Esc", "back", essential: true)] }
        if case .conflict = state.saving {
            return [
                HelpKey("r", "reload theirs", essential: true), HelpKey("o", "overwrite", essential: true),
                HelpKey("Esc", "back"),
            ]
        }
        return [
            HelpKey("Space", state.acknowledged ? "untick" : "tick \"I understand\"", essential: true),
            HelpKey("s", "save", essential: true), HelpKey("Esc", "back", essential: true),
        ]
    }
}

import SMTPSettings

enum ReviewScreen {
    static let labelWidth = 14

    static func body(_ state: WizardState, width: Int, height: Int) -> Body {
        let charset = state.charset
        var lines = [Line("Review and save", .title)]
        func row(_ label: String, _ value: String, _ style: CellGrid.Style = .normal) {
            lines += Line.labelled(label, value, style, labelWidth: labelWidth, width: width)
        }
        let summary = state.reviewSummary
        for item in summary.rows { row(item.label, item.value) }
        row("Readable by", readers(state))
        if let warning = state.environment.readabilityWarning {
            lines += Line.marked(charset.warning, warning, .warning, width: width, indent: labelWidth - 2)
        }
        lines += testRow(state, width: width)
        for warning in summary.warnings {
            lines += Line.marked(charset.warning, warning, .warning, width: width, indent: labelWidth - 2)
        }
        lines.append(.blank)
        if let unchanged = state.unchangedSentence, state.saving == .idle {
            lines += Line.marked(
                charset.check, unchanged + " There is nothing to save; Esc goes back to change something.",
                .success, width: width)
            return Body(lines: lines)
        }
        // The notice and its tick stay in view together, whatever scrolls away.
        let notice = lines.count
        if state.asksLockout {
            lines += Line.boxed(
                Line.wrapped(Notices.lockout, width: width - 4), title: "Before you save", width: width,
                charset: charset, style: .warning)
            lines += Line.wrapped(
                "I understand: users who have not confirmed their email are logged out.", width: width, indent: 4,
                first: Span(state.acknowledged ? "[x] " : "[ ] ", state.acknowledged ? .success : .key))
            lines.append(.blank)
        }
        lines += status(state, width: width)
        var anchor = notice..<lines.count
        if lines.count > height {
            // Short of rows: the spacing goes before the summary does.
            let blanks = lines.indices.filter { lines[$0] == .blank }
            anchor = (notice - blanks.filter { $0 < notice }.count)..<(lines.count - blanks.count)
            lines.removeAll { $0 == .blank }
        }
        // The summary comes first; the notice scrolls into view once it is ticked or a save answers.
        let follows = (state.asksLockout && state.acknowledged) || state.saving != .idle
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

    static func testRow(_ state: WizardState, width: Int) -> [Line] {
        let charset = state.charset
        let standing = state.testStanding
        let (mark, style): (String, CellGrid.Style)
        var text = standing.text
        switch standing {
        case .passed: (mark, style) = (charset.check, .success)
        case .passedBut: (mark, style) = (charset.warning, .warning)
        case .running: (mark, style) = (charset.spinner(state.spinnerFrame), .normal)
        case .failed: (mark, style) = (charset.cross, .error)
        case .changedSincePass: (mark, style) = (charset.warning, .warning)
        case .notRun:
            (mark, style) = (charset.warning, .warning)
            text += ": Esc goes back to the test"
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
        case .fileChanged:
            var inner = Line.wrapped(state.fileChangeSentence ?? "", width: width - 4)
            inner.append(Line([Span("r", .key), Span(" reload the file (yours are set aside)")]))
            inner.append(Line([Span("o", .key), Span(" overwrite its mail settings with yours")]))
            return Line.boxed(inner, title: "The file changed", width: width, charset: charset, style: .error)
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
        if state.conflict != nil || state.fileChange != nil {
            return [
                HelpKey("r", state.fileChange == nil ? "reload theirs" : "reload the file", essential: true),
                HelpKey("o", "overwrite", essential: true),
                HelpKey("Esc", "back"),
            ]
        }
        let tick = HelpKey("Space", state.acknowledged ? "untick" : "tick \"I understand\"", essential: true)
        return (state.asksLockout ? [tick] : []) + [
            HelpKey("s", "save", essential: true), HelpKey("Esc", "back", essential: true),
        ]
    }
}

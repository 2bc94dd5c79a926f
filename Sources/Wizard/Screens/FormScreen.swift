import SMTPSettings

/// The three form steps: server, login, sender.
enum FormScreen {
    /// Where values start: a pointer, the longest label, a space.
    static let valueColumn = 23

    static func body(_ state: WizardState, width: Int) -> Body {
        var lines = [Line(title(state.step), .title)]
        lines += Line.wrapped(intro(state.step), width: width)
        lines.append(.blank)
        var anchor: Range<Int>?
        // Asked once: each asking builds the draft from every field.
        let focusable = state.focusable(state.step)
        for key in state.step.keys {
            let start = lines.count
            lines += field(state, key, enabled: focusable.contains(key), width: width)
            if key == state.focus { anchor = start..<lines.count }
        }
        if let focus = state.focus {
            lines.append(.blank)
            lines += Line.wrapped(state.help(for: focus), .dim, width: width)
        }
        if state.step == .server, let provider = state.currentProvider {
            let bullet = state.charset.bullet
            lines.append(.blank)
            lines += Line.boxed(
                provider.needs.flatMap { Line.marked(bullet, $0, .normal, width: width - 4) },
                title: "\(provider.name) needs", width: width, charset: state.charset)
        }
        if state.step == .authentication, state.usesLogin, let provider = state.currentProvider {
            var inner: [Line] = []
            if let hint = provider.userNameHint {
                inner += Line.labelled("User name", hint, labelWidth: 11, width: width - 4)
            }
            if let password = provider.password {
                inner += Line.labelled("Password", password, labelWidth: 11, width: width - 4)
            }
            if !inner.isEmpty {
                lines.append(.blank)
                lines += Line.boxed(inner, title: provider.name, width: width, charset: state.charset)
            }
        }
        return Body(lines: lines, anchor: anchor)
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

    /// The field's row, and its problems under it; `enabled` says whether it applies given the others.
    static func field(_ state: WizardState, _ key: SettingKey, enabled: Bool, width: Int) -> [Line] {
        let charset = state.charset
        let focused = state.focus == key
        var line = Line([Span(focused ? charset.pointer + " " : "  ", .key)])
        line.append(TextWidth.pad(key.label, to: valueColumn - 3) + " ", focused ? .title : enabled ? .normal : .dim)
        guard enabled else {
            line.append(state.draft.unusedReason(key) ?? "", .dim)
            return [line]
        }
        switch key.fieldKind {
        case .text, .secret:
            let box = key == .port ? 7 : max(8, min(44, width - valueColumn - 2))
            let (text, cursor, placeholder) = content(state, key, box: box)
            line.append("[", .dim)
            let selected = focused && state.fields[key]?.selected == true
            let style: CellGrid.Style = placeholder ? .dim : selected ? .selected : focused ? .focusedField : .field
            line.append(text, style)
            line.append(
                String(repeating: " ", count: max(0, box - TextWidth.width(text))), focused ? .fieldRoom : style)
            line.append("]", .dim)
            if focused { line.cursor = valueColumn + 1 + cursor }
            if key == .port, let security = Security(rawValue: state.text(.security)) {
                line.append("  usual for \(security.shortName): \(security.usualPort)", .dim)
            }
        case .choice(let options):
            let value = state.text(key)
            var rows = [line]
            for option in options {
                let chosen = option == value
                let name = key == .security ? Security(rawValue: option)?.shortName ?? option : option
                let style: CellGrid.Style = chosen && focused ? .selected : .normal
                let choice = [Span(chosen ? charset.radioOn : charset.radioOff, style), Span(" " + name, style)]
                // Choices that do not fit the width go on a row of their own, under the first.
                if rows[rows.count - 1].width + choice.reduce(0, { $0 + TextWidth.width($1.text) }) > width {
                    rows.append(Line(String(repeating: " ", count: valueColumn)))
                }
                rows[rows.count - 1].spans += choice + [Span("  ")]
            }
            if !options.contains(value) { rows[rows.count - 1].append("'\(value)' is not valid", .error) }
            return rows + problemLines(state, key, width: width)
        case .toggle:
            let on = state.text(key) != "false"
            line.append(on ? "[x]" : "[ ]", focused ? .selected : .normal)
            line.append(on ? " check it (recommended)" : " not checked", on ? .normal : .warning)
        }
        return [line] + problemLines(state, key, width: width)
    }

    static func problemLines(_ state: WizardState, _ key: SettingKey, width: Int) -> [Line] {
        let charset = state.charset
        var lines: [Line] = []
        for problem in state.problems[key] ?? [] {
            let error = problem.severity == .error
            let mark = error ? charset.cross : charset.warning
            lines += Line.marked(
                mark, "\(problem.sentence) \(problem.fix)", error ? .error : .warning,
                width: width, indent: valueColumn)
        }
        return lines
    }

    /// What the box shows: the text (masked for a password), the cursor,
    /// and whether it is a placeholder instead of a value.
    static func content(_ state: WizardState, _ key: SettingKey, box: Int) -> (String, Int, Bool) {
        let editor = state.fields[key] ?? FieldEditor()
        let ellipsis = state.charset.ellipsis
        if editor.isEmpty, let placeholder = state.placeholder(for: key) {
            return (TextWidth.truncate(placeholder, to: box, ellipsis: ellipsis), 0, true)
        }
        if key == .password {
            let mask = state.charset.mask
            let (text, cursor) = editor.window(width: box) { state.revealPassword ? String($0) : mask }
            return (text, cursor, false)
        }
        let (text, cursor) = editor.window(width: box) { String($0) }
        return (text, cursor, false)
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

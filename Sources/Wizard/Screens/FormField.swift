import SMTPSettings

/// Everything one field's rows are drawn from. The rows are a function of
/// these alone, so a field whose inputs did not change since the last frame
/// keeps its rows (every field but the one being typed into).
struct FormField: Equatable {
    var key: SettingKey
    var focused: Bool
    /// Whether it applies given the other fields; if not, why not.
    var enabled: Bool
    var unusedReason: String?
    var editor: FieldEditor
    /// Shown in an empty box.
    var placeholder: String?
    var masked: Bool
    /// The security chosen, for the port's hint.
    var security: String?
    var problems: [SettingProblem]
    var charset: Charset
    var width: Int

    init(_ state: WizardState, _ key: SettingKey, enabled: Bool, unusedReason: String?, width: Int) {
        self.key = key
        focused = state.focus == key
        self.enabled = enabled
        self.unusedReason = unusedReason
        editor = state.fields[key] ?? FieldEditor()
        placeholder = editor.isEmpty ? state.placeholder(for: key) : nil
        masked = key == .password && !state.revealPassword
        security = key == .port ? state.text(.security) : nil
        problems = state.problems[key] ?? []
        charset = state.charset
        self.width = width
    }

    /// Where values start: a pointer, the longest label, a space.
    static let valueColumn = 23
    var valueColumn: Int { Self.valueColumn }

    /// The field's row, and its problems under it.
    var lines: [Line] {
        var line = Line([Span(focused ? charset.pointer + " " : "  ", .key)])
        line.append(TextWidth.pad(key.label, to: valueColumn - 3) + " ", focused ? .title : enabled ? .normal : .dim)
        guard enabled else {
            line.append(unusedReason ?? "", .dim)
            return [line]
        }
        switch key.fieldKind {
        case .text, .secret:
            let box = key == .port ? 7 : max(8, min(44, width - valueColumn - 2))
            let (text, cursor, isPlaceholder) = content(box: box)
            line.append("[", .dim)
            let selected = focused && editor.selected
            let style: CellGrid.Style = isPlaceholder ? .dim : selected ? .selected : focused ? .focusedField : .field
            line.append(text, style)
            line.append(
                TextWidth.spaces(box - TextWidth.width(text)), focused ? .fieldRoom : style)
            line.append("]", .dim)
            if focused { line.cursor = valueColumn + 1 + cursor }
            if let security = security.flatMap(Security.init(rawValue:)) {
                line.append("  usual for \(security.shortName): \(security.usualPort)", .dim)
            }
        case .choice(let options):
            let value = editor.text
            var rows = [line]
            for option in options {
                let chosen = option == value
                let name = key == .security ? Security(rawValue: option)?.shortName ?? option : option
                let style: CellGrid.Style = chosen && focused ? .selected : .normal
                let choice = [Span(chosen ? charset.radioOn : charset.radioOff, style), Span(" " + name, style)]
                // Choices that do not fit the width go on a row of their own, under the first.
                if rows[rows.count - 1].width + choice.reduce(0, { $0 + TextWidth.width($1.text) }) > width {
                    rows.append(Line(TextWidth.spaces(valueColumn)))
                }
                rows[rows.count - 1].spans += choice + [Span("  ")]
            }
            if !options.contains(value) { rows[rows.count - 1].append("'\(value)' is not valid", .error) }
            return rows + problemLines
        case .toggle:
            let on = editor.text != "false"
            line.append(on ? "[x]" : "[ ]", focused ? .selected : .normal)
            line.append(on ? " check it (recommended)" : " not checked", on ? .normal : .warning)
        }
        return [line] + problemLines
    }

    var problemLines: [Line] {
        var lines: [Line] = []
        for problem in problems {
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
    func content(box: Int) -> (String, Int, Bool) {
        if editor.isEmpty, let placeholder {
            return (TextWidth.truncate(placeholder, to: box, ellipsis: charset.ellipsis), 0, true)
        }
        let (text, cursor) = editor.window(width: box, mask: masked ? charset.mask : nil)
        return (text, cursor, false)
    }
}

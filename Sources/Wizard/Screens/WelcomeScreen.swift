import SMTPSettings

enum WelcomeScreen {
    static func body(_ state: WizardState, width: Int) -> Body {
        let charset = state.charset
        let welcome = state.welcome
        var lines = [Line(welcome.title, .title), .blank]
        lines += Line.wrapped(welcome.introduction, width: width)
        lines.append(.blank)
        if state.needsStoreChoice {
            lines += choices(state, width: width)
            lines.append(.blank)
            lines += Line.boxed(
                Line.wrapped(welcome.notice, width: width - 4), title: welcome.noticeTitle, width: width,
                charset: charset, style: .warning)
            return Body(lines: lines)
        }
        lines += Line.labelled(welcome.storeLabel, welcome.storePath, labelWidth: 16, width: width)
        if welcome.canSave {
            lines += Line.marked(charset.check, welcome.access, .success, width: width, indent: 16)
        } else {
            lines += Line.marked(charset.cross, welcome.access, .error, width: width, indent: 16)
        }
        lines += Line.wrapped(welcome.existing, .dim, width: width, indent: 16, first: Span(TextWidth.pad("", to: 16)))
        lines.append(.blank)
        lines += Line.boxed(
            Line.wrapped(welcome.notice, width: width - 4), title: welcome.noticeTitle, width: width,
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
}

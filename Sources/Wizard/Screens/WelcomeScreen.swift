import SMTPSettings

enum WelcomeScreen {
    static func body(_ state: WizardState, width: Int) -> Body {
        let charset = state.charset
        let welcome = state.welcome
        var lines = [Line(welcome.title, .title), .blank]
        lines += Line.wrapped(welcome.introduction, width: width)
        lines.append(.blank)
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
}

import FoundationEssentials
import ProbeModel
import SMTPSettings

/// How the test step divides its rows: the header, the phases beside the
/// transcript, and the diagnosis under them. `update` asks it too, so that
/// PageUp moves the transcript by what is actually on screen.
struct TestLayout {
    let width: Int
    let header: [Line]
    let diagnosis: [Line]
    /// Rows for the phases column and the transcript box (with its borders).
    let splitRows: Int

    var transcriptRows: Int { max(1, splitRows - 2) }
    var leftWidth: Int { width >= 70 ? 26 : 22 }

    init(_ state: WizardState) {
        width = state.size.width - 2
        let height = state.size.height - 4
        header = Self.header(state, width: width)
        diagnosis = Self.diagnosis(state, width: width)
        // The transcript keeps a few rows even beside a long diagnosis, and the
        // phases all show; the step scrolls instead.
        splitRows = max(5, state.test?.phases.count ?? 0, height - header.count - diagnosis.count)
    }

    /// What is tested and how it went, wrapped whole: the step scrolls when it is long.
    static func header(_ state: WizardState, width: Int) -> [Line] {
        let charset = state.charset
        let run = state.test
        let tested = run?.settings ?? state.settings
        var target = "Testing \(tested.serverPhrase), \(tested.loginPhrase), EHLO \(state.heloName)"
        if let sendTo = run?.sendTo { target += ", then a message to \(sendTo)" }
        var lines = Line.wrapped(target, .title, width: width)
        if let delivery = state.deliverySentence { lines += Line.wrapped(delivery, .dim, width: width) }
        guard let run else {
            return lines + [Line("Press t to run the live test.")]
        }
        switch run.outcome {
        case nil where run.cancelled:
            lines.append(Line("Cancelled. t runs the test again.", .warning))
        case nil:
            var text = "\(charset.spinner(state.spinnerFrame)) Testing\(charset.ellipsis)"
            if let phase = run.phases.last(where: { $0.status == .running }),
                let left = phase.secondsLeft(at: state.spinnerFrame), let limit = phase.limitSeconds
            {
                text += " \(phase.name): \(left) s left of \(Int(limit.rounded(.up))) (Esc cancels)"
            }
            lines.append(Line(text))
        case let outcome? where outcome.passed:
            let total = run.phases.compactMap(\.milliseconds).reduce(0, +)
            var text = "Passed in \(duration(total))."
            if let sendTo = run.sendTo { text += " A test message went to \(sendTo)." }
            lines.append(Line(charset.check + " " + text, .success))
            if let warning = state.inClearWarning {
                lines += Line.marked(charset.warning, warning, .warning, width: width)
            }
            for caution in state.applicationCautions {
                lines += Line.marked(charset.warning, "But: \(caution.message) \(caution.fix)", .warning, width: width)
            }
            if outcome.passedOnlyWithCAFile {
                lines += Line.marked(charset.warning, CAFileNote.sentence(state), .warning, width: width)
            }
            if let certificate = outcome.certificate {
                let text = "Certificate: " + Secrets(state).scrub(certificate.sentence)
                lines += Line.wrapped(text, .dim, width: width, indent: 2)
            }
        case let outcome?:
            let title = outcome.diagnosis?.title ?? ""
            lines += Line.marked(charset.cross, "Failed: " + Secrets(state).scrub(title), .error, width: width)
        }
        if !run.isRunning, run.settings != state.settings {
            lines.append(Line("The settings changed since this test: t runs it again.", .warning))
        }
        return lines
    }

    /// The diagnosis box, whole: when it does not fit, the step scrolls.
    static func diagnosis(_ state: WizardState, width: Int) -> [Line] {
        guard let run = state.test, let diagnosis = run.outcome?.diagnosis else { return [] }
        let inner = width - 4
        let secrets = Secrets(state)
        let explanation = Line.wrapped(secrets.scrub(diagnosis.explanation), width: inner)
        let fix = Line.wrapped(
            secrets.scrub(diagnosis.fix), width: inner, indent: 5, first: Span("Fix: ", .title))
        let certificate =
            run.outcome?.certificate.map {
                Line.wrapped("Certificate: " + secrets.scrub($0.sentence), .dim, width: inner)
            } ?? []
        var key: [Line] = []
        if let setting = diagnosis.setting {
            key = [
                Line([Span("f", .key), Span(" fix it: " + FixIt.describe(diagnosis, setting: SettingKey(setting)))])
            ]
        }
        let lines = [Line(secrets.scrub(diagnosis.title), .error)] + explanation + fix + certificate + key
        return Line.boxed(lines, title: "What went wrong", width: width, charset: state.charset, style: .error)
    }
}

/// External text (server replies, diagnoses) is redacted by the probe; this
/// is the second lock: the stored password is never drawn, whatever arrives.
struct Secrets {
    let values: [String]

    init(_ state: WizardState) {
        let typed = state.passwordEdited ? state.text(.password) : nil
        values = [state.loaded.settings.password, typed].compactMap { $0 }.filter { $0.count >= 4 }
    }

    func scrub(_ text: String) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: $1, with: "********") }
    }
}

enum TestScreen {
    static func body(_ state: WizardState, width: Int, height: Int) -> Body {
        let layout = TestLayout(state)
        let left = phases(state, rows: layout.splitRows, width: layout.leftWidth)
        let right = pane(state, layout: layout, width: width - layout.leftWidth - 1)
        let split = Line.columns(left, leftWidth: layout.leftWidth, gap: 1, right, ellipsis: state.charset.ellipsis)
        let top = layout.header.count + split.count
        // A failure's explanation is what the admin needs next: keep it in view.
        let anchor = layout.diagnosis.isEmpty ? nil : top..<(top + layout.diagnosis.count)
        return Body(lines: layout.header + split + layout.diagnosis, anchor: anchor)
    }

    static func phases(_ state: WizardState, rows: Int, width: Int) -> [Line] {
        let charset = state.charset
        guard let run = state.test, !run.phases.isEmpty else {
            return [Line("Phases", .dim)]
        }
        var shown = run.phases[...]
        var lines: [Line] = []
        if shown.count > rows {
            shown = shown.suffix(rows - 1)
            lines.append(Line("\(charset.ellipsis) \(run.phases.count - shown.count) earlier", .dim))
        }
        for phase in shown {
            let (mark, style): (String, CellGrid.Style) =
                switch phase.status {
                case .running: (charset.spinner(state.spinnerFrame), .normal)
                case .passed: (charset.check, .success)
                case .failed: (charset.cross, .error)
                case .skipped: (charset.pending, .dim)
                }
            let left = phase.secondsLeft(at: state.spinnerFrame).map { "\($0) s left" }
            let time = phase.milliseconds.map(duration) ?? left ?? ""
            let nameWidth = width - 2 - TextWidth.width(time) - 1
            let name = TextWidth.truncate(phase.name, to: nameWidth, ellipsis: charset.ellipsis)
            lines.append(
                Line([
                    Span(mark + " ", style),
                    Span(TextWidth.pad(name, to: nameWidth) + " ", phase.status == .skipped ? .dim : .normal),
                    Span(time, .dim),
                ]))
        }
        return lines
    }

    /// The transcript, or what detect found, in a box.
    static func pane(_ state: WizardState, layout: TestLayout, width: Int) -> [Line] {
        let charset = state.charset
        let rows = layout.transcriptRows
        let secrets = Secrets(state)
        if state.pane == .detect, let detect = state.detect {
            var inner: [Line] =
                detect.lines.map { found in
                    found.isEmpty
                        ? [Line("Nothing found.", .dim)]
                        : found.flatMap { Line.marked(charset.bullet, secrets.scrub($0), .normal, width: width - 4) }
                } ?? [Line("\(charset.spinner(state.spinnerFrame)) Looking at \(detect.host)\(charset.ellipsis)")]
            // Every port and the recommendation, even past the transcript's rows: the step scrolls.
            while inner.count < rows { inner.append(Line()) }
            return Line.boxed(inner, title: "Detect: \(detect.host)", width: width, charset: charset)
        }
        let transcript = state.test?.transcript ?? []
        var inner: [Line]
        var title = "Transcript (~ = inside TLS)"
        if transcript.isEmpty {
            inner = [Line("The conversation with the server shows here.", .dim)]
        } else {
            let scroll = min(state.test?.scroll ?? 0, max(0, transcript.count - rows))
            let end = transcript.count - scroll
            // Long replies wrap rather than lose their end: a rejection's reason is usually there.
            inner = []
            for line in transcript[..<end].reversed() where inner.count < rows {
                let prefix = Span(line.arrow + " ", .dim)
                inner.insert(
                    contentsOf: Line.wrapped(secrets.scrub(line.text), width: width - 4, indent: 3, first: prefix),
                    at: 0)
            }
            inner = Array(inner.suffix(rows))
            if scroll > 0 { title = "Transcript, \(scroll) newer lines below (PgDn)" }
        }
        while inner.count < rows { inner.append(Line()) }
        return Line.boxed(inner, title: title, width: width, charset: charset)
    }

    static func keys(_ state: WizardState) -> [HelpKey] {
        if state.test?.isRunning == true {
            return [HelpKey("Esc", "cancel", essential: true), HelpKey("PgUp/PgDn", "scroll")]
        }
        var keys: [HelpKey] = []
        if state.test?.outcome?.diagnosis?.setting != nil { keys.append(HelpKey("f", "fix it", essential: true)) }
        keys += [HelpKey("t", "test", essential: true), HelpKey("m", "send message"), HelpKey("d", "detect")]
        keys.append(HelpKey("Enter", "next", essential: true))
        keys.append(HelpKey("Esc", "back", essential: true))
        if state.pane == .detect, state.detect?.recommendation.isEmpty == false {
            keys.insert(HelpKey("a", "use recommended", essential: true), at: 0)
        }
        if state.detect?.lines != nil { keys.append(HelpKey("Tab", state.pane == .detect ? "transcript" : "detect")) }
        keys.append(HelpKey("PgUp/PgDn", "scroll"))
        return keys
    }
}

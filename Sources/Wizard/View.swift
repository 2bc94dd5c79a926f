import SMTPSettings

/// The screen for this state, at `state.size`.
public func view(_ state: WizardState) -> CellGrid {
    var memo = ViewMemo()
    return view(state, memo: &memo)
}

/// The same screen, rebuilding only what changed since the frame `memo` last
/// saw: what a front end that paints frame after frame calls.
public func view(_ state: WizardState, memo: inout ViewMemo) -> CellGrid {
    var screen = Screen(state)
    // Moved, not copied: a memo held twice would be copied whole at its first change.
    swap(&screen.memo, &memo)
    let grid = screen.render()
    swap(&screen.memo, &memo)
    return grid
}

/// What a step draws between the progress line and the bottom lines.
struct Body {
    var lines: [Line]
    /// Lines that must stay in view when the body is taller than the screen
    /// (the focused field, the acknowledgement).
    var anchor: Range<Int>?
}

/// A key and what it does, for the help line.
struct HelpKey: Equatable {
    var key: String
    var action: String
    /// Kept when the line is short of room; the others give way first.
    var essential: Bool

    init(_ key: String, _ action: String, essential: Bool = false) {
        self.key = key
        self.action = action
        self.essential = essential
    }
}

/// The frame every step shares: progress line and rule on top, the body,
/// then a message line and the help line at the bottom.
struct Screen {
    /// Below this the frame itself does not fit; a plain request to resize is shown instead.
    static let minimum = Size(width: 60, height: 16)

    let state: WizardState
    var canvas: Canvas
    /// Parts of the last frame, with what they were made from (see `view(_:memo:)`).
    var memo = ViewMemo()

    init(_ state: WizardState) {
        self.state = state
        canvas = Canvas(size: state.size, charset: state.charset)
    }

    /// What the progress line is drawn from.
    struct ProgressInputs: Equatable {
        var step: Step
        var furthest: Step
        var width: Int
    }

    /// What the help line is drawn from.
    struct HelpLineInputs: Equatable {
        var keys: [HelpKey]
        var width: Int
    }

    var charset: Charset { state.charset }
    var bodyWidth: Int { canvas.width - 2 }
    var bodyHeight: Int { canvas.height - 4 }

    mutating func render() -> CellGrid {
        if canvas.width >= Self.minimum.width, canvas.height >= Self.minimum.height {
            drawFrame()
        } else {
            drawTooSmall()
        }
        let previous = memo.frame.take()
        let frame = canvas.frame(reusing: previous)
        memo.frame = frame
        return frame.grid
    }

    mutating func drawFrame() {
        let progress = ProgressInputs(step: state.step, furthest: state.furthest, width: canvas.width)
        canvas.draw(memo.remember(progress, \.progress, make: Self.progressLine), row: 0)
        canvas.rule(row: 1)
        if state.help != nil {
            drawBody(HelpScreen.body(state, width: bodyWidth), scroll: state.help?.scroll ?? 0, arrows: true)
        } else {
            // The test step's PgUp/PgDn belong to the transcript; its arrows scroll the step.
            drawBody(body(), scroll: state.scroll, arrows: state.step == .test)
        }
        drawBottom()
    }

    mutating func body() -> Body {
        switch state.step {
        case .welcome: WelcomeScreen.body(state, width: bodyWidth)
        case .provider: ProviderScreen.body(state, width: bodyWidth)
        case .server, .authentication, .sender: FormScreen.body(state, width: bodyWidth, memo: &memo)
        case .test: TestScreen.body(state, width: bodyWidth, height: bodyHeight)
        case .review: ReviewScreen.body(state, width: bodyWidth, height: bodyHeight)
        case .done: DoneScreen.body(state, width: bodyWidth)
        }
    }

    func helpKeys() -> [HelpKey] {
        switch state.prompt {
        case .quit: return [HelpKey("y", "quit without saving", essential: true), HelpKey("n", "stay")]
        case .saveUntested: return [HelpKey("y", "save anyway", essential: true), HelpKey("n", "not now")]
        case .sendTo: return [HelpKey("Enter", "send", essential: true), HelpKey("Esc", "cancel")]
        case .owner: return [HelpKey("Enter", "save", essential: true), HelpKey("Esc", "not now")]
        case .storeURL: return [HelpKey("Enter", "use it", essential: true), HelpKey("Esc", "back to the list")]
        case nil: break
        }
        if state.help != nil {
            return [HelpKey("Esc", "close help", essential: true), HelpKey("PgUp/PgDn", "scroll")]
        }
        let quit = HelpKey("^C", "quit")
        let help = HelpKey("F1", "all keys")
        switch state.step {
        case .welcome where state.needsStoreChoice:
            return [
                HelpKey("Enter", "use this store", essential: true), HelpKey(state.charset.upDown, "choose"),
                HelpKey("o", "another store"), help, quit,
            ]
        case .welcome: return [HelpKey("Enter", "start", essential: true), help, quit]
        case .provider: return ProviderScreen.keys(state) + [help, quit]
        case .server, .authentication, .sender: return FormScreen.keys(state) + [help, quit]
        case .test: return TestScreen.keys(state) + [help, quit]
        case .review: return ReviewScreen.keys(state) + [help, quit]
        case .done:
            let run =
                state.offersAfterSave
                ? state.afterSaveOffer.map { [HelpKey(String($0.key), $0.action, essential: true)] } ?? [] : []
            return run + [help, HelpKey("q", "quit")]
        }
    }

    static func progressLine(_ inputs: ProgressInputs) -> Line {
        var line = Line()
        for step in Step.allCases {
            if step != .welcome { line.append(" > ", .dim) }
            let style: CellGrid.Style = step == inputs.step ? .selected : step <= inputs.furthest ? .normal : .dim
            line.append(step.title, style)
        }
        if line.width > inputs.width {
            line = Line(
                "Step \(inputs.step.rawValue + 1) of \(Step.allCases.count): \(inputs.step.title)", .selected)
        }
        let name = "smtp-setup"
        let gap = inputs.width - line.width - TextWidth.width(name)
        if gap >= 2 {
            line.append(TextWidth.spaces(gap))
            line.append(name, .dim)
        }
        return line
    }

    /// The body from the state's scroll offset; a body taller than the room
    /// gives its last row to a line saying what is above and below.
    mutating func drawBody(_ body: Body, scroll: Int, arrows: Bool) {
        let viewport = Viewport(total: body.lines.count, height: bodyHeight, scroll: scroll)
        for (offset, line) in body.lines.dropFirst(viewport.start).prefix(viewport.rows).enumerated() {
            canvas.draw(line, row: 2 + offset, column: 1, limit: bodyWidth)
        }
        if viewport.overflows {
            canvas.draw(
                viewport.indicator(charset, arrows: arrows), row: 2 + viewport.rows, column: 1, limit: bodyWidth)
        }
    }

    mutating func drawBottom() {
        let help = canvas.height - 1
        var lines: [Line] = []
        switch state.prompt {
        case .quit:
            lines = [Line("Quit without saving? Nothing has been written. y/n", .warning)]
        case .saveUntested(let reason):
            lines = Line.wrapped("\(reason) Save anyway? y/n", .warning, width: bodyWidth)
        case .sendTo(let editor, let problem):
            lines = [fieldLine("Send a test message to: ", editor)]
            if let problem { lines += Line.wrapped(problem, .error, width: bodyWidth) }
        case .owner(let editor, let problem):
            lines = [fieldLine("The application runs as user: ", editor)]
            lines += Line.wrapped(
                problem ?? "Only that user (and root) will be able to read the store.", problem == nil ? .dim : .error,
                width: bodyWidth)
        case .storeURL(let editor, let problem):
            lines = [fieldLine("Store: ", editor)]
            lines += Line.wrapped(
                problem ?? "As --store takes it, like gitlab:/etc/gitlab/gitlab.rb or sqlite:///path/file.sqlite3.",
                problem == nil ? .dim : .error, width: bodyWidth)
        case nil:
            if let notice = state.notice { lines = Line.wrapped(notice.text, notice.style, width: bodyWidth) }
        }
        if state.prompt != nil { canvas.cursor = nil }
        // A message may take a second line, over the bottom of the body; a
        // question's problem or an error, what it needs to be read whole.
        let room = state.prompt != nil || state.notice?.style == .error ? max(2, bodyHeight / 2) : 2
        lines = Array(lines.prefix(room))
        for (offset, line) in lines.enumerated() {
            let row = help - lines.count + offset
            canvas.draw(TextWidth.spaces(canvas.width), row: row)
            canvas.draw(line, row: row, column: 1, limit: bodyWidth)
        }
        let keys = HelpLineInputs(keys: helpKeys(), width: bodyWidth)
        canvas.draw(memo.remember(keys, \.helpLine, make: Self.helpLine), row: help, column: 1, limit: bodyWidth)
    }

    /// A question's one-line field on the bottom line.
    func fieldLine(_ label: String, _ editor: FieldEditor) -> Line {
        let box = max(8, min(40, bodyWidth - TextWidth.width(label) - 2))
        let (text, cursor) = editor.window(width: box)
        var line = Line([Span(label, .title), Span("[", .dim)])
        line.append(text, .focusedField)
        line.append(TextWidth.spaces(box - TextWidth.width(text)), .fieldRoom)
        line.append("]", .dim)
        line.cursor = TextWidth.width(label) + 1 + cursor
        return line
    }

    /// As many keys as fit, in their order: the essential ones (and quitting,
    /// always last) first, then the others while there is room.
    static func helpLine(_ inputs: HelpLineInputs) -> Line {
        var keys = inputs.keys
        let bodyWidth = inputs.width
        guard !keys.isEmpty else { return Line() }
        keys[keys.count - 1].essential = true
        func width(_ key: HelpKey) -> Int { TextWidth.width(key.key) + 1 + TextWidth.width(key.action) + 2 }
        var room = bodyWidth + 2 - keys.filter(\.essential).reduce(0) { $0 + width($1) }
        var keep = keys.map(\.essential)
        // Narrower still: the first essentials give way, quitting never.
        for index in keys.indices.dropLast() where room < 0 && keep[index] {
            keep[index] = false
            room += width(keys[index])
        }
        for (index, key) in keys.enumerated() where !key.essential && width(key) <= room {
            keep[index] = true
            room -= width(key)
        }
        let chosen = keys.indices.filter { keep[$0] }.map { keys[$0] }
        var line = Line()
        for (index, key) in chosen.enumerated() {
            if index > 0 { line.append("  ") }
            line.append(key.key, .key)
            line.append(" " + key.action)
        }
        return line
    }

    mutating func drawTooSmall() {
        let width = canvas.width
        guard width > 0, canvas.height > 0 else { return }
        var text = [
            "Make the window at least \(Self.minimum.width)x\(Self.minimum.height)",
            "(now \(width)x\(canvas.height)).", "",
        ]
        // Keys still work here, so the one question that can be open must be visible.
        text.append(state.prompt == .quit ? "Quit without saving? y/n" : "Ctrl-C to quit")
        var rows: [String] = []
        for paragraph in text { rows += TextWidth.wrap(paragraph, to: max(1, width - 2)) }
        let top = max(0, (canvas.height - rows.count) / 2)
        for (offset, row) in rows.enumerated() {
            let column = max(0, (width - TextWidth.width(row)) / 2)
            canvas.draw(row, offset == 0 ? .warning : .normal, row: top + offset, column: column)
        }
    }
}

import SMTPSettings

/// Which rows of a body taller than its room are on screen. Whatever does
/// not fit stays reachable: the last row then says what lies above and
/// below and which keys scroll, so nothing an admin must read is hidden.
struct Viewport: Equatable {
    /// The first body line shown.
    let start: Int
    /// Body lines shown; one row less than the room when an indicator is needed.
    let rows: Int
    let total: Int

    init(total: Int, height: Int, scroll: Int) {
        self.total = total
        if total <= height {
            start = 0
            rows = total
        } else {
            rows = max(1, height - 1)
            start = min(max(0, scroll), total - rows)
        }
    }

    var overflows: Bool { rows < total }
    var above: Int { start }
    var below: Int { max(0, total - start - rows) }
    /// The furthest a scroll offset can usefully go.
    var maximum: Int { max(0, total - rows) }

    /// The offset that keeps `anchor` in view, moving as little as possible.
    func revealing(_ anchor: Range<Int>) -> Int {
        guard overflows else { return 0 }
        var offset = start
        if anchor.upperBound > offset + rows { offset = anchor.upperBound - rows }
        if anchor.lowerBound < offset { offset = anchor.lowerBound }
        return min(max(0, offset), maximum)
    }

    /// The indicator row: where the rest is and which keys reach it
    /// (`arrows`: the step scrolls with the arrow keys rather than PgUp/PgDn).
    func indicator(_ charset: Charset, arrows: Bool) -> Line {
        let (up, down) = arrows ? (charset.up, charset.down) : ("PgUp", "PgDn")
        let text: String
        switch (above > 0, below > 0) {
        case (true, true): text = "\(above) lines above, \(below) below: \(up)/\(down) scrolls"
        case (false, _): text = "\(below) more lines below: \(down) scrolls"
        case (true, false): text = "\(above) lines above: \(up) scrolls"
        }
        let mark = above > 0 && below > 0 ? charset.upDown : above > 0 ? charset.up : charset.down
        return Line([Span("\(mark) ", .key), Span(text, .dim)])
    }
}

/// How the view answers "what is on screen now", for `update`: scrolling
/// by a page needs the page, and keeping a field in view needs its rows.
struct BodyMetrics {
    let lines: Int
    let height: Int
    let anchor: Range<Int>?

    init(_ state: WizardState) {
        let screen = Screen(state)
        self.init(screen.body(), height: screen.bodyHeight)
    }

    init(_ body: Body, height: Int) {
        lines = body.lines.count
        self.height = height
        anchor = body.anchor
    }

    func viewport(scroll: Int) -> Viewport { Viewport(total: lines, height: height, scroll: scroll) }
}

/// What the screen must keep in view when it changes: a new step starts at
/// its top, a moved focus or a new verdict scrolls just far enough to show it.
struct ViewFocus: Equatable {
    var step: Step
    var focus: SettingKey?
    var providerIndex: Int
    var acknowledged: Bool
    var saving: SaveState
    var testFinished: Bool
    var detectFinished: Bool
    var size: Size

    init(_ state: WizardState) {
        size = state.size
        step = state.step
        focus = state.focus
        providerIndex = state.providerIndex
        acknowledged = state.acknowledged
        saving = state.saving
        testFinished = state.test?.outcome != nil
        detectFinished = state.detect?.lines != nil
    }
}

extension WizardState {
    /// Scrolls the step's body (or the open help) by `lines`; a page is the rows on screen less one.
    mutating func scrollBody(by lines: Int) {
        if help != nil {
            let metrics = HelpScreen.metrics(self)
            let viewport = metrics.viewport(scroll: help?.scroll ?? 0)
            help?.scroll = min(max(0, viewport.start + lines), viewport.maximum)
            return
        }
        let viewport = BodyMetrics(self).viewport(scroll: scroll)
        scroll = min(max(0, viewport.start + lines), viewport.maximum)
    }

    mutating func scrollBody(pages: Int) {
        let metrics = help != nil ? HelpScreen.metrics(self) : BodyMetrics(self)
        let rows = metrics.viewport(scroll: 0).rows
        scrollBody(by: pages * max(1, rows - 1))
    }

    /// Called after every message: keeps what just changed on screen.
    mutating func follow(from before: ViewFocus) {
        let after = ViewFocus(self)
        guard after != before else { return }
        if after.step != before.step { scroll = 0 }
        let metrics = BodyMetrics(self)
        guard let anchor = metrics.anchor else {
            scroll = metrics.viewport(scroll: scroll).start
            return
        }
        // A step opened afresh shows its top, unless what it must show is further down.
        scroll = metrics.viewport(scroll: scroll).revealing(anchor)
    }
}

import SMTPSettings

/// How the view answers "what is on screen now", for `update`: scrolling
/// by a page needs the page, and keeping a field in view needs its rows.
struct BodyMetrics {
    let lines: Int
    let height: Int
    let anchor: Range<Int>?

    init(_ state: WizardState) {
        var screen = Screen(state)
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

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

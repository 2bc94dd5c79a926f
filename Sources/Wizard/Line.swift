/// A run of text in one style.
struct Span: Equatable {
    var text: String
    var style: CellGrid.Style

    init(_ text: String, _ style: CellGrid.Style = .normal) {
        // Measured and drawn as shown: control characters become visible here.
        self.text = TextWidth.printable(text)
        self.style = style
    }
}

/// One row of a screen before it is placed: spans, and where the cursor
/// sits if this row holds the field being edited.
struct Line: Equatable {
    var spans: [Span]
    /// Column of the cursor, counted from the start of the line.
    var cursor: Int?

    init(_ spans: [Span] = [], cursor: Int? = nil) {
        self.spans = spans
        self.cursor = cursor
    }

    init(_ text: String, _ style: CellGrid.Style = .normal) {
        self.init([Span(text, style)])
    }

    static let blank = Line()

    var width: Int { spans.reduce(0) { $0 + TextWidth.width($1.text) } }

    mutating func append(_ text: String, _ style: CellGrid.Style = .normal) {
        spans.append(Span(text, style))
    }

    /// The line padded with spaces to exactly `limit` columns, or cut to
    /// them with an ellipsis, so that another column can follow it.
    func fitted(to limit: Int, ellipsis: String) -> Line {
        guard limit > 0 else { return Line() }
        var result = Line(cursor: cursor.flatMap { $0 < limit ? $0 : nil })
        var used = width
        if used <= limit {
            result.spans = spans
        } else {
            let mark = TextWidth.width(ellipsis) <= limit ? ellipsis : ""
            let room = limit - TextWidth.width(mark)
            used = 0
            var lastStyle = CellGrid.Style.normal
            cutting: for span in spans {
                var text = ""
                lastStyle = span.style
                for character in span.text {
                    let next = TextWidth.width(character)
                    if used + next > room {
                        result.spans.append(Span(text, span.style))
                        break cutting
                    }
                    text.append(character)
                    used += next
                }
                result.spans.append(Span(text, span.style))
            }
            result.spans.append(Span(mark, lastStyle))
            used += TextWidth.width(mark)
        }
        if used < limit { result.append(TextWidth.spaces(limit - used)) }
        return result
    }

    /// Prose wrapped to `limit` columns, each line starting with `indent`
    /// spaces (and the first with `first` instead, when given).
    static func wrapped(
        _ text: String, _ style: CellGrid.Style = .normal, width limit: Int, indent: Int = 0,
        first: Span? = nil
    ) -> [Line] {
        let lead = first.map { TextWidth.width($0.text) } ?? indent
        let rows = TextWidth.wrap(text, to: max(1, limit - max(lead, indent)))
        return rows.enumerated().map { index, row in
            var line = Line()
            if index == 0, let first {
                line.spans.append(first)
                let gap = max(lead, indent) - lead
                if gap > 0 { line.append(TextWidth.spaces(gap)) }
            } else if max(lead, indent) > 0 {
                line.append(TextWidth.spaces(max(lead, indent)))
            }
            line.append(row, style)
            return line
        }
    }

    /// Lines framed by a box `limit` columns wide, with a title in the top edge.
    static func boxed(
        _ inner: [Line], title: String?, width limit: Int, charset: Charset, style: CellGrid.Style = .dim
    ) -> [Line] {
        guard limit >= 4 else { return inner }
        var top = Line([Span(charset.topLeft + charset.horizontal, style)])
        var used = 2
        if let title {
            let text = TextWidth.truncate(" \(title) ", to: limit - 3, ellipsis: charset.ellipsis)
            top.append(text, .title)
            used += TextWidth.width(text)
        }
        top.append(String(repeating: charset.horizontal, count: max(0, limit - used - 1)) + charset.topRight, style)
        var lines = [top]
        for line in inner {
            var row = Line([Span(charset.vertical + " ", style)])
            let body = line.fitted(to: limit - 4, ellipsis: charset.ellipsis)
            row.spans += body.spans
            row.cursor = body.cursor.map { $0 + 2 }
            row.append(" " + charset.vertical, style)
            lines.append(row)
        }
        lines.append(
            Line(
                charset.bottomLeft + String(repeating: charset.horizontal, count: limit - 2) + charset.bottomRight,
                style))
        return lines
    }

    /// Two columns side by side: `left` padded to `leftWidth`, then a gap.
    static func columns(_ left: [Line], leftWidth: Int, gap: Int, _ right: [Line], ellipsis: String) -> [Line] {
        (0..<max(left.count, right.count)).map { index in
            var line = (index < left.count ? left[index] : Line()).fitted(to: leftWidth, ellipsis: ellipsis)
            line.append(TextWidth.spaces(gap))
            if index < right.count {
                let offset = leftWidth + gap
                if let cursor = right[index].cursor { line.cursor = cursor + offset }
                line.spans += right[index].spans
            }
            return line
        }
    }
}

/// Draws lines into a grid, clipped to it: nothing a screen builds can land
/// outside the grid or past the width it was given.
struct Canvas {
    var grid: CellGrid
    let charset: Charset

    init(size: Size, charset: Charset) {
        grid = CellGrid(size: Size(width: max(0, size.width), height: max(0, size.height)))
        self.charset = charset
    }

    var width: Int { grid.size.width }
    var height: Int { grid.size.height }

    /// Draws `line` at `row` from `column`, at most `limit` columns wide,
    /// ending in an ellipsis when it does not fit.
    mutating func draw(_ line: Line, row: Int, column: Int = 0, limit: Int? = nil) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        let room = min(limit ?? width - column, width - column)
        guard room > 0 else { return }
        let fitted = line.width > room ? line.fitted(to: room, ellipsis: charset.ellipsis) : line
        var at = column
        for span in fitted.spans {
            // Most spans are printable ASCII: a cell a byte, with no grapheme breaking to do.
            if TextWidth.printableASCIIWidth(span.text) != nil {
                for byte in span.text.utf8 {
                    if at >= column + room { return }
                    grid[row, at] = CellGrid.Cell(scalar: Unicode.Scalar(byte), span.style)
                    at += 1
                }
                continue
            }
            for character in span.text {
                let cells = TextWidth.width(character)
                if cells == 0 { continue }
                if at + cells > column + room { return }
                let cell = CellGrid.Cell(character, span.style)
                grid[row, at] = cell
                if cells == 2 {
                    // U+FFFD in place of a wide grapheme takes one column: a space keeps what follows in place.
                    grid[row, at + 1] =
                        cell.replaces(character) ? CellGrid.Cell(" ", span.style) : .continuation(span.style)
                }
                at += cells
            }
        }
        if let cursor = line.cursor, cursor < room {
            grid.cursor = Position(row: row, column: column + cursor)
        }
    }

    mutating func draw(_ text: String, _ style: CellGrid.Style = .normal, row: Int, column: Int = 0, limit: Int? = nil)
    {
        draw(Line(text, style), row: row, column: column, limit: limit)
    }

    /// Fills a whole row with one glyph, for rules under headers.
    mutating func rule(row: Int, style: CellGrid.Style = .dim) {
        // Cell by cell: the glyph is one column wide in both charsets, so this is what drawing
        // a line of them gives, without measuring each of them again every frame.
        guard row >= 0, row < height else { return }
        let cell = CellGrid.Cell(charset.horizontal, style)
        for column in 0..<width { grid[row, column] = cell }
    }
}

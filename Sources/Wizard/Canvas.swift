/// Draws lines into a grid, clipped to it: nothing a screen builds can land
/// outside the grid or past the width it was given.
///
/// What is drawn is kept row by row and turned into cells at the end, so a
/// row drawn exactly as in the last frame takes that frame's cells instead
/// of being drawn again (a typed key changes one row or two).
struct Canvas {
    let size: Size
    let charset: Charset
    /// Where the terminal's cursor goes: set by the last line drawn with one.
    var cursor: Position?
    /// By row, and in the order drawn within a row; one list for the frame, not one a row
    /// (a row a frame is an allocation a row).
    private var drawings: [Placed] = []

    /// One call that drew on a row; a row's cells are a function of its calls, in order.
    enum Drawing: Equatable {
        case line(Line, column: Int, room: Int)
        case rule(CellGrid.Style)
    }

    struct Placed: Equatable {
        var row: Int
        var drawing: Drawing
    }

    /// A finished frame and the calls that drew it, for the next frame to reuse rows of.
    struct Frame {
        var grid: CellGrid
        fileprivate var drawings: [Placed]
        fileprivate var charset: Charset
    }

    init(size: Size, charset: Charset) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.charset = charset
        drawings.reserveCapacity(2 * self.size.height)
    }

    var width: Int { size.width }
    var height: Int { size.height }

    /// Draws `line` at `row` from `column`, at most `limit` columns wide,
    /// ending in an ellipsis when it does not fit.
    mutating func draw(_ line: Line, row: Int, column: Int = 0, limit: Int? = nil) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        let room = min(limit ?? width - column, width - column)
        guard room > 0 else { return }
        place(Placed(row: row, drawing: .line(line, column: column, room: room)))
        if let cursor = line.cursor, cursor < room {
            self.cursor = Position(row: row, column: column + cursor)
        }
    }

    mutating func draw(_ text: String, _ style: CellGrid.Style = .normal, row: Int, column: Int = 0, limit: Int? = nil)
    {
        draw(Line(text, style), row: row, column: column, limit: limit)
    }

    /// Fills a whole row with one glyph, for rules under headers.
    mutating func rule(row: Int, style: CellGrid.Style = .dim) {
        guard row >= 0, row < height else { return }
        place(Placed(row: row, drawing: .rule(style)))
    }

    /// After the row's earlier drawings: rows are nearly always drawn top to bottom.
    private mutating func place(_ placed: Placed) {
        var index = drawings.endIndex
        while index > 0, drawings[index - 1].row > placed.row { index -= 1 }
        drawings.insert(placed, at: index)
    }

    /// The drawings on `row`, from a list sorted by row.
    private static func row(_ row: Int, in drawings: [Placed]) -> ArraySlice<Placed> {
        var start = drawings.startIndex
        while start < drawings.endIndex, drawings[start].row < row { start += 1 }
        var end = start
        while end < drawings.endIndex, drawings[end].row == row { end += 1 }
        return drawings[start..<end]
    }

    /// The cells, every row drawn.
    var grid: CellGrid { frame(reusing: nil).grid }

    /// The cells, taking from `previous` each row drawn there by the same calls.
    func frame(reusing previous: Frame?) -> Frame {
        var changed: [Int] = []
        var grid: CellGrid
        if let previous, previous.grid.size == size, previous.charset == charset {
            changed = (0..<height).filter { row in
                !Self.row(row, in: drawings).elementsEqual(Self.row(row, in: previous.drawings))
            }
            // Copied only when a row changed, and in one move.
            grid = changed.isEmpty ? previous.grid : CellGrid(copying: previous.grid)
            for row in changed { grid.clear(row: row) }
        } else {
            grid = CellGrid(size: size)
            changed = Array(0..<height)
        }
        for row in changed {
            for placed in Self.row(row, in: drawings) {
                switch placed.drawing {
                case .line(let line, let column, let room): fill(&grid, line, row: row, column: column, room: room)
                case .rule(let style): fillRule(&grid, style, row: row)
                }
            }
        }
        grid.cursor = cursor
        return Frame(grid: grid, drawings: drawings, charset: charset)
    }

    private func fill(_ grid: inout CellGrid, _ line: Line, row: Int, column: Int, room: Int) {
        let fitted = line.width > room ? line.fitted(to: room, ellipsis: charset.ellipsis) : line
        var at = column
        for span in fitted.spans {
            // Most spans are printable ASCII and the frame's glyphs: a cell a scalar, with no
            // grapheme breaking to do.
            if span.text.unicodeScalars.allSatisfy(TextWidth.isOwnColumn) {
                for scalar in span.text.unicodeScalars {
                    if at >= column + room { return }
                    grid[row, at] = CellGrid.Cell(scalar: scalar, span.style)
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
    }

    private func fillRule(_ grid: inout CellGrid, _ style: CellGrid.Style, row: Int) {
        // Cell by cell: the glyph is one column wide in both charsets, so this is what drawing
        // a line of them gives, without measuring each of them again every frame.
        let cell = CellGrid.Cell(charset.horizontal, style)
        for column in 0..<width { grid[row, column] = cell }
    }
}

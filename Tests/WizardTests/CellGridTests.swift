import Testing

@testable import Wizard

@Test func gridStartsBlank() {
    let grid = CellGrid(size: Size(width: 3, height: 2))
    #expect(grid.text == "\n")
}

/// The terminal skips the rows this says did not change: a change in any
/// cell (its text or only its style) must show, and only in its own row.
@Test func sameRowSeesEveryChangeInItsRowOnly() {
    let before = CellGrid(size: Size(width: 4, height: 3))
    var text = before
    text[1, 3] = CellGrid.Cell("x")
    var style = before
    style[2, 0] = CellGrid.Cell(" ", .selected)
    #expect((0..<3).map { before.sameRow($0, as: before) } == [true, true, true])
    #expect((0..<3).map { text.sameRow($0, as: before) } == [true, false, true])
    #expect((0..<3).map { style.sameRow($0, as: before) } == [true, true, false])
    #expect(!before.sameRow(0, as: CellGrid(size: Size(width: 5, height: 3))))
    #expect(!before.sameRow(3, as: before))
}

/// A cell keeps its text as a number; every grapheme must still come back
/// scalar for scalar, whatever it is made of.
@Test func cellsGiveBackTheirTextScalarForScalar() {
    let texts = [
        " ", "x", "é", "e\u{301}", "\u{1F600}", "\u{1F44D}\u{1F3FD}", "\u{1F1E9}\u{1F1EA}",
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "中", "",
    ]
    for text in texts {
        let cell = CellGrid.Cell(text, .field)
        #expect(Array(cell.text.unicodeScalars) == Array(text.unicodeScalars))
        #expect(cell.style == .field)
        #expect(cell == CellGrid.Cell(text, .field))
        #expect(cell != CellGrid.Cell(text, .normal))
        #expect(cell.scalar == (text.unicodeScalars.count == 1 ? text.unicodeScalars.first : nil))
        if let character = text.first { #expect(CellGrid.Cell(character, .field) == cell) }
    }
    // Canonically equivalent spellings paint different bytes: they are different cells.
    #expect(CellGrid.Cell("é") != CellGrid.Cell("e\u{301}"))
    #expect(CellGrid.Cell("e\u{301}") != CellGrid.Cell("a\u{301}"))
    #expect(CellGrid.Cell("") == .continuation() && CellGrid.Cell("").isContinuation)
    #expect(!CellGrid.Cell(" ").isContinuation)
}

/// Wide characters, combining marks and emoji drawn through the canvas read
/// back as drawn, each in the columns it takes.
@Test func canvasKeepsMultiScalarGraphemesWhole() {
    var canvas = Canvas(size: Size(width: 12, height: 1), charset: .unicode)
    canvas.draw("ae\u{301}中\u{1F44D}\u{1F3FD}\u{1F1E9}\u{1F1EA}z", row: 0)
    let grid = canvas.grid
    #expect(Array(grid.text.unicodeScalars) == Array("ae\u{301}中\u{1F44D}\u{1F3FD}\u{1F1E9}\u{1F1EA}z".unicodeScalars))
    #expect(grid[0, 1].text == "e\u{301}" && grid[0, 1].scalar == nil)
    #expect(grid[0, 2].scalar == "中" && grid[0, 3].isContinuation)
    #expect(grid[0, 4].text == "\u{1F44D}\u{1F3FD}" && grid[0, 5].isContinuation)
}

/// Graphemes of several scalars are kept for the life of the process, so
/// their number is bounded: once the table is full, a new one shows U+FFFD
/// (only text made to fill it gets there) and those kept still read back.
/// A table of its own: the process's is shared with the other tests.
@Test func graphemesPastTheTablesCapacityShowAReplacementCharacter() {
    let table = GraphemeTable(capacity: 3)
    let kept = ["e\u{301}", "\u{1F44D}\u{1F3FD}", "a\u{302}\u{303}"]
    let cells = kept.map { CellGrid.Cell($0, .normal, table: table) }
    let full = CellGrid.Cell("q\u{304}", .normal, table: table)
    #expect(full.text == "\u{FFFD}" && full.scalar == "\u{FFFD}")
    // A grapheme already kept still gets its number, full or not.
    #expect(CellGrid.Cell("e\u{301}", .normal, table: table) == cells[0])
    #expect(cells.allSatisfy { $0.tableNumber != nil })
    for (cell, text) in zip(cells, kept) {
        #expect(Array(table.text(cell.tableNumber ?? 0).unicodeScalars) == Array(text.unicodeScalars))
    }
}

/// A grapheme of more scalars than any text means (marks piled up to fill
/// the table) shows U+FFFD and is not kept; in place of a wide one, a space
/// keeps the columns after it where they belong.
@Test func aGraphemeOfDozensOfMarksShowsAReplacementCharacter() {
    let piled = "中" + String(repeating: "\u{301}", count: 40)
    #expect(CellGrid.Cell(piled).text == "\u{FFFD}")
    #expect(CellGrid.Cell(piled).tableNumber == nil)
    var canvas = Canvas(size: Size(width: 6, height: 1), charset: .unicode)
    canvas.draw(piled + "z", row: 0)
    let grid = canvas.grid
    #expect(grid[0, 0].text == "\u{FFFD}" && !grid[0, 1].isContinuation && grid[0, 1].text == " ")
    #expect(grid[0, 2].text == "z")
}

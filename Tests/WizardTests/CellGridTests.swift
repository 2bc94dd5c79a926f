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

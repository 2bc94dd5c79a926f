import Testing

@testable import Wizard

@Test func gridStartsBlank() {
    let grid = CellGrid(size: Size(width: 3, height: 2))
    #expect(grid.text == "\n")
}

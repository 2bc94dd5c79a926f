/// The screen as the wizard draws it: a grid of cells that the terminal
/// layer paints and the tests read as text.
public struct CellGrid: Equatable, Sendable {
    /// Meaning, not colour: the terminal decides how each looks, and a
    /// monochrome terminal still tells them apart (bold, reverse, underline).
    public enum Style: UInt8, Equatable, Sendable, CaseIterable {
        case normal
        case title
        case dim
        case selected
        case field
        /// The text of the field being typed into. Terminals show it plain:
        /// then echoing a typed key costs the character alone, with no
        /// attribute switched on and off around it.
        case focusedField
        /// The empty room left in the field being typed into (where typing goes).
        case fieldRoom
        case error
        case warning
        case success
        case key
    }

    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal should put its cursor (the insertion point of the
    /// field being edited); nil hides it.
    public var cursor: Position?

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: Cell(), count: max(0, size.width) * max(0, size.height))
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * size.width + column] }
        set {
            guard row >= 0, row < size.height, column >= 0, column < size.width else { return }
            cells[row * size.width + column] = newValue
        }
    }

    /// A copy with storage of its own, made in one move: the first change to
    /// a grid that shares its storage would copy it cell by cell.
    init(copying other: CellGrid) {
        size = other.size
        cursor = other.cursor
        cells = other.cells.withUnsafeBufferPointer { source in
            Array(unsafeUninitializedCapacity: source.count) { buffer, count in
                if let from = source.baseAddress, let to = buffer.baseAddress {
                    to.initialize(from: from, count: source.count)
                }
                count = source.count
            }
        }
    }

    /// Blanks `row`, as a new grid has it.
    mutating func clear(row: Int) {
        guard row >= 0, row < size.height else { return }
        let start = row * size.width
        let width = size.width
        cells.withUnsafeMutableBufferPointer { cells in
            UnsafeMutableBufferPointer(rebasing: cells[start..<start + width]).update(repeating: Cell())
        }
    }

    /// Whether `row` holds the same cells in both grids (of the same width):
    /// the terminal skips a row that did not change without looking at each cell.
    public func sameRow(_ row: Int, as other: CellGrid) -> Bool {
        guard size.width == other.size.width, row >= 0, row < size.height, row < other.size.height else {
            return false
        }
        let start = row * size.width
        // Cells are one word each: a row compares as a run of integers.
        return cells.withUnsafeBufferPointer { mine in
            other.cells.withUnsafeBufferPointer { theirs in
                // No early exit: a loop without one is done several cells an instruction.
                var difference: UInt64 = 0
                for index in start..<start + size.width { difference |= mine[index].word ^ theirs[index].word }
                return difference == 0
            }
        }
    }

    /// The rows as plain text with trailing spaces trimmed: what golden tests compare.
    public var text: String {
        (0..<size.height).map { row in
            var line = ""
            for column in 0..<size.width {
                let cell = self[row, column]
                if let scalar = cell.scalar { line.unicodeScalars.append(scalar) } else { line += cell.text }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

/// A cell on the grid, counted from the top left, zero-based.
public struct Position: Equatable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

public struct Size: Equatable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public static let standard = Size(width: 80, height: 24)
}

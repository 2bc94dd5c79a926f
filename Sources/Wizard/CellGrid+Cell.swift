extension CellGrid {
    /// One column of the screen. Trivially copyable (a number and a style):
    /// a frame is built, compared with the last one and freed on every typed
    /// key, so a cell must cost no allocation, no reference counting and no
    /// string comparison. Almost every cell holds one Unicode scalar, kept
    /// inline; the rare grapheme of several scalars (a combining mark, most
    /// emoji) is kept once in `GraphemeTable` and the cell holds its number
    /// (U+FFFD once the table is full).
    public struct Cell: Equatable, Sendable {
        /// The code in the low 32 bits, the style above: one word, with no
        /// padding, so cells and whole rows compare as integers.
        private var bits: UInt64

        /// A scalar's value, `Self.empty`, or `Self.firstInterned` plus a
        /// `GraphemeTable` number. Equal text gives equal codes (scalar by
        /// scalar), so comparing codes is comparing texts.
        private var code: UInt32 {
            get { UInt32(truncatingIfNeeded: bits) }
            set { bits = bits & ~0xFFFF_FFFF | UInt64(newValue) }
        }

        public var style: Style {
            get { Style(rawValue: UInt8(truncatingIfNeeded: bits >> 32)) ?? .normal }
            set { bits = UInt64(newValue.rawValue) << 32 | UInt64(code) }
        }

        /// Code and style as one number: equal cells, equal words.
        var word: UInt64 { bits }

        private init(code: UInt32, style: Style) {
            bits = UInt64(style.rawValue) << 32 | UInt64(code)
        }

        /// The second column of a wide character.
        private static let empty: UInt32 = 0x11_0000
        private static let firstInterned: UInt32 = 0x11_0001
        /// What a grapheme not kept shows (U+FFFD), and the most scalars one kept may have.
        static let replacement: UInt32 = 0xFFFD
        static let longestKept = 32

        public init(_ text: String = " ", _ style: Style = .normal) {
            self.init(text, style, table: .shared)
        }

        /// With graphemes kept in `table`: the tests' own small one.
        init(_ text: String, _ style: Style, table: GraphemeTable) {
            self.init(code: Self.code(of: text.unicodeScalars, in: table), style: style)
        }

        public init(_ character: Character, _ style: Style = .normal) {
            self.init(code: Self.code(of: character.unicodeScalars), style: style)
        }

        public init(scalar: Unicode.Scalar, _ style: Style = .normal) {
            self.init(code: scalar.value, style: style)
        }

        /// The second column of a wide character: it holds "".
        public static func continuation(_ style: Style = .normal) -> Cell {
            var cell = Cell(scalar: " ", style)
            cell.code = empty
            return cell
        }

        /// One column's worth of text; a wide character's second column holds "".
        public var text: String {
            get {
                if let scalar { return String(scalar) }
                if code == Self.empty { return "" }
                return GraphemeTable.shared.text(Int(code - Self.firstInterned))
            }
            set { code = Self.code(of: newValue.unicodeScalars) }
        }

        /// The text when it is one scalar (nearly always): read without building a string.
        public var scalar: Unicode.Scalar? { code < Self.empty ? Unicode.Scalar(code) : nil }

        /// Its number in the grapheme table, when it holds a grapheme of several scalars.
        var tableNumber: Int? { code >= Self.firstInterned ? Int(code - Self.firstInterned) : nil }

        /// Whether this holds U+FFFD for a grapheme of several scalars that was not kept.
        func replaces(_ character: Character) -> Bool {
            code == Self.replacement && character.unicodeScalars.count > 1
        }

        /// Whether this is the second column of a wide character.
        public var isContinuation: Bool { code == Self.empty }

        private static func code(of scalars: String.UnicodeScalarView, in table: GraphemeTable = .shared) -> UInt32 {
            var index = scalars.startIndex
            guard index != scalars.endIndex else { return empty }
            let first = scalars[index]
            scalars.formIndex(after: &index)
            if index == scalars.endIndex { return first.value }
            // A grapheme of dozens of marks is made to fill the table, not to be read.
            guard scalars.count <= Self.longestKept, let number = table.number(of: Array(scalars)) else {
                return Self.replacement
            }
            return firstInterned + UInt32(number)
        }
    }
}

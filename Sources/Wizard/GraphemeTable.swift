import Synchronization

/// The graphemes of more than one scalar that cells have held, each kept
/// once for the life of the process and known by its number. Cells then
/// stay a number wide and compare by number, yet any grapheme still paints
/// exactly as given. The few a wizard shows (combining marks, emoji in a
/// server's reply) keep this small; past `capacity` (only text made to fill
/// it, say a hostile server's replies, gets there) a new one is not kept and
/// its cell shows U+FFFD. Keyed by scalars, not by `String`, whose equality
/// would merge canonically equivalent spellings and so change what a cell
/// paints.
final class GraphemeTable: Sendable {
    static let shared = GraphemeTable(capacity: 4096)
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    private struct Entries {
        var numbers: [[Unicode.Scalar]: Int] = [:]
        var texts: [String] = []
    }

    private let entries = Mutex(Entries())

    /// The number of `scalars`, or nil when the table is full and does not hold them.
    func number(of scalars: [Unicode.Scalar]) -> Int? {
        entries.withLock { entries in
            if let number = entries.numbers[scalars] { return number }
            guard entries.texts.count < capacity else { return nil }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            entries.texts.append(text)
            entries.numbers[scalars] = entries.texts.count - 1
            return entries.texts.count - 1
        }
    }

    func text(_ number: Int) -> String {
        entries.withLock { $0.texts[number] }
    }
}

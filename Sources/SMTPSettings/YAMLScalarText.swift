import Yams

/// A scalar's text exactly as libyaml read it. Yams turns each scalar into
/// a String through Foundation, which drops a leading U+FEFF as if it were
/// a byte-order mark; Psych keeps it, and a password may begin with one.
/// Where the scalar's first character is one, or an escape that could be,
/// the document is read again with a letter put in front of that character,
/// and the letter is taken off again.
enum YAMLScalarText {
    static func text(of scalar: Node.Scalar, in document: String) -> String {
        guard scalar.style != .literal, scalar.style != .folded, let mark = scalar.mark else { return scalar.string }
        var scalars = document.unicodeScalars
        guard var first = index(of: mark, in: scalars) else { return scalar.string }
        // The mark is at the scalar's tag or anchor if it has them, then at its opening quote.
        let blank: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"]
        while first < scalars.endIndex, ["!", "&"].contains(scalars[first]) {
            first = scalars[first...].firstIndex { blank.contains($0) } ?? scalars.endIndex
            first = scalars[first...].firstIndex { !blank.contains($0) } ?? scalars.endIndex
        }
        if scalar.style != .plain {
            guard first < scalars.endIndex, ["\"", "'"].contains(scalars[first]) else { return scalar.string }
            first = scalars.index(after: first)
        }
        guard first < scalars.endIndex, ["\u{FEFF}", "\\"].contains(scalars[first]) else { return scalar.string }
        scalars.insert("x", at: first)
        guard let probe = try? Yams.compose(yaml: String(scalars)), let marked = Self.scalar(at: mark, in: probe),
            marked.string.unicodeScalars.first == "x"
        else { return scalar.string }
        let restored = String(marked.string.unicodeScalars.dropFirst())
        // Anything but the one lost character means the probe read something else: keep Yams' text.
        return restored.unicodeScalars.elementsEqual(("\u{FEFF}" + scalar.string).unicodeScalars)
            ? restored : scalar.string
    }

    /// libyaml's marks count Unicode scalars from 0 on each line, after a
    /// leading byte-order mark; Yams adds 1 to both.
    static func index(of mark: Mark, in scalars: String.UnicodeScalarView) -> String.UnicodeScalarView.Index? {
        var (line, column) = (1, 1)
        var index = scalars.startIndex
        if scalars.first == "\u{FEFF}" { index = scalars.index(after: index) }
        while index < scalars.endIndex {
            if line == mark.line && column == mark.column { return index }
            let scalar = scalars[index]
            index = scalars.index(after: index)
            switch scalar {
            case "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}":
                if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                    index = scalars.index(after: index)
                }
                (line, column) = (line + 1, 1)
            default:
                column += 1
            }
        }
        return nil
    }

    static func scalar(at mark: Mark, in node: Node) -> Node.Scalar? {
        switch node {
        case .scalar(let scalar):
            return scalar.mark?.line == mark.line && scalar.mark?.column == mark.column ? scalar : nil
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let found = scalar(at: mark, in: key) ?? scalar(at: mark, in: value) { return found }
            }
            return nil
        case .sequence(let sequence):
            return sequence.lazy.compactMap { scalar(at: mark, in: $0) }.first
        case .alias:
            return nil
        }
    }
}

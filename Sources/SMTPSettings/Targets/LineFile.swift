/// A text file as lines, each with its own line ending, so that edits to
/// some lines give back every other byte as it was (CRLF, a missing final
/// newline, trailing spaces).
struct LineFile {
    struct Line {
        var content: String
        /// "\n", "\r\n", or "" for a last line without one.
        var ending: String
    }

    private(set) var lines: [Line]

    /// The ending new lines get: the file's own first one.
    let newline: String

    init(_ text: String) {
        var lines: [Line] = []
        var current = String.UnicodeScalarView()
        // Scalars, not Characters: Swift reads "\r\n" as one Character.
        for scalar in text.unicodeScalars {
            guard scalar == "\n" else {
                current.append(scalar)
                continue
            }
            if current.last == "\r" {
                current.removeLast()
                lines.append(Line(content: String(current), ending: "\r\n"))
            } else {
                lines.append(Line(content: String(current), ending: "\n"))
            }
            current = String.UnicodeScalarView()
        }
        if !current.isEmpty { lines.append(Line(content: String(current), ending: "")) }
        self.lines = lines
        newline = lines.first { !$0.ending.isEmpty }?.ending ?? "\n"
    }

    var count: Int { lines.count }

    subscript(index: Int) -> String { lines[index].content }

    /// The leading spaces and tabs of a line.
    static func indentation(of line: String) -> String {
        String(line.prefix { $0 == " " || $0 == "\t" })
    }

    /// A line with nothing but spaces and tabs.
    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// The text with `edits` applied; each replaces a range of lines
    /// (empty for an insertion) with new lines. Ranges must not overlap.
    func applying(_ edits: [LineEdit]) -> String {
        var result = lines
        // From the end, so earlier ranges keep their indices; insertions at
        // one point keep the order they were given in.
        let ordered = edits.enumerated().sorted {
            ($0.element.lines.lowerBound, $0.offset) > ($1.element.lines.lowerBound, $1.offset)
        }
        for (_, edit) in ordered {
            result.replaceSubrange(
                edit.lines, with: edit.replacement.map { Line(content: $0, ending: newline) })
        }
        // A last line without a newline that now has lines after it gets one.
        for index in result.indices.dropLast() where result[index].ending.isEmpty {
            result[index].ending = newline
        }
        return result.map { $0.content + $0.ending }.joined()
    }
}

/// Lines `lines` of a file replaced by `replacement` (no line endings).
struct LineEdit: Equatable {
    var lines: Range<Int>
    var replacement: [String]
}

/// Where one key of a line-based config file is, and what to do with it:
/// the shared rule of the Discourse and GitLab formats.
struct KeyedLines {
    /// The lines of each place the key is set; the application reads the last.
    var active: [Range<Int>]
    /// A commented-out example of the key, as the shipped file has them.
    var template: Int?

    /// The edits that make the file set the key, or not set it (nil): the
    /// last setting replaced in place by `replacing` and earlier ones
    /// removed, else `inserting` put right after the template, else `append`.
    func edits(
        replacing: String?, inserting: String?, in file: LineFile, append: (String) -> Void
    ) -> [LineEdit] {
        guard let last = active.last else {
            guard let inserting else { return [] }
            if let template { return [LineEdit(lines: template + 1..<template + 1, replacement: [inserting])] }
            append(inserting)
            return []
        }
        var edits = active.dropLast().map { LineEdit(lines: $0, replacement: []) }
        let unchanged = last.count == 1 && replacing.map { file[last.lowerBound] == $0 } == true
        if !unchanged { edits.append(LineEdit(lines: last, replacement: replacing.map { [$0] } ?? [])) }
        return edits
    }
}

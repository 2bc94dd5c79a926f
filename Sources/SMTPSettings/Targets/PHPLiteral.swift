/// The PHP literals Nextcloud's `config.php` holds (what `var_export`
/// writes, and what people write by hand), read as PHP reads them.
indirect enum PHPLiteral: Equatable, Sendable {
    case string(String)
    case integer(Int)
    /// A float or another number, as written.
    case number(String)
    case bool(Bool)
    case null
    case array([Item])

    struct Item: Equatable, Sendable {
        /// nil for a value without `key =>`.
        var key: PHPLiteral?
        var value: PHPLiteral
    }

    /// The source text: strings single-quoted, where only `\\` and `\'`
    /// are escapes and nothing is interpolated.
    var source: String {
        switch self {
        case .string(let text):
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .integer(let number): String(number)
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array(let items):
            "array ("
                + items.map { ($0.key.map { $0.source + " => " } ?? "") + $0.value.source }
                .joined(separator: ", ") + ")"
        }
    }

    /// The value as the setting's text (PHP's string conversion); nil for null and arrays.
    var text: String? {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .number(let text): text
        case .bool(let flag): flag ? "1" : ""
        case .null, .array: nil
        }
    }

    /// The value of `key` in an array.
    subscript(key: String) -> PHPLiteral? {
        guard case .array(let items) = self else { return nil }
        return items.last { $0.key == .string(key) }?.value
    }
}

/// Reads PHP literals from source, skipping blanks and comments.
struct PHPScanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ source: String) { scalars = Array(source.unicodeScalars) }

    var atEnd: Bool { index >= scalars.count }
    var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    /// The number of line breaks before the current position.
    var linesConsumed: Int { scalars[..<min(index, scalars.count)].filter { $0 == "\n" }.count }

    mutating func skipBlanks() {
        while let scalar = current {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                index += 1
            } else if scalar == "#" || (scalar == "/" && peek(1) == "/") {
                while let next = current, next != "\n" { index += 1 }
            } else if scalar == "/" && peek(1) == "*" {
                index += 2
                while !atEnd && !(current == "*" && peek(1) == "/") { index += 1 }
                index = min(index + 2, scalars.count)
            } else {
                return
            }
        }
    }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func take(_ text: String) -> Bool {
        let expected = Array(text.unicodeScalars)
        guard index + expected.count <= scalars.count else { return false }
        let found = scalars[index..<index + expected.count].map { String($0).lowercased() }
        guard found == expected.map({ String($0).lowercased() }) else { return false }
        index += expected.count
        return true
    }

    /// The literal here; nil when it is PHP code rather than a literal.
    mutating func literal(depth: Int = 0) -> PHPLiteral? {
        skipBlanks()
        guard let first = current, depth < 50 else { return nil }
        switch first {
        case "'": return singleQuoted()
        case "\"": return doubleQuoted()
        case "[":
            index += 1
            return items(closing: "]", depth: depth)
        default:
            if take("array") {
                skipBlanks()
                guard current == "(" else { return nil }
                index += 1
                return items(closing: ")", depth: depth)
            }
            let word = wordHere()
            switch word.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                if let number = Int(word) { return .integer(number) }
                return word.range(of: #"^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
                    ? .number(word) : nil
            }
        }
    }

    mutating func wordHere() -> String {
        var word = String.UnicodeScalarView()
        while let scalar = current,
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_+-.".unicodeScalars.contains(scalar)
        {
            word.append(scalar)
            index += 1
        }
        return String(word)
    }

    mutating func items(closing: Unicode.Scalar, depth: Int) -> PHPLiteral? {
        var items: [PHPLiteral.Item] = []
        while true {
            skipBlanks()
            if current == closing {
                index += 1
                return .array(items)
            }
            guard let first = literal(depth: depth + 1) else { return nil }
            skipBlanks()
            if take("=>") {
                guard let value = literal(depth: depth + 1) else { return nil }
                items.append(PHPLiteral.Item(key: first, value: value))
            } else {
                items.append(PHPLiteral.Item(key: nil, value: first))
            }
            skipBlanks()
            if current == "," {
                index += 1
            } else if current != closing {
                return nil
            }
        }
    }

    mutating func singleQuoted() -> PHPLiteral? {
        index += 1
        var text = String.UnicodeScalarView()
        while let scalar = current {
            index += 1
            if scalar == "'" { return .string(String(text)) }
            if scalar == "\\", let next = current, next == "\\" || next == "'" {
                text.append(next)
                index += 1
                continue
            }
            text.append(scalar)
        }
        return nil
    }

    /// A double-quoted string without `$` (interpolation) and with the
    /// simple escapes; anything else is code this tool does not evaluate.
    mutating func doubleQuoted() -> PHPLiteral? {
        index += 1
        var text = String.UnicodeScalarView()
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "n": "\n", "t": "\t", "r": "\r", "v": "\u{0B}", "e": "\u{1B}", "f": "\u{0C}", "\\": "\\", "$": "$",
            "\"": "\"",
        ]
        while let scalar = current {
            index += 1
            switch scalar {
            case "\"": return .string(String(text))
            case "$": return nil
            case "\\":
                guard let next = current else { return nil }
                if let meaning = simple[next] {
                    text.append(meaning)
                    index += 1
                } else if next == "u" || next == "x" || ("0"..."7").contains(next) {
                    return nil
                } else {
                    text.append(scalar)
                }
            default: text.append(scalar)
            }
        }
        return nil
    }
}

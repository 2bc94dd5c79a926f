/// Strict JSON (what `JSON.parse` accepts), parsed with the byte span of
/// every value, so one member's value can be replaced and every other byte
/// of the file kept.
struct JSONNode {
    indirect enum Value {
        case object([Member])
        case array([JSONNode])
        case string(String)
        /// The number as written.
        case number(String)
        case bool(Bool)
        case null
    }

    struct Member {
        var key: String
        /// From the key's opening quote.
        var keyStart: Int
        var node: JSONNode
    }

    var value: Value
    /// UTF-8 offsets in the text.
    var span: Range<Int>

    /// The value of the last member named `key` (what `JSON.parse` keeps).
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.node
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    /// `dotNet`: comments and one trailing comma allowed, as .NET's
    /// configuration reads JSON (JsonDocument with CommentHandling.Skip
    /// and AllowTrailingCommas).
    static func parse(_ text: String, dotNet: Bool = false) throws(ConfigFileError) -> JSONNode {
        var parser = JSONSpanParser(bytes: Array(text.utf8), dotNet: dotNet)
        parser.skipBlanks()
        let root = try parser.value(depth: 0)
        parser.skipBlanks()
        guard !parser.unclosedComment else { throw parser.failure("has a /* comment that is never closed") }
        guard parser.index == parser.bytes.count else { throw parser.failure("has text after the JSON's end") }
        return root
    }
}

struct JSONSpanParser {
    let bytes: [UInt8]
    var dotNet = false
    var index = 0
    var unclosedComment = false

    /// The file's line at the current position, for the admin.
    func failure(_ what: String) -> ConfigFileError {
        let line = bytes[..<min(index, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return ConfigFileError(
            line: line, "\(what): it is not valid JSON.",
            fix: "Correct the file (the application would refuse it too), then try again.")
    }

    mutating func skipBlanks() {
        while index < bytes.count {
            if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                index += 1
            } else if dotNet, bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: "/")
            {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if dotNet, bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: "*")
            {
                index += 2
                while index + 1 < bytes.count,
                    !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/"))
                {
                    index += 1
                }
                unclosedComment = index + 1 >= bytes.count
                index = min(index + 2, bytes.count)
            } else {
                return
            }
        }
    }

    /// After a comma: whether `close` ends the list here (a trailing comma).
    mutating func trailingComma(before close: UInt8) -> Bool {
        skipBlanks()
        guard dotNet, index < bytes.count, bytes[index] == close else { return false }
        index += 1
        return true
    }

    mutating func expect(_ byte: UInt8) throws(ConfigFileError) {
        guard index < bytes.count, bytes[index] == byte else {
            throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    mutating func value(depth: Int) throws(ConfigFileError) -> JSONNode {
        guard depth < 200 else { throw failure("nests too deeply") }
        guard index < bytes.count else { throw failure("ends too early") }
        let start = index
        let value: JSONNode.Value
        switch bytes[index] {
        case UInt8(ascii: "{"): value = try object(depth: depth)
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONNode] = []
            skipBlanks()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    skipBlanks()
                    items.append(try self.value(depth: depth + 1))
                    skipBlanks()
                    if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        if trailingComma(before: UInt8(ascii: "]")) { break }
                        continue
                    }
                    try expect(UInt8(ascii: "]"))
                    break
                }
            }
            value = .array(items)
        case UInt8(ascii: "\""): value = .string(try string())
        case UInt8(ascii: "t"): value = try word("true", .bool(true))
        case UInt8(ascii: "f"): value = try word("false", .bool(false))
        case UInt8(ascii: "n"): value = try word("null", .null)
        default: value = .number(try number())
        }
        return JSONNode(value: value, span: start..<index)
    }

    mutating func object(depth: Int) throws(ConfigFileError) -> JSONNode.Value {
        index += 1
        var members: [JSONNode.Member] = []
        skipBlanks()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipBlanks()
            let keyStart = index
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let key = try string()
            skipBlanks()
            try expect(UInt8(ascii: ":"))
            skipBlanks()
            members.append(JSONNode.Member(key: key, keyStart: keyStart, node: try value(depth: depth + 1)))
            skipBlanks()
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                index += 1
                if trailingComma(before: UInt8(ascii: "}")) { return .object(members) }
                continue
            }
            try expect(UInt8(ascii: "}"))
            return .object(members)
        }
    }

    mutating func word(_ text: String, _ value: JSONNode.Value) throws(ConfigFileError) -> JSONNode.Value {
        let expected = Array(text.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw failure("has an unknown word")
        }
        index += expected.count
        return value
    }

    mutating func number() throws(ConfigFileError) -> String {
        let start = index
        let allowed = Set("0123456789+-.eE".utf8)
        while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let pattern = #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#
        guard text.range(of: pattern, options: .regularExpression) != nil else {
            index = start
            throw failure("has an unexpected character")
        }
        return text
    }

    mutating func string() throws(ConfigFileError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run = index
        func flush(_ end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw failure("has a control character inside a string") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            flush(index)
            index += 1
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escaped))
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var unit = try hex4()
                if (0xD800..<0xDC00).contains(unit), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    index += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index -= 6
                    }
                }
                // A lone surrogate becomes U+FFFD, as a JavaScript string turns into UTF-8.
                scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
            default: throw failure("has an unknown escape in a string")
            }
            run = index
        }
        throw failure("has a string without its closing quote")
    }

    mutating func hex4() throws(ConfigFileError) -> UInt32 {
        guard bytes.count - index >= 4,
            let unit = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw failure("has a bad \\u escape") }
        index += 4
        return unit
    }
}

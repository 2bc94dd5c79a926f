import Foundation

/// One element of an XML file and where its bytes are.
struct XMLElementSpan {
    var name: String
    /// Attribute values as an XML parser hands them over.
    var attributes: [String: String]
    var children: [XMLElementSpan]
    /// From its `<` to after its end tag (or `/>`).
    var start: Int
    var end: Int
    /// Where `</name>` starts; nil for `<name />`.
    var closeStart: Int?
}

/// Just enough of XML 1.0 to find elements and their attributes in a
/// config file: comments, processing instructions, CDATA and a DOCTYPE
/// without an internal subset are skipped.
struct XMLScanner {
    let bytes: [UInt8]
    var index = 0

    func failure(_ what: String) -> ConfigFileError {
        let line = bytes[..<min(index, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return ConfigFileError(
            line: line, "\(what): it is not well-formed XML.",
            fix: "Correct the file (IIS would refuse it too), then try again.")
    }

    func starts(with text: String) -> Bool {
        let expected = Array(text.utf8)
        return bytes.count - index >= expected.count && Array(bytes[index..<index + expected.count]) == expected
    }

    mutating func skip(past end: String) throws(ConfigFileError) {
        let expected = Array(end.utf8)
        while index < bytes.count {
            if starts(with: end) {
                index += expected.count
                return
            }
            index += 1
        }
        throw failure("has an unclosed '\(end)'")
    }

    /// Skips what is not an element; true when `index` is at `<` of a tag.
    mutating func skipMisc() throws(ConfigFileError) {
        while index < bytes.count {
            if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                try skip(past: "]]>")
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!") {
                try skip(past: ">")
            } else if bytes[index] == UInt8(ascii: "<") {
                return
            } else {
                index += 1
            }
        }
    }

    mutating func document() throws(ConfigFileError) -> XMLElementSpan? {
        try skipMisc()
        guard index < bytes.count else { return nil }
        return try element(depth: 0)
    }

    static let nameEnd = Set(" \t\r\n/>=".utf8)

    mutating func name() throws(ConfigFileError) -> String {
        let start = index
        while index < bytes.count, !Self.nameEnd.contains(bytes[index]) { index += 1 }
        guard index > start else { throw failure("has a tag without a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func skipSpaces() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func element(depth: Int) throws(ConfigFileError) -> XMLElementSpan {
        guard depth < 200 else { throw failure("nests too deeply") }
        let start = index
        index += 1
        var element = XMLElementSpan(
            name: try name(), attributes: [:], children: [], start: start, end: start, closeStart: nil)
        while true {
            skipSpaces()
            guard index < bytes.count else { throw failure("ends inside <\(element.name)>") }
            if starts(with: "/>") {
                index += 2
                element.end = index
                return element
            }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            let attribute = try name()
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw failure("expected '='") }
            index += 1
            skipSpaces()
            guard element.attributes[attribute] == nil else { throw failure("has \(attribute) twice") }
            element.attributes[attribute] = try attributeValue()
        }
        while true {
            try skipMisc()
            guard index < bytes.count else { throw failure("never closes <\(element.name)>") }
            if starts(with: "</") {
                element.closeStart = index
                index += 2
                guard try name() == element.name else { throw failure("closes <\(element.name)> with another name") }
                skipSpaces()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("expected '>'") }
                index += 1
                element.end = index
                return element
            }
            element.children.append(try self.element(depth: depth + 1))
        }
    }

    /// The value as XML 1.0 hands it over: line ends normalized, then
    /// blanks made spaces, then references replaced.
    mutating func attributeValue() throws(ConfigFileError) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw failure("expected a quoted value")
        }
        let quote = bytes[index]
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != quote {
            guard bytes[index] != UInt8(ascii: "<") else { throw failure("has '<' inside a value") }
            index += 1
        }
        guard index < bytes.count else { throw failure("has a value without its closing quote") }
        let raw = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        let normalized = raw.replacingOccurrences(of: "\r\n", with: " ").map {
            $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0
        }
        var value = ""
        var rest = Substring(String(normalized))
        while let amp = rest.firstIndex(of: "&") {
            value += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { throw failure("has a bare '&'") }
            let reference = rest[rest.index(after: amp)..<semicolon]
            let named = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'"]
            if let text = named[String(reference)] {
                value += text
            } else if reference.hasPrefix("#x"), let code = UInt32(reference.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                value.unicodeScalars.append(scalar)
            } else if reference.hasPrefix("#"), let code = UInt32(reference.dropFirst()),
                let scalar = Unicode.Scalar(code)
            {
                value.unicodeScalars.append(scalar)
            } else {
                throw failure("has an unknown reference &\(reference);")
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return value + rest
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Host names (RFC 1123) and IP literals, as SMTP accepts them.
public enum HostSyntax {
    public enum Kind: Equatable, Sendable {
        case hostName
        case ipv4
        case ipv6
    }

    public static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        guard !text.utf8.contains(0) else { return false }
        return text.withCString { inet_pton(AF_INET, $0, &address) } == 1
    }

    public static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        // inet_pton reads a C string: "::" followed by NUL and anything would pass (found by fuzzing).
        guard !text.utf8.contains(0) else { return false }
        return text.withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    /// Why `text` is not a host name, or nil when it is one.
    public static func hostNameProblem(_ text: String) -> String? {
        var name = Substring(text)
        if name.hasSuffix(".") { name = name.dropLast() }
        if name.isEmpty { return "is empty" }
        if name.utf8.count > 253 { return "is longer than 253 characters" }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "has an empty part between dots" }
            if label.utf8.count > 63 { return "has a part longer than 63 characters" }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                return "has a part that starts or ends with a hyphen ('\(TerminalSafe.excerpt(String(label)))')"
            }
            if let bad = label.unicodeScalars.first(where: { !isHostCharacter($0) }) {
                return "contains \(describe(bad)), which a host name cannot hold"
            }
        }
        if name.split(separator: ".").last?.allSatisfy(\.isNumber) == true {
            return "looks like an IP address but is not a valid one"
        }
        return nil
    }

    /// Accepts a host name, a bare IP address or an `[IP]` literal.
    public static func kind(ofServer text: String) -> Kind? {
        if isIPv4(text) { return .ipv4 }
        if isIPv6(text) { return .ipv6 }
        if let inner = bracketed(text) {
            if isIPv4(inner) { return .ipv4 }
            if inner.lowercased().hasPrefix("ipv6:"), isIPv6(String(inner.dropFirst(5))) { return .ipv6 }
            if isIPv6(inner) { return .ipv6 }
            return nil
        }
        return hostNameProblem(text) == nil ? .hostName : nil
    }

    /// The address to connect to: brackets and the `IPv6:` tag removed.
    public static func connectableHost(_ text: String) -> String {
        guard let inner = bracketed(text) else { return text }
        return inner.lowercased().hasPrefix("ipv6:") ? String(inner.dropFirst(5)) : inner
    }

    static func bracketed(_ text: String) -> String? {
        guard text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 else { return nil }
        return String(text.dropFirst().dropLast())
    }

    static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-": true
        default: false
        }
    }

    /// A character named so that an invisible one is still visible.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": "a carriage return (CR)"
        case "\n": "a line feed (LF)"
        case "\0": "a NUL byte"
        case "\t": "a tab"
        case " ": "a space"
        case "\u{2028}": "a line separator (U+2028)"
        case "\u{2029}": "a paragraph separator (U+2029)"
        case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}":
            "a bidirectional override (U+\(String(scalar.value, radix: 16, uppercase: true))), which shows text in another order than it is read"
        default:
            isRefused(scalar)
                ? "a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
                : TerminalSafe.isSafe(String(scalar))
                    ? "'\(Character(scalar))'"
                    // An invisible mark (found by fuzzing) is named, never printed.
                    : "an invisible character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
        }
    }

    /// The first character no server or application should get: CR, LF,
    /// NUL and every other control character, line and paragraph
    /// separators, and the bidirectional overrides and isolates that make
    /// text display in another order than it is read.
    public static func firstControlCharacter(_ text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { isRefused($0) }
    }

    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

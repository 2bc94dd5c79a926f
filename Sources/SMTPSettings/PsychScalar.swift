import Foundation

/// The two decisions of Ruby's Psych that libyaml does not make: which
/// style `String#to_yaml` asks for (`YAMLTree#visit_String`), and what a
/// plain scalar loads as (`ScalarScanner#tokenize`). Ported from Psych 4/5;
/// the tests hold every rule against Debian's `ruby`.
enum PsychScalar {
    enum Style: Equatable {
        case plain, singleQuoted, doubleQuoted, literal
        /// `<<` alone, which Psych tags `!!str` so it is not read as a merge key.
        case taggedMergeKey
    }

    static func requestedStyle(for string: String) -> Style {
        if matches(string, #"\n(?!\Z)"#) { return .literal }
        if string == "<<" { return .taggedMergeKey }
        // Psych 5 (Ruby 3.2+, what Forem runs) added Y and N to y and n.
        if ["y", "Y", "n", "N"].contains(string) { return .doubleQuoted }
        if matches(string, #"^[^\#(word)]"#) && !string.dropFirst().contains("\"") && !string.contains("\n") {
            return .doubleQuoted
        }
        if tokenize(string) != .string(string) || matches(string, #"\A0[0-7]*[89]"#) { return .singleQuoted }
        return .plain
    }

    // MARK: ScalarScanner#tokenize

    static func tokenize(_ string: String) -> PsychValue {
        if string.isEmpty { return .null }
        let looksLikeText = #"^[^0-9.:-]?[\#(alpha)_\#(space)!@#$%\^&*(){}<>|/\\~;=]+"#
        if matches(string, looksLikeText) || string.contains("\n") {
            if string.unicodeScalars.count > 5 || matches(string, "^[^ytonf~]", caseless: true) {
                return .string(string)
            }
            if string == "~" || matches(string, "^null$", caseless: true) { return .null }
            if matches(string, "^(yes|true|on)$", caseless: true) { return .bool(true) }
            if matches(string, "^(no|false|off)$", caseless: true) { return .bool(false) }
            return .string(string)
        }
        if let time = firstMatch(string, time) {
            // Time.utc raises for an impossible field, and Psych keeps the text.
            let (month, day, hour, minute, second) = (time[2], time[3], time[4], time[5], time[6])
            let valid =
                (1...12).contains(month) && (1...31).contains(day) && minute <= 59 && second <= 60
                && (hour < 24 || (hour == 24 && minute == 0 && second == 0))
            return valid ? .date(string) : .string(string)
        }
        if let date = firstMatch(string, #"^([0-9]{4})-(1[012]|0[0-9]|[0-9])-([12][0-9]|3[01]|0[0-9]|[0-9])$"#) {
            return isGregorian(year: date[1], month: date[2], day: date[3]) ? .date(string) : .string(string)
        }
        if matches(string, #"^\+?\.inf$"#, caseless: true) { return .float(.infinity) }
        if matches(string, #"^-\.inf$"#, caseless: true) { return .float(-.infinity) }
        if matches(string, #"^\.nan$"#, caseless: true) { return .float(.nan) }
        if matches(string, "^:.") { return .symbol(String(string.dropFirst())) }
        if matches(string, #"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$"#) {
            return sexagesimal(string).map { .integer(Int($0)) } ?? .string(string)
        }
        if matches(string, #"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$"#) {
            return sexagesimal(string).map { .float($0) } ?? .string(string)
        }
        if matches(string, #"^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$"#) {
            if matches(string, #"\A[-+]?\.\z"#) { return .string(string) }
            let cleaned = string.replacingOccurrences(of: #"[,_]|\.([Ee]|$)"#, with: "$1", options: .regularExpression)
            return Double(cleaned).map { .float($0) } ?? .string(string)
        }
        let integer =
            #"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$"#
        if matches(string, integer) {
            return parseInteger(string).map { .integer($0) } ?? .other("a number too large")
        }
        return .string(string)
    }

    /// `Integer(string.gsub(/[,_]/, ''))`: 0b binary, 0x hex, a leading 0 octal.
    static func parseInteger(_ string: String) -> Int? {
        var digits = Substring(string.filter { $0 != "," && $0 != "_" })
        var sign = 1
        if let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        let radix: Int
        if digits.hasPrefix("0b") || digits.hasPrefix("0B") {
            (radix, digits) = (2, digits.dropFirst(2))
        } else if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            (radix, digits) = (16, digits.dropFirst(2))
        } else if digits.count > 1 && digits.hasPrefix("0") {
            (radix, digits) = (8, digits.dropFirst())
        } else {
            radix = 10
        }
        return Int(digits, radix: radix).map { $0 * sign }
    }

    // MARK: Helpers

    /// Onigmo's Unicode classes, spelled for ICU; Ruby's `\s` and `\d` are ASCII.
    static let word = #"\p{L}\p{M}\p{Nd}\p{Pc}"#
    static let alpha = #"\p{Alphabetic}"#
    static let space = #" \t\r\n\f\x{0B}"#
    static let time =
        #"^-?([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t\r\n\f\x{0B}]+)([0-9]{1,2}):([0-9][0-9]):([0-9][0-9])"#
        + #"(?:\.[0-9]*)?(?:[ \t\r\n\f\x{0B}]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?$"#

    /// Ruby's `=~`: `^` and `$` match at every line.
    static func matches(_ string: String, _ pattern: String, caseless: Bool = false) -> Bool {
        regex(pattern, caseless)?.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
    }

    /// The numeric capture groups of the first match (0 for an empty group).
    static func firstMatch(_ string: String, _ pattern: String) -> [Int]? {
        guard
            let match = regex(pattern, false)?.firstMatch(in: string, range: NSRange(string.startIndex..., in: string))
        else { return nil }
        return (0..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: string).flatMap { Int(string[$0]) } ?? 0
        }
    }

    /// The patterns are constants of this file: nil would be a bug, which the tests catch.
    /// Compiled once each: a save encodes every value.
    static func regex(_ pattern: String, _ caseless: Bool) -> NSRegularExpression? {
        let key = (caseless ? "i:" : "c:") + pattern
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[key] { return cached }
        let compiled = try? NSRegularExpression(
            pattern: pattern, options: caseless ? [.anchorsMatchLines, .caseInsensitive] : [.anchorsMatchLines])
        cache[key] = compiled
        return compiled
    }

    private static let cacheLock = NSLock()
    // Guarded by cacheLock; NSRegularExpression itself is safe to share.
    nonisolated(unsafe) private static var cache: [String: NSRegularExpression] = [:]

    static func isGregorian(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// `1:30` is 90, `1:02:03` is 3723, as Psych's base-60 numbers.
    static func sexagesimal(_ string: String) -> Double? {
        let parts = string.filter { $0 != "_" }.split(separator: ":")
        var total = 0.0
        for (index, part) in parts.enumerated() {
            guard let value = Double(part) else { return nil }
            var factor = 1.0
            for _ in 0..<abs(index - 2) { factor *= 60 }
            total += value * factor
        }
        return total
    }
}

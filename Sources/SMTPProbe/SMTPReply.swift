/// One complete server reply: the code, the enhanced status if any, and
/// the text of every line.
public struct SMTPReply: Equatable, Sendable {
    public var code: Int
    /// RFC 3463 status like "5.7.8", when the server sends one.
    public var enhancedStatus: String?
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
        enhancedStatus = lines.first.flatMap(Self.enhancedStatus(in:))
    }

    public var isPositive: Bool { (200..<400).contains(code) }

    /// The reply as the server wrote it, one string per line.
    public var rawLines: [String] {
        lines.enumerated().map { index, text in
            let separator = index == lines.count - 1 ? " " : "-"
            return text.isEmpty ? "\(code)\(index == lines.count - 1 ? "" : "-")" : "\(code)\(separator)\(text)"
        }
    }

    /// Everything after the code, joined, for quoting in a diagnosis.
    public var text: String { lines.joined(separator: " ") }

    static func enhancedStatus(in text: String) -> String? {
        let candidate = text.prefix { $0 != " " }
        let parts = candidate.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
            parts.dropFirst().allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(candidate)
    }
}

/// Assembles reply lines (`250-`, `250 `, bare `250`) into replies.
public struct ReplyParser: Sendable {
    public enum Outcome: Equatable, Sendable {
        case needMore
        case reply(SMTPReply)
        /// A line that is not an SMTP reply at all, quoted for the diagnosis.
        case malformed(String)
    }

    private var pendingCode: Int?
    private var pendingLines: [String] = []

    public init() {}

    public mutating func feed(_ line: String) -> Outcome {
        let scalars = Array(line.utf8)
        guard scalars.count >= 3, scalars[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
            (0x32...0x35).contains(scalars[0])
        else { return .malformed(line) }
        // From the bytes, never from Characters: a combining mark after the
        // code would join the third digit into one Character (found by fuzzing).
        let code = scalars[0...2].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let separator: UInt8? = scalars.count > 3 ? scalars[3] : nil
        guard separator == nil || separator == 0x20 || separator == 0x2D else { return .malformed(line) }
        if let pendingCode, pendingCode != code { return .malformed(line) }
        let text = scalars.count > 4 ? String(decoding: scalars[4...], as: UTF8.self) : ""
        pendingLines.append(text)
        if separator == 0x2D {
            pendingCode = code
            return .needMore
        }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        return .reply(reply)
    }
}

/// What an EHLO reply says the server can do.
public struct ServerCapabilities: Equatable, Sendable, Codable {
    public var startTLS = false
    public var authMechanisms: [String] = []
    public var sizeLimit: Int?
    public var keywords: [String] = []

    /// RFC 2920: the server reads commands sent together, so the probe may
    /// send MAIL and RCPT in one write instead of waiting between them.
    public var pipelining: Bool { keywords.contains("PIPELINING") }

    /// RFC 6531: the server takes addresses with characters beyond ASCII.
    public var smtpUTF8: Bool { keywords.contains("SMTPUTF8") }

    public init() {}

    /// Reads `AUTH PLAIN LOGIN` and the old `AUTH=PLAIN LOGIN` forms alike.
    public init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            let keyword = first.uppercased()
            keywords.append(keyword)
            if keyword == "STARTTLS" { startTLS = true }
            if keyword == "SIZE", words.count > 1, let size = Int(words[1]), size > 0 { sizeLimit = size }
            if keyword == "AUTH" || keyword.hasPrefix("AUTH=") {
                var mechanisms = Array(words.dropFirst())
                if keyword.hasPrefix("AUTH=") { mechanisms.insert(String(first.dropFirst(5)), at: 0) }
                for mechanism in mechanisms.map({ $0.uppercased() }) where !authMechanisms.contains(mechanism) {
                    authMechanisms.append(mechanism)
                }
            }
        }
    }
}

import Foundation

/// The real message `--send-to` delivers: enough headers for spam filters
/// to accept it, and a body that says what was tested.
struct TestMessage {
    var from: String
    var fromName: String?
    var to: String
    var host: String
    var port: Int
    var security: String
    var heloName: String
    var date = Date()
    var id = UUID().uuidString.lowercased()

    var headerLines: [String] {
        let domain = from.split(separator: "@").last.map(String.init) ?? heloName
        let sender = fromName.map { "\(Self.encodedWord($0)) <\(from)>" } ?? from
        return [
            "From: \(sender)",
            "To: <\(to)>",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(id)@\(domain)>",
            "Subject: smtp-setup test message",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Mailer: smtp-setup",
        ]
    }

    var bodyLines: [String] {
        [
            "This is a test message from smtp-setup.",
            "",
            "It was sent through \(host) port \(port) (security: \(security)).",
            "If you can read it, outgoing mail works.",
        ]
    }

    /// The DATA payload: CRLF lines, leading dots doubled (RFC 5321 4.5.2).
    var wireLines: [String] { Self.dotStuffed(headerLines + [""] + bodyLines) }

    static func dotStuffed(_ lines: [String]) -> [String] {
        lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// RFC 2047 for names that are not plain ASCII.
    /// RFC 2047 allows an encoded-word 75 characters at most: a longer name
    /// is several, split between characters (45 bytes are 60 in base64, 72
    /// with the markers), one space apart, which a reader drops between them.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && $0 != "\"" && $0 != "\\" }) { return "\"\(text)\"" }
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: " ")
    }
}

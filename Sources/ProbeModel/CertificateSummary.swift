import FoundationEssentials

/// What the pane says about a server certificate: whom it is for, who
/// vouches for it, and when it is valid. The probe reads it from the
/// certificate (SMTPProbe's `init(derBytes:)`).
public struct CertificateSummary: Equatable, Sendable, Codable {
    public var subject: String
    public var issuer: String
    /// DNS names and IP addresses it covers (SANs, else the common name).
    public var names: [String]
    public var notBefore: Date
    public var notAfter: Date
    public var selfSigned: Bool

    public init(subject: String, issuer: String, names: [String], notBefore: Date, notAfter: Date, selfSigned: Bool) {
        self.subject = subject
        self.issuer = issuer
        self.names = names
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.selfSigned = selfSigned
    }

    public var notBeforeText: String { Self.day(notBefore) }
    public var notAfterText: String { Self.day(notAfter) }

    /// One line for a screen: whom, who vouches, until when.
    public var sentence: String { "\(subject), issued by \(issuer), valid until \(notAfterText)" }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    /// RFC 6125 matching, with a wildcard allowed only as the whole left label.
    public func covers(_ host: String) -> Bool {
        var trimmed = Substring(host.lowercased())
        while trimmed.first == "." { trimmed.removeFirst() }
        while trimmed.last == "." { trimmed.removeLast() }
        let wanted = String(trimmed)
        return names.contains { name in
            let pattern = name.lowercased()
            if pattern == wanted { return true }
            guard pattern.hasPrefix("*.") else { return false }
            guard let dot = wanted.firstIndex(of: ".") else { return false }
            return wanted[dot...] == pattern.dropFirst()
        }
    }
}

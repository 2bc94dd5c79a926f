/// Mailbox syntax (RFC 5321 path limits, RFC 5322 dot-atom local parts).
public enum EmailAddressSyntax {
    /// Why `text` is not a usable address, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        if let bad = HostSyntax.firstControlCharacter(text) {
            return "contains \(HostSyntax.describe(bad))"
        }
        if text.contains("<") || text.contains(">") {
            return "holds a display name or angle brackets; give the bare address, like name@example.com"
        }
        guard let at = text.lastIndex(of: "@") else { return "has no @" }
        let local = String(text[..<at])
        let domain = String(text[text.index(after: at)...])
        if local.isEmpty { return "has nothing before the @" }
        if domain.isEmpty { return "has nothing after the @" }
        if local.utf8.count > 64 { return "has a part before the @ longer than 64 characters" }
        if domain.utf8.count > 255 { return "has a domain longer than 255 characters" }
        if text.utf8.count > 254 { return "is longer than 254 characters" }
        if let problem = localPartProblem(local) { return problem }
        if HostSyntax.bracketed(domain) != nil {
            return HostSyntax.kind(ofServer: domain) == nil ? "has an invalid address literal after the @" : nil
        }
        if let problem = HostSyntax.hostNameProblem(domain) { return "has a domain that \(problem)" }
        if !domain.contains(".") && domain.lowercased() != "localhost" {
            return "has a domain without a dot ('\(domain)')"
        }
        return nil
    }

    static func localPartProblem(_ local: String) -> String? {
        if local.hasPrefix("\"") && local.hasSuffix("\"") && local.count >= 2 { return nil }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            return "has a misplaced dot before the @"
        }
        let allowed = Set("!#$%&'*+-/=?^_`{|}~.")
        for character in local where !(character.isASCII && (character.isLetter || character.isNumber)) {
            if !allowed.contains(character) && character.isASCII {
                return "contains \(character == " " ? "a space" : "'\(character)'") before the @"
            }
        }
        return nil
    }
}

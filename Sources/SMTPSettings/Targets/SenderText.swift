/// A sender as one header-style text, `"Name" <address>`, for applications
/// that keep the name and the address in one setting (Ghost, Gitea).
enum SenderText {
    /// The address alone, or the name as an RFC 5322 quoted string before it.
    static func compose(name: String?, address: String) -> String {
        guard let name else { return address }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(address)>"
    }

    /// The name and address of a sender written as above or by hand.
    static func parse(_ text: String) -> (name: String?, address: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else { return (nil, trimmed) }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = Substring(trimmed[..<open].trimmingCharacters(in: .whitespaces))
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            var unescaped = ""
            var escaping = false
            for character in name.dropFirst().dropLast() {
                if !escaping && character == "\\" {
                    escaping = true
                    continue
                }
                escaping = false
                unescaped.append(character)
            }
            name = Substring(unescaped)
        }
        return (name.isEmpty ? nil : String(name), address)
    }
}

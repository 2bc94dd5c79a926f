/// A sender as one header-style text, `"Name" <address>`, for applications
/// that keep the name and the address in one setting (Ghost, Gitea).
enum SenderText {
    /// The address alone, or the name as an RFC 5322 quoted string before it.
    static func compose(name: String?, address: String) -> String {
        guard let name else { return address }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(address)>"
    }

    /// The name and address of a sender written as above or by hand. By
    /// scalar: a quote or `<` followed by a combining mark is one Character.
    static func parse(_ text: String) -> (name: String?, address: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).unicodeScalars
        guard trimmed.last == ">", let open = trimmed.lastIndex(of: "<") else { return (nil, String(trimmed)) }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces).unicodeScalars
        if name.count >= 2, name.first == "\"", name.last == "\"" {
            var unescaped = String.UnicodeScalarView()
            var escaping = false
            for scalar in name.dropFirst().dropLast() {
                if !escaping && scalar == "\\" {
                    escaping = true
                    continue
                }
                escaping = false
                unescaped.append(scalar)
            }
            name = unescaped
        }
        return (name.isEmpty ? nil : String(name), address)
    }
}

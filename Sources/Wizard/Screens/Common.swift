import SMTPSettings

extension Line {
    /// `label` in a fixed column, `value` wrapped beside it.
    static func labelled(
        _ label: String, _ value: String, _ style: CellGrid.Style = .normal, labelWidth: Int, width: Int
    ) -> [Line] {
        wrapped(
            value, style, width: width, indent: labelWidth,
            first: Span(TextWidth.pad(label, to: labelWidth), .dim))
    }

    /// A mark (tick, cross, bullet) then prose wrapped under itself.
    static func marked(_ mark: String, _ text: String, _ style: CellGrid.Style, width: Int, indent: Int = 0)
        -> [Line]
    {
        let lead = TextWidth.spaces(indent) + mark + " "
        return wrapped(text, style, width: width, indent: TextWidth.width(lead), first: Span(lead, style))
    }
}

extension Security {
    /// Short enough for a row of choices.
    var shortName: String {
        switch self {
        case .starttls: "STARTTLS"
        case .tls: "TLS"
        case .none: "none"
        }
    }
}

extension MailSettings {
    /// "plain as apikey", or "no login".
    var loginPhrase: String {
        guard let method = authentication, method != .none else { return "no login" }
        return userName.map { "\(method.rawValue) as \($0)" } ?? method.rawValue
    }
}

/// "812 ms", or seconds once it is long.
func duration(_ milliseconds: Int) -> String {
    milliseconds < 10_000 ? "\(milliseconds) ms" : "\(milliseconds / 1000) s"
}

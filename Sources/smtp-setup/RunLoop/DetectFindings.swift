import SMTPProbe

/// `detect`'s findings as the lines the wizard shows.
enum DetectFindings {
    static func lines(host: String, _ findings: [PortFinding]) -> [String] {
        var lines = findings.map(DetectText.line)
        if let recommendation = PortDetector.recommend(findings) {
            lines.append(
                "Recommended: port \(recommendation.port), \(recommendation.security.title), authentication \(recommendation.authentication.rawValue)"
            )
        } else {
            lines.append("No usable SMTP port found on \(host).")
        }
        return lines
    }
}

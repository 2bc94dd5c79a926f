import ArgumentParser
import Foundation
import SMTPProbe
import SMTPSettings

struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Try ports 587, 465, 25 and 2525 of a host at once and say what each offers.",
        discussion: "Never logs in and never sends mail. Exit 0 when a usable port was found, 11 when none was.")

    @Argument(help: "The mail server's host name or IP.") var host: String
    @Option(
        help: ArgumentHelp("The ports to try, in order of preference.", valueName: "list"),
        transform: { text in
            var ports: [Int] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let port = Int(part.trimmingCharacters(in: .whitespaces)), (1...65535).contains(port) else {
                    throw ValidationError(
                        "--ports takes port numbers from 1 to 65535, separated by commas, like 587,465.")
                }
                // A port named twice is tried once, where it was first named.
                if !ports.contains(port) { ports.append(port) }
            }
            return ports
        })
    var ports: [Int] = PortDetector.defaultPorts
    @OptionGroup var probeFlags: ProbeFlags
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        if HostSyntax.kind(ofServer: host) == nil {
            throw usageFailure(
                "'\(host)' is not a host name or IP address. Give one like smtp.example.com or 192.0.2.1.")
        }
        let findings = await PortDetector(options: try probeFlags.options(), ports: ports).detect(host: host)
        let recommendation = PortDetector.recommend(findings)
        if json {
            say(try JSONText.encode(DetectReport(host: host, findings: findings, recommendation: recommendation)))
        } else {
            say("Ports of \(host):")
            for finding in findings { say("  " + DetectText.line(finding)) }
            if let recommendation {
                say(
                    "\nRecommended: port=\(recommendation.port) security=\(recommendation.security.rawValue) authentication=\(recommendation.authentication.rawValue)"
                )
                say("  (\(recommendation.reason))")
            } else {
                say("\nNo usable SMTP port found on \(host).")
            }
        }
        if recommendation == nil { throw ExitCode(11) }
    }
}

enum DetectText {
    static func line(_ finding: PortFinding) -> String {
        let port = "\(finding.port)".padding(toLength: 5, withPad: " ", startingAt: 0)
        guard finding.reachable else {
            return "\(port) not usable: \(finding.problem?.title ?? "no SMTP server")"
        }
        var parts: [String] = []
        switch finding.offer {
        case .startTLS: parts.append("STARTTLS")
        case .implicitTLS: parts.append("TLS on connect")
        case .plainOnly: parts.append("plain only (no STARTTLS)")
        case .unreachable: break
        }
        parts.append(
            finding.authMechanisms.isEmpty ? "no AUTH" : "AUTH \(finding.authMechanisms.joined(separator: " "))")
        if let size = finding.sizeLimit { parts.append("max \(size / 1_000_000) MB") }
        if let certificate = finding.certificate {
            parts.append("certificate \(certificate.subject), expires \(certificate.notAfterText)")
        }
        if let problem = finding.problem { parts.append("problem: \(problem.title)") }
        return "\(port) " + parts.joined(separator: ", ")
    }
}

import ProbeModel
import SMTPSettings

/// What one port of a host offers, as `detect` found it.
public struct PortFinding: Equatable, Sendable {
    public enum Offer: String, Sendable, Codable {
        case startTLS = "starttls"
        case implicitTLS = "tls"
        /// SMTP without any encryption on offer.
        case plainOnly = "plain"
        /// Nothing usable answered.
        case unreachable
    }

    public var port: Int
    public var offer: Offer
    public var authMechanisms: [String]
    public var sizeLimit: Int?
    public var certificate: CertificateSummary?
    /// Why the port is not usable as it is (refused, timed out, bad certificate...).
    public var problem: Diagnosis?

    public var reachable: Bool { offer != .unreachable }
}

/// The settings `detect` suggests, and why.
public struct PortRecommendation: Equatable, Sendable {
    public var port: Int
    public var security: Security
    public var authentication: Authentication
    public var reason: String

    /// The recommendation as values the wizard's `a` key puts in the form.
    public var values: [SuggestedValue] {
        [
            SuggestedValue(.port, String(port)), SuggestedValue(.security, security.rawValue),
            SuggestedValue(.authentication, authentication.rawValue),
        ]
    }
}

/// Tries the usual submission ports at once and reports what each offers.
public struct PortDetector: Sendable {
    public static let defaultPorts = [587, 465, 25, 2525]
    public var options: ProbeOptions
    public var ports: [Int]

    public init(options: ProbeOptions = ProbeOptions(), ports: [Int] = PortDetector.defaultPorts) {
        self.ports = ports
        var options = options
        options.discoverOnly = true
        options.capTimeouts(at: min(options.commandTimeout, 8))
        self.options = options
    }

    /// All ports together finish within this (the `--timeout`, else 8 s).
    var budget: Double { options.overallLimit ?? 8 }

    public func detect(host: String, verifyCertificate: Bool = true) async -> [PortFinding] {
        let deadline = ContinuousClock.now + .milliseconds(Int(budget * 1000))
        return await withTaskGroup(of: PortFinding.self) { group in
            for port in ports {
                group.addTask {
                    await self.examine(host: host, port: port, verify: verifyCertificate, deadline: deadline)
                }
            }
            var findings: [PortFinding] = []
            for await finding in group { findings.append(finding) }
            return findings.sorted { ports.firstIndex(of: $0.port)! < ports.firstIndex(of: $1.port)! }
        }
    }

    /// 465 is tried as implicit TLS first, the others as STARTTLS; a
    /// silent or TLS-speaking port is then tried the other way.
    /// The first try gets half the budget, so that a port that turns out
    /// to speak the other way still has time for the second.
    func examine(host: String, port: Int, verify: Bool, deadline: ContinuousClock.Instant) async -> PortFinding {
        let first: Security = port == 465 ? .tls : .starttls
        let report = await probe(host: host, port: port, security: first, verify: verify, within: budget / 2)
        let retryClasses: Set<DiagnosisClass> = [.noGreeting, .tlsOnPlaintextPort]
        let left = Self.seconds(deadline - .now) - 0.6
        if let diagnosis = report.diagnosis, retryClasses.contains(diagnosis.diagnosisClass), left > 0.2 {
            let other: Security = first == .tls ? .starttls : .tls
            let second = await probe(host: host, port: port, security: other, verify: verify, within: left)
            if second.greeting != nil || Self.isCertificateProblem(second) {
                return finding(port: port, security: other, report: second)
            }
        }
        return finding(port: port, security: first, report: report)
    }

    func probe(host: String, port: Int, security: Security, verify: Bool, within seconds: Double) async
        -> ProbeReport
    {
        let settings = MailSettings([
            .address: host, .port: String(port), .security: security.rawValue,
            .authentication: Authentication.none.rawValue, .verifyCertificate: verify ? "true" : "false",
        ])
        var options = options
        options.capTimeouts(at: max(seconds, 0.2))
        return await SMTPProbe(options: options).run(settings)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// TLS was spoken, and only the certificate failed: the port answers.
    static func isCertificateProblem(_ report: ProbeReport) -> Bool {
        guard let kind = report.diagnosis?.diagnosisClass else { return false }
        return [
            .certificateExpired, .certificateNotYetValid, .certificateSelfSigned, .certificateUntrusted,
            .certificateWrongHost,
        ].contains(kind)
    }

    func finding(port: Int, security: Security, report: ProbeReport) -> PortFinding {
        let offer: PortFinding.Offer
        // No greeting, or a refusal instead of one: nothing usable answered.
        let refused = report.diagnosis?.diagnosisClass == .greetingRefused
        if refused || (report.greeting == nil && !(security == .tls && Self.isCertificateProblem(report))) {
            offer = .unreachable
        } else if report.diagnosis?.diagnosisClass == .startTLSNotOffered {
            offer = .plainOnly
        } else {
            offer = security == .tls ? .implicitTLS : .startTLS
        }
        return PortFinding(
            port: port, offer: offer, authMechanisms: report.capabilities?.authMechanisms ?? [],
            sizeLimit: report.capabilities?.sizeLimit, certificate: report.certificate,
            problem: offer == .plainOnly ? nil : report.diagnosis)
    }

    /// Prefers encrypted over plain, then the order tried, with port 25
    /// last: many clouds block it, and it is meant for server-to-server mail.
    public static func recommend(_ findings: [PortFinding]) -> PortRecommendation? {
        let usable = findings.filter { $0.reachable && $0.problem == nil }
        let encrypted = usable.filter { $0.offer != .plainOnly }
        // An encrypted port answered but its certificate failed: never fall
        // back to sending the password in clear; recommend it, problem and all.
        let encryptedWithProblem = findings.filter { $0.reachable && $0.offer != .plainOnly }
        let candidates = !encrypted.isEmpty ? encrypted : !encryptedWithProblem.isEmpty ? encryptedWithProblem : usable
        guard let best = candidates.first(where: { $0.port != 25 }) ?? candidates.first else { return nil }
        let security: Security =
            switch best.offer {
            case .startTLS: .starttls
            case .implicitTLS: .tls
            default: .none
            }
        let mechanisms = best.authMechanisms
        let authentication: Authentication =
            mechanisms.contains("PLAIN")
            ? .plain
            : mechanisms.contains("LOGIN") ? .login : mechanisms.contains("CRAM-MD5") ? .cramMD5 : .none
        let reason =
            security == .none
            ? "only plain SMTP answered; use it only for a relay on this machine or a trusted network"
            : "port \(best.port) answers with \(security.title)"
                + (best.problem.map { ", but fix its problem above first: \($0.title)" } ?? "")
        return PortRecommendation(port: best.port, security: security, authentication: authentication, reason: reason)
    }
}

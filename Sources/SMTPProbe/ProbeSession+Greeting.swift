import ProbeModel
import SMTPSettings

/// The server's greeting and the EHLO (or HELO) that answers it.
extension ProbeSession {
    func readGreeting() async throws {
        start(.greeting)
        do {
            let greeting = try await readReply(timeout: options.greetingTimeout - options.silentCheckSeconds)
            report.greeting = greeting
            guard greeting.code == 220 else { throw stop(.greetingRefused, phase: .greeting, reply: greeting) }
            finish(.greeting, .passed)
        } catch WireError.timeout {
            throw await greetingTimedOut()
        } catch WireError.closed {
            throw stop(.closedEarly, phase: .greeting)
        } catch WireError.unsolicited(let reply) {
            throw outOfStep(reply, phase: .greeting)
        } catch WireError.malformed(let line) {
            transcript(.received, String(line.prefix(200)))
            if let other = Self.otherProtocol(line) { throw stop(.notSMTP, phase: .greeting, detail: other) }
            throw stop(.protocolError, phase: .greeting, detail: "Its greeting was \"\(line.prefix(80))\".")
        }
    }

    /// Names the protocol behind a non-SMTP greeting.
    static func otherProtocol(_ line: String) -> String? {
        if line.hasPrefix("+OK") { return "a POP3 server (\"\(line.prefix(60))\")" }
        if line.hasPrefix("* OK") || line.hasPrefix("* PREAUTH") { return "an IMAP server (\"\(line.prefix(60))\")" }
        if line.hasPrefix("HTTP/") { return "a web server (\"\(line.prefix(60))\")" }
        if line.hasPrefix("SSH-") { return "an SSH server (\"\(line.prefix(60))\")" }
        return nil
    }

    func ehlo(phase: ProbePhase) async throws -> ServerCapabilities {
        start(phase)
        report.heloName = target.heloName
        let reply = try await command("EHLO \(target.heloName)", phase: phase)
        if reply.code == 250 {
            finish(phase, .passed)
            // Kept at once: a later failure (no STARTTLS, a bad certificate)
            // still reports what the server offered.
            report.capabilities = ServerCapabilities(ehlo: reply)
            return report.capabilities!
        }
        if reply.code == 500 || reply.code == 502 {
            // An old server without ESMTP: HELO still works, without extensions.
            let helo = try await command("HELO \(target.heloName)", phase: phase)
            if helo.code == 250 {
                finish(phase, .passed)
                report.capabilities = ServerCapabilities()
                return ServerCapabilities()
            }
            throw stop(.ehloRejected, phase: phase, reply: helo)
        }
        throw stop(.ehloRejected, phase: phase, reply: reply)
    }
}

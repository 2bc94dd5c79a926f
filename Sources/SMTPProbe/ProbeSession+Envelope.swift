import ProbeModel
import SMTPSettings

/// After the login: the envelope, the optional real message, QUIT.
extension ProbeSession {
    func envelope(_ settings: MailSettings) async throws {
        guard let from = settings.fromEmailAddress else {
            note("no from address set: sender and recipient not tested")
            skip(.sender)
            skip(.recipient)
            return
        }
        start(.sender)
        let sender = try await command("MAIL FROM:<\(from)>", phase: .sender)
        guard sender.code == 250 else { throw stop(.senderRefused, phase: .sender, reply: sender) }
        finish(.sender, .passed)

        start(.recipient)
        let recipient = options.sendTo ?? from
        let accepted = try await command("RCPT TO:<\(recipient)>", phase: .recipient)
        guard accepted.code == 250 || accepted.code == 251 else {
            throw stop(.recipientRefused, phase: .recipient, reply: accepted)
        }
        finish(.recipient, .passed)

        guard let sendTo = options.sendTo else {
            // By default nothing is delivered: the envelope was the test.
            start(.reset)
            _ = try? await command("RSET", phase: .reset)
            finish(.reset, .passed)
            return
        }
        try await sendMessage(
            TestMessage(
                from: from, fromName: settings.fromName, to: sendTo, host: target.host, port: target.port,
                security: target.security.rawValue, heloName: target.heloName))
    }

    func sendMessage(_ message: TestMessage) async throws {
        start(.data)
        let go = try await command("DATA", phase: .data)
        guard go.code == 354 else { throw stop(.messageRefused, phase: .data, reply: go) }
        let lines = message.wireLines
        if try await onLoopValue({ $0.expectReply() }) {
            try await write(lines.map { $0 + "\r\n" }.joined() + ".\r\n")
        }
        for line in message.headerLines { transcript(.sent, line) }
        transcript(.sent, "[\(message.bodyLines.count) body lines]")
        transcript(.sent, ".")
        let done: SMTPReply
        do {
            done = try await readReply(timeout: options.dataTimeout)
        } catch WireError.timeout {
            throw stop(.timeout, phase: .data)
        } catch WireError.unsolicited(let reply) {
            throw outOfStep(reply, phase: .data)
        }
        guard done.code == 250 else { throw stop(.messageRefused, phase: .data, reply: done) }
        report.messageSent = true
        finish(.data, .passed)
    }

    func quit() async {
        start(.quit)
        _ = try? await command("QUIT", phase: .quit)
        finish(.quit, .passed)
    }
}

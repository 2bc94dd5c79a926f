import ProbeModel
import SMTPSettings

/// After the login: the envelope, the optional real message, QUIT.
extension ProbeSession {
    func envelope(_ settings: MailSettings, _ capabilities: ServerCapabilities) async throws {
        guard let from = settings.fromEmailAddress else {
            note("no from address set: sender and recipient not tested")
            skip(.sender)
            skip(.recipient)
            return
        }
        let recipient = options.sendTo ?? from
        // An address beyond ASCII needs the server's SMTPUTF8, asked for on MAIL (RFC 6531).
        let international =
            !from.unicodeScalars.allSatisfy(\.isASCII) || !recipient.unicodeScalars.allSatisfy(\.isASCII)
        let mail = "MAIL FROM:<\(from)>" + (international && capabilities.smtpUTF8 ? " SMTPUTF8" : "")
        let rcpt = "RCPT TO:<\(recipient)>"
        start(.sender)
        // With PIPELINING both go in one write and cost one round trip; without
        // it, strictly one at a time: a server that rejects early talkers
        // (Postfix's reject_unauth_pipelining) would fail a test the
        // application passes.
        let pipelined = capabilities.pipelining
        try await send(pipelined ? [(mail, nil), (rcpt, nil)] : [(mail, nil)], phase: .sender)
        let sender = try await reply(phase: .sender)
        // A refused sender makes the recipient's reply meaningless: it is not waited for.
        guard sender.code == 250 else {
            let unsupported = international && !capabilities.smtpUTF8 ? Self.noSMTPUTF8 : nil
            throw stop(.senderRefused, phase: .sender, reply: sender, detail: unsupported)
        }
        finish(.sender, .passed)

        start(.recipient)
        if !pipelined { try await send([(rcpt, nil)], phase: .recipient) }
        let accepted = try await reply(phase: .recipient)
        guard accepted.code == 250 || accepted.code == 251 else {
            throw stop(.recipientRefused, phase: .recipient, reply: accepted)
        }
        finish(.recipient, .passed)

        // By default nothing is delivered: the envelope was the test, and
        // QUIT (which drops it) follows. No RSET: it would answer nothing.
        guard let sendTo = options.sendTo else { return }
        try await sendMessage(
            TestMessage(
                from: from, fromName: settings.fromName, to: sendTo, host: target.host, port: target.port,
                security: target.security.rawValue, heloName: target.heloName))
    }

    /// Why a server without SMTPUTF8 refuses an address beyond ASCII.
    static let noSMTPUTF8 =
        "The address has characters beyond ASCII, which a server takes only when it offers SMTPUTF8 (RFC 6531); "
        + "this one does not."

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

    /// The test is over once the last answer is in: QUIT is sent, its 221
    /// (which answers nothing) is not waited for, and the connection is
    /// closed after the report without holding it up.
    func quit() async {
        start(.quit)
        _ = try? await send([("QUIT", nil)], phase: .quit)
        finish(.quit, .passed)
    }
}

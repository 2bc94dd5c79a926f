import SMTPSettings

/// After EHLO: the login, the envelope, the optional real message, QUIT.
extension ProbeSession {
    func authenticate(_ capabilities: ServerCapabilities) async throws {
        guard let mechanism = target.authentication.saslName else {
            skip(.auth)
            return
        }
        start(.auth)
        if !encrypted && target.authentication.sendsSecretInClear && !options.allowPlaintextAuth {
            throw stop(.plaintextAuthRefused, phase: .auth)
        }
        if capabilities.authMechanisms.isEmpty { throw stop(.authNotOffered, phase: .auth) }
        guard capabilities.authMechanisms.contains(mechanism) else {
            throw stop(.authMechanismNotOffered, phase: .auth, capabilities: capabilities)
        }
        let user = target.userName ?? ""
        let password = target.password ?? ""
        var reply: SMTPReply
        switch target.authentication {
        case .plain:
            reply = try await command(
                "AUTH PLAIN \(AuthEncoding.plain(user: user, password: password))", shown: "AUTH PLAIN [redacted]",
                phase: .auth)
        case .login:
            reply = try await command("AUTH LOGIN", phase: .auth)
            if reply.code == 334 {
                reply = try await command(AuthEncoding.base64(user), shown: "[redacted user name]", phase: .auth)
            }
            if reply.code == 334 {
                reply = try await command(AuthEncoding.base64(password), shown: "[redacted]", phase: .auth)
            }
        case .cramMD5:
            reply = try await command("AUTH CRAM-MD5", phase: .auth)
            if reply.code == 334 {
                guard
                    let response = AuthEncoding.cramMD5(
                        user: user, password: password, challengeBase64: reply.lines.first ?? "")
                else {
                    throw stop(.protocolError, phase: .auth, detail: "The CRAM-MD5 challenge is not base64.")
                }
                try await onLoop { $0.addSecret(response) }
                reply = try await command(response, shown: "[redacted]", phase: .auth)
            }
        case .none:
            return
        }
        guard reply.code == 235 else { throw stop(authFailureClass(reply), phase: .auth, reply: reply) }
        finish(.auth, .passed)
    }

    func authFailureClass(_ reply: SMTPReply) -> DiagnosisClass {
        switch (reply.code, reply.enhancedStatus) {
        case (534, _), (_, "5.7.9"): .authWebLoginRequired
        case (530, _), (538, _), (_, "5.7.11"): .authRequiresTLS
        case (504, _): .authMechanismNotOffered
        case (500...599, _), (454, _): .authFailed
        default: .protocolError
        }
    }

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

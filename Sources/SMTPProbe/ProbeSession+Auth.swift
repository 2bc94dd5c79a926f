import ProbeModel
import SMTPSettings

/// Logging in, and every form of the password a server might quote back.
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

    /// Every form in which the probe sends the password: as typed, in
    /// base64 (LOGIN), and the base64 of the PLAIN exchange. A server that
    /// quotes any of them back has it redacted from all it said.
    var secretForms: [String] {
        guard let password = target.password, !password.isEmpty else { return [] }
        let user = target.userName ?? ""
        return [
            password, AuthEncoding.base64(password), AuthEncoding.plain(user: user, password: password),
            AuthEncoding.base64("\(user)\0\(password)"), AuthEncoding.base64("\0\(password)"),
        ]
    }
}

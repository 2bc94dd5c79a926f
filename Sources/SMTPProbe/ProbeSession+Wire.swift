import NIOCore
import ProbeModel
import SMTPSettings

/// Commands and their replies: the only way the session talks to the server.
extension ProbeSession {
    /// Sends one command line and reads its reply. `shown` is what the
    /// transcript records instead of the line, for anything secret.
    func command(_ line: String, shown: String? = nil, phase: ProbePhase) async throws -> SMTPReply {
        try await send([(line, shown)], phase: phase)
        return try await reply(phase: phase)
    }

    /// Writes `lines` in one write: one command, or a group the server
    /// reads ahead (PIPELINING, RFC 2920), each owing one reply.
    func send(_ lines: [(line: String, shown: String?)], phase: ProbePhase) async throws {
        for (line, _) in lines {
            precondition(HostSyntax.firstControlCharacter(line) == nil, "unchecked value on the wire")
        }
        try await onWire(phase) {
            // Already failed (a reply out of step, a hang-up): say why, send nothing.
            if try await onLoopValue({ $0.expectReply(lines.count) }) {
                try await write(lines.map { $0.line + "\r\n" }.joined())
                for (line, shown) in lines { transcript(.sent, shown ?? line) }
            }
        }
    }

    /// The next reply, each failure to get one turned into a diagnosis of `phase`.
    func reply(phase: ProbePhase) async throws -> SMTPReply {
        try await onWire(phase) { try await readReply(timeout: options.commandTimeout) }
    }

    private func onWire<T>(_ phase: ProbePhase, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch WireError.timeout {
            throw stop(.timeout, phase: phase)
        } catch WireError.closed {
            throw stop(.closedEarly, phase: phase)
        } catch WireError.malformed(let text) {
            throw stop(
                .protocolError, phase: phase,
                detail: "It answered \"\(TerminalSafe.quote(Array(text.utf8), limit: 80))\".")
        } catch WireError.unsolicited(let reply) {
            throw outOfStep(reply, phase: phase)
        } catch WireError.lineTooLong {
            throw stop(.protocolError, phase: phase, detail: "It sent a line longer than 4 KiB.")
        } catch WireError.replyTooLong {
            throw stop(.protocolError, phase: phase, detail: "It sent a reply longer than 64 KiB.")
        } catch WireError.transport(let error) {
            throw stop(.protocolError, phase: phase, detail: Self.describe(error))
        }
    }

    /// A reply no command asked for: the conversation is out of step, and
    /// no later reply can be trusted to answer what it seems to answer.
    func outOfStep(_ reply: SMTPReply, phase: ProbePhase) -> ProbeStop {
        record(reply, encrypted: encrypted)
        let quoted = TerminalSafe.quote(Array(reply.rawLines.joined(separator: " / ").utf8), limit: 120)
        return stop(
            .protocolError, phase: phase,
            detail:
                "It sent a reply no command had asked for: \"\(quoted)\". A server out of step cannot be trusted "
                + "to answer what the next command asks, so the test stopped there; nothing after it was counted as passed."
        )
    }

    func readReply(timeout: Double) async throws -> SMTPReply {
        do {
            let reply = try await onLoopFuture { $0.nextReply(timeout: Self.timeAmount(timeout)) }
            record(reply, encrypted: encrypted)
            return reply
        } catch WireError.lineTooLong where currentPhase == .greeting {
            throw stop(.protocolError, phase: .greeting, detail: "Its greeting line is longer than 4 KiB.")
        }
    }

    func write(_ text: String) async throws {
        guard let channel else { throw WireError.closed }
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text)).get()
        } catch {
            throw WireError.closed
        }
    }

    func onLoop(_ body: @escaping @Sendable (SMTPClientHandler) -> Void) async throws {
        guard let handler, let channel else { throw WireError.closed }
        try await channel.eventLoop.submit { body(handler.value) }.get()
    }

    func onLoopValue<T: Sendable>(_ body: @escaping @Sendable (SMTPClientHandler) -> T) async throws -> T {
        guard let handler, let channel else { throw WireError.closed }
        return try await channel.eventLoop.submit { body(handler.value) }.get()
    }

    func onLoopFuture<T: Sendable>(_ body: @escaping @Sendable (SMTPClientHandler) -> EventLoopFuture<T>) async throws
        -> T
    {
        guard let handler, let channel else { throw WireError.closed }
        return try await channel.eventLoop.flatSubmit { body(handler.value) }.get()
    }

    static func timeAmount(_ seconds: Double) -> TimeAmount { .milliseconds(Int64(seconds * 1000)) }
}

import NIOCore
import NIOSSL
import NIOTLS

/// Why reading from the server stopped.
enum WireError: Error {
    case timeout
    case closed
    case lineTooLong
    case replyTooLong
    /// A line that is not an SMTP reply, quoted.
    case malformed(String)
    /// A reply that arrived when no command was waiting for one.
    case unsolicited(SMTPReply)
    /// Bytes that arrived after the STARTTLS go-ahead, before TLS.
    case injection(reply: SMTPReply, injected: String)
    case transport(any Error)
}

/// Frames the server's bytes into bounded lines and replies, hands them
/// out one at a time, and performs the STARTTLS switch at the one safe
/// moment: synchronously, right after the 220, with nothing left unread.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    static let maximumLineBytes = ReplyFramer.maximumLineBytes

    private var framer: ReplyFramer
    /// Replies owed: the greeting, then one per command sent.
    private var expected = 1
    private var ready = CircularBuffer<Result<SMTPReply, WireError>>()
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    private var finished: WireError?
    private var tlsUpgrade: (() throws -> NIOSSLClientHandler)?
    private var handshakeWaiter: EventLoopPromise<Void>?
    private var handshakeDone = false
    private var context: ChannelHandlerContext?

    /// `secrets`: every form of the credentials the probe may send.
    init(secrets: [String] = []) {
        framer = ReplyFramer(secrets: secrets)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard finished == nil else { return }
        let buffer = unwrapInboundIn(data)
        framer.append(buffer.readableBytesView)
        processLines(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.transport(error))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent {
            handshakeDone = true
            handshakeWaiter?.succeed(())
            handshakeWaiter = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Called on the event loop by the probe

    /// The next reply, or the reason there is none.
    func nextReply(timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        let eventLoop = context!.eventLoop
        if let first = ready.popFirst() {
            return eventLoop.makeCompletedFuture(first.mapError { $0 as any Error })
        }
        if let finished { return eventLoop.makeFailedFuture(finished) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            if let waiter, waiter.promise.futureResult === promise.futureResult {
                self.waiter = nil
                promise.fail(WireError.timeout)
            }
        }
        waiter = (promise, timer)
        return promise.futureResult
    }

    /// What arrived of a reply that never finished: lines of a multi-line
    /// reply without its last line, and bytes without their line ending.
    func unfinishedReply() -> [UInt8] {
        framer.unfinishedReply
    }

    /// Called before commands are written: `count` more replies are owed
    /// (more than one for a pipelined group). False when the connection
    /// already failed (an unsolicited reply, a hang-up): then the next read
    /// reports why, and nothing is sent.
    func expectReply(_ count: Int = 1) -> Bool {
        guard finished == nil else { return false }
        expected += count
        return true
    }

    /// A secret computed during the session (the CRAM-MD5 response).
    func addSecret(_ form: String) {
        framer.addSecret(form)
    }

    /// Arms the switch to TLS for the reply to STARTTLS.
    func armStartTLS(_ makeHandler: @escaping () throws -> NIOSSLClientHandler) {
        tlsUpgrade = makeHandler
    }

    func handshakeCompleted(timeout: TimeAmount) -> EventLoopFuture<Void> {
        let eventLoop = context!.eventLoop
        if handshakeDone { return eventLoop.makeSucceededVoidFuture() }
        if let finished { return eventLoop.makeFailedFuture(finished) }
        let promise = eventLoop.makePromise(of: Void.self)
        handshakeWaiter = promise
        eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            if !handshakeDone, let waiter = handshakeWaiter, waiter.futureResult === promise.futureResult {
                handshakeWaiter = nil
                promise.fail(WireError.timeout)
            }
        }
        return promise.futureResult
    }

    // MARK: Framing

    private func processLines(context: ChannelHandlerContext) {
        while finished == nil, let event = framer.next() {
            switch event {
            case .lineTooLong: return fail(.lineTooLong)
            case .replyTooLong: return fail(.replyTooLong)
            case .malformed(let line): return fail(.malformed(line))
            case .reply(let reply):
                // Each reply answers one command; one nobody asked for is out
                // of step, and must not be taken as the answer to the next.
                guard expected > 0 else { return fail(.unsolicited(reply)) }
                expected -= 1
                guard let upgrade = tlsUpgrade else {
                    deliver(.success(reply))
                    continue
                }
                tlsUpgrade = nil
                if reply.code == 220 {
                    let early = framer.takeRemaining()
                    if !early.isEmpty {
                        let injected = framer.redact(String(decoding: early.prefix(200), as: UTF8.self))
                        return fail(.injection(reply: reply, injected: injected))
                    }
                    do {
                        try context.pipeline.syncOperations.addHandler(try upgrade(), position: .first)
                    } catch {
                        return fail(.transport(error))
                    }
                }
                deliver(.success(reply))
            }
        }
    }

    private func deliver(_ result: Result<SMTPReply, WireError>) {
        if let waiter {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.completeWith(result.mapError { $0 as any Error })
        } else {
            ready.append(result)
        }
    }

    private func fail(_ error: WireError) {
        guard finished == nil else { return }
        finished = error
        deliver(.failure(error))
        handshakeWaiter?.fail(error)
        handshakeWaiter = nil
        context?.close(promise: nil)
    }
}

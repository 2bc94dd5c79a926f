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
    /// Bytes that arrived after the STARTTLS go-ahead, before TLS.
    case injection(reply: SMTPReply, injected: String)
    case transport(any Error)
}

/// Frames the server's bytes into bounded lines and replies, hands them
/// out one at a time, and performs the STARTTLS switch at the one safe
/// moment: synchronously, right after the 220, with nothing left unread.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    static let maximumLineBytes = 4096
    static let maximumReplyBytes = 65536

    private var pending = ByteBuffer()
    /// The lines of a multi-line reply still waiting for its last line.
    private var unfinishedLines: [UInt8] = []
    private var parser = ReplyParser()
    private var replyBytes = 0
    private var ready = CircularBuffer<Result<SMTPReply, WireError>>()
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>)?
    private var finished: WireError?
    private var tlsUpgrade: (() throws -> NIOSSLClientHandler)?
    private var handshakeWaiter: EventLoopPromise<Void>?
    private var handshakeDone = false
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        pending = context.channel.allocator.buffer(capacity: 512)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard finished == nil else { return }
        var buffer = unwrapInboundIn(data)
        pending.writeBuffer(&buffer)
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
        unfinishedLines + Array(pending.readableBytesView)
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
        while finished == nil {
            guard let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                if pending.readableBytes > Self.maximumLineBytes { fail(.lineTooLong) }
                return
            }
            var bytes = pending.readBytes(length: newline - pending.readerIndex + 1) ?? []
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard bytes.count <= Self.maximumLineBytes else { return fail(.lineTooLong) }
            replyBytes += bytes.count
            guard replyBytes <= Self.maximumReplyBytes else { return fail(.replyTooLong) }
            switch parser.feed(String(decoding: bytes, as: UTF8.self)) {
            case .needMore:
                unfinishedLines += bytes + [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
                continue
            case .malformed(let line):
                return fail(.malformed(line))
            case .reply(let reply):
                replyBytes = 0
                unfinishedLines = []
                guard let upgrade = tlsUpgrade else {
                    deliver(.success(reply))
                    continue
                }
                tlsUpgrade = nil
                if reply.code == 220 {
                    if pending.readableBytes > 0 {
                        let injected = pending.readString(length: min(pending.readableBytes, 200)) ?? ""
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

import NIOCore

/// Connects to the first of the server's addresses that answers, per Happy
/// Eyeballs (RFC 8305): attempts start one after another every `stagger`
/// (250 ms), or at once when the previous one failed, without waiting for an
/// address that does not answer to time out. The first connection wins and
/// every other attempt is closed. Each attempt that failed is kept, in the
/// order it failed, so the report still names every address tried.
final class ConnectionRace: @unchecked Sendable {
    // @unchecked: every mutable field is touched only on `eventLoop`.
    struct Attempt: Sendable {
        /// The connection, or why there is none.
        let channel: EventLoopFuture<any Channel>
        /// Closes the attempt's channel if it exists yet (the initializer has it before the connect ends).
        let abandon: @Sendable () -> Void
    }

    struct Outcome: Sendable {
        var winner: (address: SocketAddress, channel: any Channel)?
        var failures: [(address: SocketAddress, error: any Error)] = []
        /// Attempts still under way when another won: closed, never waited for.
        var abandoned: [SocketAddress] = []
    }

    private let addresses: [SocketAddress]
    private let stagger: TimeAmount
    private let eventLoop: any EventLoop
    private let attempt: @Sendable (SocketAddress) -> Attempt
    private let promise: EventLoopPromise<Outcome>
    private var next = 0
    private var pending: [Int: Attempt] = [:]
    private var timer: Scheduled<Void>?
    private var outcome = Outcome()
    private var done = false

    private init(
        _ addresses: [SocketAddress], stagger: TimeAmount, eventLoop: any EventLoop,
        attempt: @escaping @Sendable (SocketAddress) -> Attempt
    ) {
        self.addresses = addresses
        self.stagger = stagger
        self.eventLoop = eventLoop
        self.attempt = attempt
        promise = eventLoop.makePromise()
    }

    /// Races `addresses` (in Happy Eyeballs order, see `interleaved`).
    static func run(
        _ addresses: [SocketAddress], stagger: TimeAmount = .milliseconds(250), on eventLoop: any EventLoop,
        attempt: @escaping @Sendable (SocketAddress) -> Attempt
    ) async -> Outcome {
        let race = ConnectionRace(interleaved(addresses), stagger: stagger, eventLoop: eventLoop, attempt: attempt)
        eventLoop.execute { race.startNext() }
        return (try? await race.promise.futureResult.get()) ?? Outcome()
    }

    /// RFC 8305 §4: the families alternate, starting with the resolver's first
    /// choice (getaddrinfo already sorted them by RFC 6724).
    static func interleaved(_ addresses: [SocketAddress]) -> [SocketAddress] {
        guard let first = addresses.first else { return [] }
        let firstFamily = addresses.filter { $0.protocol == first.protocol }
        let others = addresses.filter { $0.protocol != first.protocol }
        var ordered: [SocketAddress] = []
        for index in 0..<max(firstFamily.count, others.count) {
            if index < firstFamily.count { ordered.append(firstFamily[index]) }
            if index < others.count { ordered.append(others[index]) }
        }
        return ordered
    }

    private func startNext() {
        timer?.cancel()
        timer = nil
        guard !done else { return }
        guard next < addresses.count else {
            if pending.isEmpty { finish() }
            return
        }
        let index = next
        next += 1
        let started = attempt(addresses[index])
        pending[index] = started
        started.channel.hop(to: eventLoop).whenComplete { result in
            self.ended(index, result)
        }
        if next < addresses.count {
            timer = eventLoop.scheduleTask(in: stagger) { self.startNext() }
        }
    }

    private func ended(_ index: Int, _ result: Result<any Channel, any Error>) {
        pending[index] = nil
        switch result {
        case .success(let channel):
            guard !done else {
                channel.close(promise: nil)
                return
            }
            outcome.winner = (addresses[index], channel)
            finish()
        case .failure(let error):
            guard !done else { return }
            outcome.failures.append((addresses[index], error))
            // A failed attempt does not wait for the stagger: the next one starts now.
            startNext()
        }
    }

    private func finish() {
        done = true
        timer?.cancel()
        timer = nil
        for (index, loser) in pending.sorted(by: { $0.key < $1.key }) {
            outcome.abandoned.append(addresses[index])
            loser.abandon()
        }
        promise.succeed(outcome)
    }
}

import NIOConcurrencyHelpers
import NIOCore

/// Closes the session's connection from any thread, now or as soon as one exists.
final class HangUp: Sendable {
    private let state = NIOLockedValueBox<(channel: (any Channel)?, cancelled: Bool)>((nil, false))
    private let others = NIOLockedValueBox<[any Channel]>([])
    private let expiredFlag = NIOLockedValueBox(false)

    /// The overall time limit ran out: hang up, and say it was a timeout.
    func expire() {
        expiredFlag.withLockedValue { $0 = true }
        cancel()
    }

    var expired: Bool { expiredFlag.withLockedValue { $0 } }

    func cancel() {
        let channel = state.withLockedValue { state -> (any Channel)? in
            state.cancelled = true
            return state.channel
        }
        channel?.close(promise: nil)
        for other in others.withLockedValue({ $0 }) { other.close(promise: nil) }
    }

    /// Another connection of the same test (the TLS check on a silent port, a
    /// connection attempt under way): closed with the first.
    func also(_ channel: any Channel) {
        others.withLockedValue { $0.append(channel) }
        if isCancelled { channel.close(promise: nil) }
    }

    func connected(_ channel: any Channel) {
        let cancelled = state.withLockedValue { state -> Bool in
            state.channel = channel
            return state.cancelled
        }
        if cancelled { channel.close(promise: nil) }
    }

    var isCancelled: Bool { state.withLockedValue { $0.cancelled } }
}

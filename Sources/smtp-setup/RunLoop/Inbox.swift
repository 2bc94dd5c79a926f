import Foundation
import Wizard

/// Messages from other threads (test progress, save results, signals) for
/// the UI thread, which sleeps in `poll` until a byte on this pipe wakes it.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [WizardMessage] = []
    private var signalNumber: Int32?
    private var resized = false
    private var suspend = false
    let readFD: Int32
    private let writeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    func post(_ message: WizardMessage) {
        lock.lock()
        messages.append(message)
        lock.unlock()
        wake()
    }

    func postSignal(_ number: Int32) {
        lock.lock()
        signalNumber = signalNumber ?? number
        lock.unlock()
        wake()
    }

    /// The window changed size (SIGWINCH).
    func postResize() {
        lock.lock()
        resized = true
        lock.unlock()
        wake()
    }

    /// Someone asked the process to stop for a while (SIGTSTP from outside).
    func postSuspend() {
        lock.lock()
        suspend = true
        lock.unlock()
        wake()
    }

    /// What was posted since the last `drain`.
    struct Drained {
        var messages: [WizardMessage]
        /// A stopping signal, if one came.
        var signal: Int32?
        var resized: Bool
        var suspend: Bool
    }

    func drain() -> Drained {
        // A short read emptied the pipe: no second read to hear EAGAIN.
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(readFD, &scratch, scratch.count) == scratch.count {}
        lock.lock()
        defer { lock.unlock() }
        let drained = Drained(messages: messages, signal: signalNumber, resized: resized, suspend: suspend)
        messages = []
        resized = false
        suspend = false
        return drained
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }
}

import Dispatch
import Foundation
import Wizard

/// Messages from other threads (test progress, save results, signals) for
/// the UI thread, which sleeps in `poll` until a byte on this pipe wakes it.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [WizardMessage] = []
    private var signalNumber: Int32?
    private var resized = false
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

    /// Everything posted since the last call, a signal if one came, and
    /// whether the window was resized.
    func drain() -> (messages: [WizardMessage], signal: Int32?, resized: Bool) {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(readFD, &scratch, scratch.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let drained = messages
        let wasResized = resized
        messages = []
        resized = false
        return (drained, signalNumber, wasResized)
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }
}

/// SIGTERM, SIGHUP and SIGINT become a message instead of ncurses' own
/// handlers (which `_exit` without restoring anything). Built outside any
/// actor: Dispatch calls the handlers on its own queue.
enum SignalWatch {
    static let signals = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]

    nonisolated static func install(into inbox: Inbox) -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { inbox.postSignal(number) }
            source.resume()
            return source
        }
        // SIGWINCH may land on any thread; ncurses would only notice at its
        // next read, and the UI thread sleeps in poll until something wakes it.
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        resize.setEventHandler { inbox.postResize() }
        resize.resume()
        sources.append(resize)
        return sources
    }
}

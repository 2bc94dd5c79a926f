/// Cuts the server's bytes into bounded lines and assembles them into
/// replies. Pure (no NIO), so that it can be fuzzed on its own; the channel
/// handler feeds it and acts on what it yields. Every line is redacted of
/// the secrets the probe sends before anything else sees it, so a server
/// that quotes the credentials back never gets them into a report.
struct ReplyFramer {
    enum Event: Equatable {
        case reply(SMTPReply)
        case malformed(String)
        case lineTooLong
        case replyTooLong
    }

    static let maximumLineBytes = 4096
    static let maximumReplyBytes = 65536

    /// Every form of a secret the probe may send, longest first.
    private(set) var secrets: [String] = []
    private var buffer: [UInt8] = []
    private var start = 0
    private var parser = ReplyParser()
    private var replyBytes = 0
    /// The lines of a multi-line reply still waiting for its last line.
    private(set) var unfinishedLines: [UInt8] = []
    private var stopped = false

    init(secrets: [String] = []) { setSecrets(secrets) }

    mutating func setSecrets(_ forms: [String]) {
        secrets = Array(Set(forms.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
    }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet framed into a line.
    var remaining: ArraySlice<UInt8> { buffer[start...] }

    /// Takes out what is left unframed (the bytes a STARTTLS injection sent).
    mutating func takeRemaining() -> [UInt8] {
        let rest = Array(remaining)
        buffer = []
        start = 0
        return rest
    }

    /// The next event, or nil when more bytes are needed. After an error
    /// event it yields nothing more.
    mutating func next() -> Event? {
        guard !stopped else { return nil }
        while true {
            guard let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                if buffer.count - start > Self.maximumLineBytes { return stop(.lineTooLong) }
                compact()
                return nil
            }
            var line = Array(buffer[start..<newline])
            start = newline + 1
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard line.count <= Self.maximumLineBytes else { return stop(.lineTooLong) }
            replyBytes += line.count
            guard replyBytes <= Self.maximumReplyBytes else { return stop(.replyTooLong) }
            let text = redact(String(decoding: line, as: UTF8.self))
            switch parser.feed(text) {
            case .needMore:
                unfinishedLines += Array(text.utf8) + [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
                continue
            case .malformed(let quoted):
                return stop(.malformed(quoted))
            case .reply(let reply):
                replyBytes = 0
                unfinishedLines = []
                return .reply(reply)
            }
        }
    }

    /// `text` with every secret form replaced by `[redacted]`.
    func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingEvery(secret, with: "[redacted]")
        }
        return text
    }

    /// What arrived of a reply that never finished, redacted.
    var unfinishedReply: [UInt8] {
        unfinishedLines + Array(redact(String(decoding: remaining, as: UTF8.self)).utf8)
    }

    private mutating func stop(_ event: Event) -> Event {
        stopped = true
        return event
    }

    private mutating func compact() {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced; Foundation-free, so the framer
    /// builds alone for fuzzing.
    fileprivate func replacingEvery(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

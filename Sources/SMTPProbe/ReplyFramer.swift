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

    /// Every form of a secret the probe may send, longest first, as bytes:
    /// matched byte for byte, so that no combining mark or other Unicode
    /// equivalence can hide one from the search.
    private(set) var secrets: [[UInt8]] = []
    private var buffer: [UInt8] = []
    private var start = 0
    private var parser = ReplyParser()
    private var replyBytes = 0
    /// The lines of a multi-line reply still waiting for its last line.
    private(set) var unfinishedLines: [UInt8] = []
    private var stopped = false

    init(secrets: [String] = []) { setSecrets(secrets) }

    mutating func setSecrets(_ forms: [String]) {
        secrets = Array(Set(forms.filter { !$0.isEmpty })).map { Array($0.utf8) }.sorted { $0.count > $1.count }
    }

    mutating func addSecret(_ form: String) {
        setSecrets(secrets.map { String(decoding: $0, as: UTF8.self) } + [form])
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
            let text = String(decoding: redact(line), as: UTF8.self)
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

    static let redactedMark = Array("[redacted]".utf8)

    /// `bytes` with every secret form replaced by `[redacted]`.
    func redact(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for secret in secrets where secret.count <= bytes.count {
            var result: [UInt8] = []
            var index = 0
            while index < bytes.count {
                if bytes.count - index >= secret.count, bytes[index..<index + secret.count].elementsEqual(secret) {
                    result += Self.redactedMark
                    index += secret.count
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            bytes = result
        }
        return bytes
    }

    func redact(_ text: String) -> String { String(decoding: redact(Array(text.utf8)), as: UTF8.self) }

    /// What arrived of a reply that never finished, redacted.
    var unfinishedReply: [UInt8] {
        unfinishedLines + redact(Array(remaining))
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

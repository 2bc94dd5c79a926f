// Fuzz target: the reply framer and parser, with the terminal-safe quoting
// and the redaction of secrets. Built straight from those sources (they
// import nothing) by Scripts/fuzz; without FUZZING it replays the files
// named on its command line, which is how Scripts/test runs the corpus.

/// What the probe would send: a password and the forms it crosses the wire in.
let password = "S3cr3t-pw"
let secretForms = [password, "UzNjcjN0LXB3", "AG1haWxlcgBTM2NyM3QtcHc="]

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func fuzzOne(_ bytes: [UInt8]) {
    var framer = ReplyFramer(secrets: secretForms)
    // The first byte chooses where the rest is cut into two reads.
    let rest = Array(bytes.dropFirst())
    let cut = bytes.isEmpty ? 0 : min(Int(bytes[0]) * 17, rest.count)
    var events: [ReplyFramer.Event] = []
    for chunk in [rest[..<cut], rest[cut...]] {
        framer.append(chunk)
        while let event = framer.next() { events.append(event) }
    }
    for event in events {
        switch event {
        case .reply(let reply):
            check((200..<600).contains(reply.code), "code \(reply.code)")
            for line in reply.lines {
                // Bounded: an invalid byte decodes to U+FFFD (3 bytes), and "[redacted]" is longer than
                // the shortest secret form, so a line may grow, but never without limit.
                check(line.utf8.count <= 3 * ReplyFramer.maximumLineBytes, "line beyond its bound")
                check(!Array(line.utf8).contains(subsequence: Array(password.utf8)), "secret in a reply")
                check(TerminalSafe.isSafe(TerminalSafe.visible(line)), "visible() left an unsafe character")
            }
            let quoted = TerminalSafe.quote(Array(reply.text.utf8))
            check(TerminalSafe.isSafe(quoted), "quote() left an unsafe character")
            check(quoted.unicodeScalars.count <= 200 * 10 + 1, "quote() not bounded")
            _ = ServerCapabilities(ehlo: reply)
        case .malformed(let line):
            check(!Array(line.utf8).contains(subsequence: Array(password.utf8)), "secret in a malformed line")
            check(TerminalSafe.isSafe(TerminalSafe.quote(Array(line.utf8))), "unsafe quote of a malformed line")
        case .lineTooLong, .replyTooLong:
            break
        }
    }
    let unfinished = framer.unfinishedReply
    check(!unfinished.contains(subsequence: Array(password.utf8)), "secret in an unfinished reply")
    check(TerminalSafe.isSafe(TerminalSafe.quote(unfinished)), "unsafe quote of an unfinished reply")
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains {
            self[$0..<$0 + subsequence.count].elementsEqual(subsequence)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplies(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

#if !FUZZING
    import Foundation

    /// Without libFuzzer: replays the files (or folders of files) named on
    /// the command line, so a plain build keeps the target compiling and
    /// the committed corpus passing.
    @main struct Replay {
        static func main() {
            var replayed = 0
            for path in CommandLine.arguments.dropFirst() {
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
                for file in names.map({ $0.sorted().map { path + "/" + $0 } }) ?? [path] {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    fuzzOne(Array(data))
                    replayed += 1
                }
            }
            print("replayed \(replayed) inputs: no failure")
        }
    }
#endif

import Foundation
import PropertyBased
import SMTPSettings
import TestSupport
import Testing

@testable import SMTPProbe

/// Scalars an attacker would pick, mixed with ordinary text.
let hostileScalars: [Unicode.Scalar] =
    (0x00...0x20).compactMap(Unicode.Scalar.init) + (0x7F...0xA0).compactMap(Unicode.Scalar.init)
    + [
        0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        0x061C, 0xFEFF, 0x0301, 0x059D, 0x5C, 0x41, 0x7A, 0x30, 0x35, 0x2D, 0x2E, 0x40, 0x3A, 0x1F600,
    ]
    .compactMap(Unicode.Scalar.init)

let hostileText = Gen<Unicode.Scalar?>.element(of: hostileScalars).map { $0! }.array(of: 0...40).map {
    String(String.UnicodeScalarView($0))
}

@Suite struct HostileTextProperties {
    @Test func anyBytesFromAServerRenderToTerminalSafeText() async {
        await propertyCheck(count: 500, input: Gen.uint8().array(of: 0...120), hostileText) { bytes, text in
            let received = bytes + Array(text.utf8)
            #expect(TerminalSafe.isSafe(TerminalSafe.quote(received)))
            // As a reply line: framed, parsed, every rendering safe.
            var framer = ReplyFramer(secrets: ["S3cr3t"])
            framer.append(Array("250-".utf8) + received + Array("\r\n250 end\r\n".utf8))
            while let event = framer.next() {
                if case .reply(let reply) = event {
                    for line in reply.rawLines { #expect(TerminalSafe.isSafe(TerminalSafe.visible(line))) }
                    #expect(TerminalSafe.isSafe(TerminalSafe.excerpt(reply.text)))
                }
            }
            let printed = TerminalSafe.printable(String(decoding: received, as: UTF8.self))
            let withoutLineEnds = String(
                String.UnicodeScalarView(printed.unicodeScalars.filter { $0 != "\n" && $0 != "\t" }))
            #expect(TerminalSafe.isSafe(withoutLineEnds))
        }
    }

    @Test func anEchoedSecretIsRedactedWhateverSurroundsIt() async {
        await propertyCheck(count: 300, input: hostileText, hostileText) { before, after in
            var framer = ReplyFramer(secrets: ["S3cr3t-pw"])
            framer.append(Array("535 \(before)S3cr3t-pw\(after)\r\n".utf8))
            guard case .reply(let reply)? = framer.next() else {
                Issue.record("a 535 line did not parse")
                return
            }
            #expect(Data(reply.text.utf8).range(of: Data("S3cr3t-pw".utf8)) == nil, "\(reply.text.debugDescription)")
        }
    }
}

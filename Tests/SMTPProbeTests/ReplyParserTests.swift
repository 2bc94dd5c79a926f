import ProbeModel
import Testing

@testable import SMTPProbe

@Suite struct ReplyParserTests {
    @Test func multiLineReplyWithEnhancedStatus() {
        var parser = ReplyParser()
        #expect(parser.feed("250-mail.example.com") == .needMore)
        #expect(parser.feed("250-AUTH PLAIN LOGIN") == .needMore)
        guard case .reply(let reply) = parser.feed("250 2.0.0 OK") else {
            Issue.record("no reply")
            return
        }
        #expect(reply.code == 250)
        #expect(reply.lines == ["mail.example.com", "AUTH PLAIN LOGIN", "2.0.0 OK"])
        #expect(reply.rawLines == ["250-mail.example.com", "250-AUTH PLAIN LOGIN", "250 2.0.0 OK"])
    }

    /// Found by fuzzing: a combining mark right after the code joined the
    /// third digit into one Character, and reading the code trapped.
    @Test func aCombiningMarkAfterTheCodeIsNoCrash() {
        var parser = ReplyParser()
        #expect(parser.feed("220\u{6EC}-a") == .malformed("220\u{6EC}-a"))
        var second = ReplyParser()
        #expect(second.feed("250 ok\u{301}") == .reply(SMTPReply(code: 250, lines: ["ok\u{301}"])))
    }

    @Test func bareCodeEndsAReply() {
        var parser = ReplyParser()
        #expect(parser.feed("250") == .reply(SMTPReply(code: 250, lines: [""])))
        #expect(parser.feed("354 ") == .reply(SMTPReply(code: 354, lines: [""])))
    }

    @Test func enhancedStatusCodes() {
        #expect(SMTPReply(code: 535, lines: ["5.7.8 Authentication credentials invalid"]).enhancedStatus == "5.7.8")
        #expect(SMTPReply(code: 250, lines: ["OK"]).enhancedStatus == nil)
        #expect(SMTPReply(code: 250, lines: ["2.1.0.1 odd"]).enhancedStatus == nil)
    }

    @Test(arguments: [
        "+OK POP3 ready", "* OK IMAP4rev1", "HTTP/1.1 400 Bad Request", "hello", "25", "2500 x", "650 x", "250x",
    ])
    func nonRepliesAreMalformed(_ line: String) {
        var parser = ReplyParser()
        #expect(parser.feed(line) == .malformed(line))
    }

    @Test func codeMustNotChangeMidReply() {
        var parser = ReplyParser()
        _ = parser.feed("250-first")
        #expect(parser.feed("251 second") == .malformed("251 second"))
    }

    @Test func capabilitiesInBothAuthForms() {
        let reply = SMTPReply(
            code: 250,
            lines: [
                "mx.example.com", "PIPELINING", "SIZE 10240000", "STARTTLS", "AUTH=LOGIN", "AUTH PLAIN LOGIN CRAM-MD5",
            ])
        let capabilities = ServerCapabilities(ehlo: reply)
        #expect(capabilities.startTLS)
        #expect(capabilities.sizeLimit == 10_240_000)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(!ServerCapabilities(ehlo: SMTPReply(code: 250, lines: ["mx", "SIZE"])).startTLS)
    }
}

@Suite struct AuthEncodingTests {
    /// The worked example of RFC 2195, section 2.
    @Test func cramMD5MatchesRFC2195() {
        let response = AuthEncoding.cramMD5(
            user: "tim", password: "tanstaaftanstaaf",
            challengeBase64: "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
        #expect(response == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
        #expect(AuthEncoding.cramMD5(user: "tim", password: "x", challengeBase64: "not base64!") == nil)
    }

    @Test func plainIsAuthzidUserPassword() {
        // base64("\0user\0pass")
        #expect(AuthEncoding.plain(user: "user", password: "pass") == "AHVzZXIAcGFzcw==")
    }
}

@Suite struct TestMessageTests {
    @Test func headersAndDotStuffing() {
        let message = TestMessage(
            from: "app@example.com", fromName: "Our Äpp", to: "admin@example.org", host: "smtp.example.com", port: 587,
            security: "starttls", heloName: "app.example.com")
        let headers = message.headerLines.joined(separator: "\n")
        #expect(headers.contains("From: =?utf-8?B?"))
        #expect(headers.contains("To: <admin@example.org>"))
        #expect(headers.contains("Message-ID: <") && headers.contains("@example.com>"))
        #expect(headers.contains("Date: "))
        #expect(message.bodyLines.joined().contains("smtp.example.com port 587 (security: starttls)"))
        #expect(TestMessage.dotStuffed([".", "..x", "a.b"]) == ["..", "...x", "a.b"])
    }
}

@Suite struct DiagnosisWordingTests {
    private func context(port: Int, phase: ProbePhase = .connect) -> DiagnosisContext {
        DiagnosisContext(
            host: "smtp.example.com", port: port, security: .starttls, authentication: .plain, userName: "u",
            phase: phase)
    }

    @Test func port25TimeoutNamesCloudBlocking() {
        let diagnosis = Diagnosis.make(.connectTimeout, context(port: 25))
        #expect(diagnosis.explanation.contains("block outgoing port 25"))
        #expect(diagnosis.fix.contains("587") && diagnosis.fix.contains("2525"))
        #expect(!Diagnosis.make(.connectTimeout, context(port: 587)).explanation.contains("port 25"))
    }

    @Test func everyClassHasWords() {
        for kind in DiagnosisClass.allCases {
            let diagnosis = Diagnosis.make(kind, context(port: 587))
            #expect(!diagnosis.title.isEmpty && !diagnosis.fix.isEmpty, "\(kind)")
        }
    }

    @Test func mechanismSuggestionNamesWhatIsOffered() {
        var c = context(port: 587, phase: .auth)
        c.authentication = .cramMD5
        c.capabilities = ServerCapabilities(ehlo: SMTPReply(code: 250, lines: ["x", "AUTH LOGIN PLAIN"]))
        let diagnosis = Diagnosis.make(.authMechanismNotOffered, c)
        #expect(diagnosis.explanation.contains("LOGIN, PLAIN"))
        #expect(diagnosis.fix.contains("plain"))
    }
}

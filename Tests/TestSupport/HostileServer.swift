import Foundation

/// One of the lying and hostile servers of `Tests/Support/hostile_server.py`
/// on 127.0.0.1, stopped when the test lets go of it.
public final class HostileServer: @unchecked Sendable {
    public let port: Int
    private let process: RunningProcess

    public init(mode: String, certificate: (pem: String, key: String)? = nil) throws {
        var arguments = [SupportFiles.path("hostile_server.py"), "--mode", mode]
        if let certificate { arguments += ["--cert", certificate.pem, "--key", certificate.key] }
        process = try RunningProcess(
            "/usr/bin/python3", arguments, environment: ["SMTP_TEST_PASSWORD": SMTPTestServer.password])
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let output = process.currentOutput
            if let line = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .first(where: { $0.hasPrefix("READY ") }), let found = Int(line.dropFirst(6))
            {
                port = found
                return
            }
            if !process.isRunning { break }
            usleep(20_000)
        }
        process.kill(SIGKILL)
        throw SetupFailure("hostile server \(mode) did not start: \(process.currentError)")
    }

    /// How many connections the server has accepted so far.
    public var connections: Int {
        process.currentOutput.split(separator: "\n").filter { $0 == "ACCEPTED" }.count
    }

    deinit {
        process.kill(SIGTERM)
        if process.wait(timeout: 5) == nil { process.kill(SIGKILL) }
    }
}

/// What no output of this program may hold: control characters other than
/// line feed and tab, C1 controls, bidirectional overrides and isolates,
/// line and paragraph separators. Returns the first offender, described.
public func firstUnsafeCharacter(_ text: String) -> String? {
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x0A, 0x09: continue
        case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            return "U+\(String(scalar.value, radix: 16, uppercase: true)) in \(text.debugDescription.prefix(400))"
        default: continue
        }
    }
    return nil
}
